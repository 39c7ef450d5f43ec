"""Which files a run lints: the paths named, directories walked below, `exclude` applied.

The engine asks for the list and lints it; how a walk finds designs and what it leaves out is
decided here alone.
"""

from __future__ import annotations

import fnmatch
import os
from typing import Callable, Iterable

from . import markdown
from .config import Settings
from .paths import relative


class Discovery:
    """The design files that paths name, under the settings that apply to each directory."""

    def __init__(self, settings_for: Callable[[str], Settings], *, force_exclude: bool = False) -> None:
        self.settings_for = settings_for
        self.force_exclude = force_exclude

    def collect(self, paths: Iterable[str], errors: list[str]) -> list[str]:
        """The design files the paths name: files as given (unless `force_exclude` and excluded),
        directories searched below for `.arch` files (and Markdown files holding ```arch blocks
        where the configuration says `markdown = true`), excluded directories pruned."""
        files: list[str] = []
        for path in paths:
            if self.force_exclude and os.path.lexists(path) and self.excluded(
                    path, self.settings_for(path), ancestors=True):
                continue
            if os.path.isdir(path):
                for directory, subdirs, names in os.walk(path):
                    settings = self.settings_for(directory)
                    subdirs[:] = sorted(d for d in subdirs if not self.excluded(os.path.join(directory, d), settings))
                    for name in sorted(names):
                        file = os.path.join(directory, name)
                        if _wanted(file, settings) and not self.excluded(file, settings):
                            files.append(file)
            elif os.path.lexists(path):
                files.append(path)
            else:
                errors.append(f"{path}: no such file or directory")
        return files

    @staticmethod
    def excluded(path: str, settings: Settings, *, ancestors: bool = False) -> bool:
        """Whether `exclude` or `extend-exclude` names `path` (or, with `ancestors`, a directory
        above it below the configuration's directory), as ruff matches them: a pattern without
        a `/` matches a file or directory name anywhere, one with a `/` the path relative to the
        configuration's directory."""
        patterns = [_pattern(p) for p in settings.exclude + settings.extend_exclude]
        if not patterns:
            return False
        parts = [part for part in relative(path, settings.root or os.getcwd()).split("/")
                 if part not in ("..", ".")]  # outside: from the common root
        candidates = [parts] if not ancestors else [parts[: end] for end in range(len(parts), 0, -1)]
        for candidate in candidates:
            if not candidate:
                continue
            full, name = "/".join(candidate), candidate[-1]
            for pattern in patterns:
                if "/" in pattern:
                    if _glob(full, pattern):
                        return True
                elif fnmatch.fnmatchcase(name, pattern):
                    return True
        return False


def _wanted(file: str, settings: Settings) -> bool:
    if file.endswith(".arch"):
        return True
    return settings.markdown and markdown.is_markdown(file) and markdown.has_arch_blocks(file)


def _pattern(pattern: str) -> str:
    pattern = pattern.replace("\\", "/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.rstrip("/") or pattern


def _glob(relative_path: str, pattern: str) -> bool:
    """A path pattern against a relative path; a leading `**/` also matches at the top."""
    if fnmatch.fnmatchcase(relative_path, pattern):
        return True
    return pattern.startswith("**/") and fnmatch.fnmatchcase(relative_path, pattern[3:])
