"""Writing files whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import tempfile


def input_at(path: str, inputs) -> str | None:
    """The input that writing to `path` would replace (the same file by any name), or None.

    Every command that writes checks this first: nothing the user wrote is overwritten."""
    target = os.path.realpath(path)
    return next((source for source in inputs if os.path.realpath(source) == target), None)


def write_atomic(path: str, data: str | bytes) -> None:
    """Replace `path` with `data` in one step, so a reader never sees half a file."""
    directory = os.path.dirname(os.path.abspath(path))
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, temporary = tempfile.mkstemp(prefix=".archlint-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""})) as handle:
            handle.write(data)
        try:
            os.chmod(temporary, 0o644 & ~_umask())
        except OSError:
            pass
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
