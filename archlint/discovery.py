"""Which files a run lints: the paths named, directories walked below, exclusions applied.

The engine asks for the list and lints it; how a walk finds designs and what it leaves out is
decided here alone:

- `exclude` / `extend-exclude` are gitignore patterns (as ruff reads them): `*` stays inside one
  path segment, a pattern without a `/` matches a name at any depth, one with a `/` is anchored
  at the configuration's directory, `**` crosses directories, a trailing `/` means a directory,
  `!` takes a path back;
- in a git repository, what git ignores is left out too (`respect-gitignore`), from git's own
  list;
- a walked file that is a symbolic link to somewhere outside the project is not read (the same
  confinement as includes), and a directory that cannot be read is an error of the run;
- a file named twice (or named and walked) is linted once; walked paths are shown as a user
  types them (`designs/a.arch`, not `./designs/a.arch`).
"""

from __future__ import annotations

import os
import re
import subprocess
from typing import Callable, Iterable

from . import markdown
from .config import Settings, project_root
from .paths import relative, shown


class Discovery:
    """The design files that paths name, under the settings that apply to each directory."""

    def __init__(self, settings_for: Callable[[str], Settings], *, force_exclude: bool = False) -> None:
        self.settings_for = settings_for
        self.force_exclude = force_exclude
        self._excludes: dict[tuple[str, ...], Exclude] = {}

    def collect(self, paths: Iterable[str], errors: list[str]) -> list[str]:
        """The design files the paths name: files as given (unless `force_exclude` and excluded),
        directories searched below for `.arch` files (and Markdown files holding ```arch blocks
        where the configuration says `markdown = true`), excluded directories pruned."""
        files: list[str] = []
        seen: set[str] = set()

        def add(file: str) -> None:
            key = os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                files.append(file)

        for path in paths:
            if self.force_exclude and os.path.lexists(path) and self.excluded(
                    path, self.settings_for(path), ancestors=True):
                continue
            if os.path.isdir(path):
                for file in self._walk(path, errors):
                    add(file)
            elif os.path.lexists(path):
                add(path)
            else:
                errors.append(f"{path}: no such file or directory")
        return files

    def _walk(self, top: str, errors: list[str]) -> Iterable[str]:
        ignored = _git_ignored(top) if self.settings_for(top).respect_gitignore else set()

        def unreadable(error: OSError) -> None:
            errors.append(f"{shown(error.filename or top)}: cannot read the directory: {error.strerror or error}")

        for directory, subdirs, names in os.walk(top, onerror=unreadable):
            settings = self.settings_for(directory)
            subdirs[:] = sorted(
                d for d in subdirs
                if not self.excluded(os.path.join(directory, d), settings, is_dir=True)
                and os.path.abspath(os.path.join(directory, d)) not in ignored
            )
            for name in sorted(names):
                file = os.path.join(directory, name)
                if (not _wanted(file, settings) or self.excluded(file, settings)
                        or os.path.abspath(file) in ignored):
                    continue
                if os.path.islink(file) and not _inside_project(file):
                    errors.append(f"{shown(file)}: a symbolic link to a file outside the project; not read "
                                  "(walked files stay inside the project, as includes do)")
                    continue
                yield shown(file)

    def excluded(self, path: str, settings: Settings, *, is_dir: bool | None = None, ancestors: bool = False) -> bool:
        """Whether `exclude` or `extend-exclude` covers `path` (or, with `ancestors`, a directory
        above it below the configuration's directory: a walk has pruned those already)."""
        key = settings.exclude + settings.extend_exclude
        if not key:
            return False
        matcher = self._excludes.get(key)
        if matcher is None:
            matcher = self._excludes[key] = Exclude(key)
        parts = [part for part in relative(path, settings.root or os.getcwd()).split("/")
                 if part not in ("..", ".", "")]  # outside: from the common root
        if is_dir is None:
            is_dir = os.path.isdir(path)
        if not parts:
            return False
        if ancestors:
            return matcher.covers(parts, is_dir)
        return bool(matcher.matches("/".join(parts), is_dir))


