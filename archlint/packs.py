"""Where the rule packs are, found without loading any: the built-in pack's name and the packs
installed under the `archlint.rules` entry point. The registry loads them; the findings cache
only needs to know whether they changed."""

from __future__ import annotations

import importlib.util
import os

ENTRY_POINT_GROUP = "archlint.rules"
BUILTIN_PACK = "archlint.rules"


def installed_packs() -> list[tuple[str, str]]:
    """(entry point name, module) of every installed pack other than the built-in one."""
    from importlib.metadata import entry_points

    return [(ep.name, ep.value) for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.value != BUILTIN_PACK]


def installed_packs_fingerprint() -> list:
    """Each installed pack's entry point with every Python file of its module or package, so an
    upgraded or edited pack is seen (a pack inside a package has that package imported)."""
    found = []
    for entry_name, value in installed_packs():
        try:
            spec = importlib.util.find_spec(value.split(":")[0])
        except (ImportError, ValueError):
            spec = None
        if spec is None:
            files: list = []
        elif spec.submodule_search_locations:
            files = [python_files(location) for location in spec.submodule_search_locations]
        else:
            files = [file_stamp(spec.origin)] if spec.origin else []
        found.append([entry_name, value, files])
    return found


def python_files(directory: str) -> list:
    """Every Python file under a directory with its size and modification time."""
    found = []
    for top, subdirectories, names in os.walk(directory):
        subdirectories.sort()
        found += [file_stamp(os.path.join(top, name)) for name in sorted(names) if name.endswith(".py")]
    return found or [directory, os.path.isdir(directory)]


def file_stamp(path: str) -> list:
    """A file's path, size and modification time (None for a file that cannot be read)."""
    try:
        stat = os.stat(path)
    except OSError:
        return [path, None]
    return [path, stat.st_size, stat.st_mtime_ns]


def package_locations(*names: str) -> list[str]:
    """The directories of packages (the built-in pack, archlint's grammar), found without
    importing them."""
    found = []
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        found += list(spec.submodule_search_locations or []) if spec is not None else []
    return found


__all__ = ["BUILTIN_PACK", "ENTRY_POINT_GROUP", "installed_packs", "installed_packs_fingerprint", "package_locations",
           "file_stamp", "python_files"]
