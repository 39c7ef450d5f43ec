"""The designs that include a file: a change to `shared/observability.arch` is checked through
every design of the project that includes it, directly or through other includes.

One walk of each project (the same walk `archlint` with no path makes, with its exclusions),
each design read once and only scanned for `include "..."` lines (not parsed), a reverse index
of who includes whom, and a breadth-first search from the files named: linear in the project.
"""

from __future__ import annotations

import os
import re
from collections import deque
from typing import Iterable

from .config import project_root
from .discovery import Discovery
from .paths import inside, shown
from .sources import SourceUnreadable, read_bytes

_INCLUDE = re.compile(rb'^[ \t]*include[ \t]+"((?:[^"\\\n]|\\.)*)"', re.MULTILINE)


def includers(named: Iterable[str], linted: Iterable[str], discovery: Discovery) -> list[tuple[str, str]]:
    """(design, the named file it includes) for each design of the named files' projects that
    includes one of them and is not linted already, in walk order."""
    named = list(named)
    done = {os.path.realpath(file) for file in linted}
    found: list[tuple[str, str]] = []
    for root in dict.fromkeys(project_root(file) for file in named):
        included_by = _reverse_index(_walk(root, discovery), named)
        for design, cause in _reached(named, included_by):
            if os.path.realpath(design) not in done:
                done.add(os.path.realpath(design))
                found.append((design, cause))
    return found


def _walk(root: str, discovery: Discovery) -> list[str]:
    """The project's designs, named as the user would type them where they lie below the
    working directory."""
    start = inside(root, os.getcwd())
    return discovery.collect([shown(start) if start else root], [])


def _reverse_index(designs: list[str], named: list[str]) -> dict[str, list[str]]:
    """included file (real path) -> the designs that include it. The named files are not read:
    the search starts from them, so what includes them is all it needs, never what they include
    (and a large design named alone is read once, by the lint)."""
    included_by: dict[str, list[str]] = {}
    starts = {os.path.realpath(file) for file in named}
    for design in designs:
        if os.path.realpath(design) in starts:
            continue
        try:
            data = read_bytes(design)  # a regular file of bounded size: a walked FIFO never blocks
        except SourceUnreadable:
            continue  # the lint itself reports what it cannot read
        if b"include" not in data:
            continue
        directory = os.path.dirname(os.path.abspath(design))
        for match in _INCLUDE.finditer(data):
            target = os.fsdecode(match.group(1)).replace('\\"', '"').replace("\\\\", "\\")
            included_by.setdefault(os.path.realpath(os.path.join(directory, target)), []).append(design)
    return included_by


def _reached(named: list[str], included_by: dict[str, list[str]]) -> Iterable[tuple[str, str]]:
    queue = deque((os.path.realpath(file), file) for file in named)
    seen = {real for real, _ in queue}
    while queue:
        real, cause = queue.popleft()
        for design in included_by.get(real, ()):
            design_real = os.path.realpath(design)
            if design_real in seen:
                continue
            seen.add(design_real)
            yield design, cause
            queue.append((design_real, cause))
