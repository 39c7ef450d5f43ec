"""Paths as archlint shows and compares them: relative, with forward slashes, as typed."""

from __future__ import annotations

import os


def relative(path: str, directory: str) -> str:
    """`path` relative to `directory` with forward slashes (`../` when outside it; absolute
    when no relative path exists, as across Windows drives)."""
    try:
        found = os.path.relpath(os.path.abspath(path), os.path.abspath(directory))
    except ValueError:
        found = os.path.abspath(path)
    return found.replace(os.sep, "/")


def inside(path: str, directory: str) -> str | None:
    """`path` relative to `directory` when it lies inside it, else None."""
    found = relative(path, directory)
    if found == ".." or found.startswith("../") or os.path.isabs(found):
        return None
    return found


def shown(path: str) -> str:
    """A walked path as the user would type it: `designs/a.arch`, not `./designs/a.arch`."""
    while path.startswith(("./", "." + os.sep)) and len(path) > 2:
        path = path[2:]
    return path
