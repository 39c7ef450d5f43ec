"""Writing outputs without losing anything: a regular file is replaced whole (a temporary file
beside it, then a rename), keeping its mode and owner; a symlink's target is replaced, not the
link; what is not a regular file (`/dev/null`, `/dev/stdout`, a device, a FIFO) is written
through and stays what it is. Every refusal is an `OutputError` worded for a person.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile


class OutputError(OSError):
    """An output that cannot be written: a directory, a missing directory, no permission."""


def input_at(path: str, inputs) -> str | None:
    """The input that writing to `path` would replace (the same file by any name: a symlink, a
    hard link), or None. Every command checks this first with every file its run read
    (designs, includes, configuration, baseline): nothing the user wrote is overwritten."""
    try:
        target = os.stat(path)
    except (OSError, ValueError):
        return None  # nothing there yet: nothing to lose
    if not stat.S_ISREG(target.st_mode):
        return None  # written through (/dev/null, a pipe): no file is replaced
    for source in inputs:
        if not source:
            continue
        try:
            found = os.stat(source)
        except (OSError, ValueError):
            continue
        if (found.st_dev, found.st_ino) == (target.st_dev, target.st_ino):
            return source
    return None


def write_atomic(path: str, data: str | bytes) -> None:
    """Write `data` to `path`: a reader never sees half a file, and nothing but the content
    changes (see the module's docstring)."""
    payload = data if isinstance(data, bytes) else data.encode("utf-8")
    try:
        existing = os.stat(path)
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as error:
        raise OutputError(f"cannot write `{path}`: {_reason(error)}") from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise OutputError(f"cannot write `{path}`: it is a directory")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_through(path, payload)
        return
    target = os.path.realpath(path)  # a symlink (even a dangling one): replace what it points at
    if existing is not None and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write `{path}`: permission denied")
    directory = os.path.dirname(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix=".archlint-", suffix=".tmp", dir=directory)
    except (OSError, ValueError) as error:
        where = (f"the directory `{os.path.dirname(path) or directory}` does not exist"
                 if isinstance(error, FileNotFoundError) else _reason(error))
        raise OutputError(f"cannot write `{path}`: {where}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
            os.fchmod(handle.fileno(), mode)
            if existing is not None and (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
                except OSError:
                    pass  # not ours to give away: the content is still written
            handle.write(payload)
        os.replace(temporary, target)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise OutputError(f"cannot write `{path}`: {_reason(error)}") from None
        raise


def _write_through(path: str, payload: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise OutputError(f"cannot write `{path}`: {_reason(error)}") from None
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise OutputError(f"cannot write `{path}`: {_reason(error)}") from None
    finally:
        os.close(fd)


def _reason(error: Exception) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, ValueError):
        return "a path cannot hold a NUL character"
    return getattr(error, "strerror", None) or str(error)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