class Exclude:
    """A list of gitignore patterns, compiled once; the last pattern that matches decides."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.rules: list[tuple[re.Pattern, bool, bool]] = []  # regex, directories only, negated
        for pattern in patterns:
            compiled = _compile(pattern)
            if compiled is not None:
                self.rules.append(compiled)

    def matches(self, path: str, is_dir: bool) -> bool | None:
        """True (excluded), False (taken back by `!`) or None (no pattern speaks of it)."""
        verdict = None
        for regex, directories_only, negated in self.rules:
            if directories_only and not is_dir:
                continue
            if regex.match(path):
                verdict = not negated
        return verdict

    def covers(self, parts: list[str], is_dir: bool) -> bool:
        """Whether the path (its segments) or a directory above it is excluded; as in git, a
        path inside an excluded directory cannot be taken back."""
        for end in range(1, len(parts) + 1):
            verdict = self.matches("/".join(parts[:end]), is_dir or end < len(parts))
            if verdict:
                return True
        return False


def _compile(pattern: str) -> tuple[re.Pattern, bool, bool] | None:
    pattern = pattern.replace("\\", "/").strip()
    negated = pattern.startswith("!")
    if negated:
        pattern = pattern[1:]
    while pattern.startswith("./"):
        pattern = pattern[2:]
    directories_only = pattern.endswith("/")
    pattern = pattern.rstrip("/")
    if not pattern:
        return None
    anchored = "/" in pattern
    pattern = pattern.lstrip("/")
    body = _translate(pattern)
    regex = ("" if anchored else "(?:.*/)?") + body + r"\Z"
    return re.compile(regex, re.DOTALL), directories_only, negated


def _translate(pattern: str) -> str:
    """A gitignore glob as a regular expression over a `/`-separated relative path."""
    out: list[str] = []
    index, size = 0, len(pattern)
    while index < size:
        char = pattern[index]
        if pattern.startswith("**/", index) and (index == 0 or pattern[index - 1] == "/"):
            out.append("(?:.*/)?")  # zero or more directories
            index += 3
        elif pattern.startswith("**", index) and index + 2 == size and (index == 0 or pattern[index - 1] == "/"):
            out.append(".*")  # everything inside
            index += 2
        elif char == "*":
            out.append("[^/]*")
            index += 1
        elif char == "?":
            out.append("[^/]")
            index += 1
        elif char == "[":
            end = pattern.find("]", index + 2 if pattern[index + 1:index + 2] in ("!", "^") else index + 1)
            if end == -1:
                out.append(re.escape(char))
                index += 1
                continue
            inner = pattern[index + 1:end]
            if inner[:1] in ("!", "^"):
                inner = "^" + inner[1:]
            out.append("[" + inner.replace("\\", "\\\\") + "]")
            index = end + 1
        elif char == "\\" and index + 1 < size:
            out.append(re.escape(pattern[index + 1]))
            index += 2
        else:
            out.append(re.escape(char))
            index += 1
    return "".join(out)


def _wanted(file: str, settings: Settings) -> bool:
    if file.endswith(".arch"):
        return True
    return settings.markdown and markdown.is_markdown(file) and markdown.has_arch_blocks(file)


def _inside_project(link: str) -> bool:
    root = os.path.realpath(project_root(link))
    target = os.path.realpath(link)
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _git_ignored(top: str) -> set[str]:
    """The files and directories below `top` that git ignores, as absolute paths; empty when
    `top` is not in a work tree or git is not installed. One `git ls-files` per walk."""
    try:
        process = subprocess.run(
            ["git", "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
            cwd=top, capture_output=True, timeout=60, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if process.returncode != 0:
        return set()
    base = os.path.abspath(top)
    return {os.path.normpath(os.path.join(base, os.fsdecode(entry))) for entry in process.stdout.split(b"\0") if entry}
