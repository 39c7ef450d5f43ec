"""A progress bar on stderr while many files are linted, for people watching a terminal.

Shown only when all of these hold: more than `MIN_FILES` files, a report for people (the
reporters' `HUMAN_FORMATS`), and stderr a terminal (not `TERM=dumb`). It is transient: it
disappears when the run ends, so the report reads the same with or without it. rich is imported only to draw it.
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator, Mapping

MIN_FILES = 20


def wanted(count: int, for_people: bool, stream, environ: Mapping[str, str] | None = None) -> bool:
    """Whether to show a progress bar for linting `count` files into a report `for_people`."""
    environ = os.environ if environ is None else environ
    if count <= MIN_FILES or not for_people:
        return False
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed stream
        return False


def bar(stream, *, for_people: bool):
    """A `progress` callable for `Linter.lint_paths`: the files as given, with a bar drawn on
    `stream` while they are consumed when `wanted` says so."""

    def wrap(files: list[str]) -> Iterable[str]:
        if not wanted(len(files), for_people, stream):
            return files
        return _track(files, stream)

    return wrap


def _track(files: list[str], stream) -> Iterator[str]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream)
    columns = (TextColumn("Linting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("lint", total=len(files))
        for file in files:
            yield file
            progress.advance(task)
