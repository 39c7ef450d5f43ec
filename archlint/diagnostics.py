"""Places in source files and the findings that point at them.

This is the bottom layer: the parser, the loader, the rules and the engine all speak in
`Finding`s, so a syntax error and a single point of failure travel the same road to the
reporters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from enum import Enum
from typing import NamedTuple


class Location(NamedTuple):
    """A span in a source file. Lines and columns are 1-based; the end column is exclusive.

    A tuple rather than a model: a large design has hundreds of thousands of them.
    """

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def short(self) -> str:
        """`line:col`, for citing a second place in the same message."""
        return f"{self.line}:{self.column}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def _location(value) -> Location:
    return value if type(value) is Location else Location(*value)


@dataclass(frozen=True, slots=True, kw_only=True)
class Related:
    """A second place that explains a finding (the first declaration of a duplicate, ...)."""

    message: str
    location: Location

    def __post_init__(self) -> None:
        if type(self.location) is not Location:
            object.__setattr__(self, "location", _location(self.location))

    def model_copy(self, *, update: dict | None = None) -> "Related":
        """A copy with some fields changed (the name pydantic gives it, which rule packs use)."""
        return replace(self, **update) if update else self


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One problem at one place.

    Rules fill in `message`, `location`, `element` and optionally `help` and `related`; the
    engine stamps `rule`, `code` and `severity` and decides whether a pragma suppresses it.

    A frozen, slotted dataclass rather than a pydantic model: a large design has tens of
    thousands of findings, and a plain run should not import a validation library for them.
    What the rules give is still normalised: `location` and each related place become a
    `Location`, `related` a tuple, `severity` a `Severity`.
    """

    message: str
    location: Location
    element: str | None = None
    help: str | None = None
    related: tuple[Related, ...] = ()
    rule: str = ""
    code: str = ""
    severity: Severity = Severity.WARNING
    suppressed: bool = False
    suppression_reason: str | None = None

    def __post_init__(self) -> None:
        if type(self.location) is not Location:
            object.__setattr__(self, "location", _location(self.location))
        if type(self.related) is not tuple:
            object.__setattr__(self, "related", tuple(self.related))
        if type(self.severity) is not Severity:
            object.__setattr__(self, "severity", Severity(self.severity))

    def model_copy(self, *, update: dict | None = None) -> "Finding":
        """A copy with some fields changed (the name pydantic gives it, which rule packs use)."""
        return replace(self, **update) if update else self

    def model_dump(self, *, mode: str = "python") -> dict:
        """The fields as a dict; `mode="json"` gives only JSON values (lists, strings)."""
        if mode != "json":
            return {name: getattr(self, name) for name in _FINDING_FIELDS}
        record = {name: getattr(self, name) for name in _FINDING_FIELDS}
        record["location"] = list(self.location)
        record["related"] = [{"message": r.message, "location": list(r.location)} for r in self.related]
        record["severity"] = self.severity.value
        return record

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


# A place cited in a message: `2:13` or `design.arch:2:13` (a file part without blanks, quotes
# or brackets). Matched by hand in one pass: the regular expression that says the same,
# `(?:[^\s`'"()]+:)?\d+:\d+`, backtracks over every start of a long token (cubic in its length).
_TOKEN = re.compile(r"[^\s`'\"()]+")


def without_places(message: str) -> str:
    """A message with its `file:line:col` references blanked, for identities that must survive
    lines moving (baselines, SARIF fingerprints)."""
    if ":" not in message:
        return message
    return _TOKEN.sub(lambda match: _blank_places(match.group()), message)


def _blank_places(token: str) -> str:
    """`token` (no blanks, quotes or brackets) with each place replaced by `#`, leftmost first,
    as the regular expression above would: a file part runs to the last colon that is followed
    by `line:col`."""
    if ":" not in token:
        return token
    size = len(token)
    # where a maximal run of digits starting at i ends, for every i (right to left: linear)
    run_end = [0] * (size + 1)
    run_end[size] = size
    for i in range(size - 1, -1, -1):
        run_end[i] = run_end[i + 1] if token[i].isdecimal() else i

    def line_col_end(i: int) -> int:
        """The end of `line:col` (digits, a colon, digits; greedy) matched at i, or -1."""
        colon = run_end[i]
        if colon == i or colon >= size or token[colon] != ":" or colon + 1 >= size or not token[colon + 1].isdecimal():
            return -1
        return run_end[colon + 1]

    last_file_colon = -1  # the last colon followed by `line:col`
    for i in range(size - 1, -1, -1):
        if token[i] == ":" and i + 1 < size and line_col_end(i + 1) != -1:
            last_file_colon = i
            break
    out = []
    position = 0
    while position < size:
        if last_file_colon >= position + 1:  # `file:line:col` from here
            out.append("#")
            position = line_col_end(last_file_colon + 1)
            continue
        start = position  # else the leftmost `line:col`
        while start < size and line_col_end(start) == -1:
            start = run_end[start] + 1 if token[start].isdecimal() else start + 1
        if start >= size:
            out.append(token[position:])
            break
        out.append(token[position:start])
        out.append("#")
        position = line_col_end(start)
    return "".join(out)


def did_you_mean(word: str, candidates, cutoff: float = 0.6) -> str | None:
    """The closest candidate to a mistyped `word`, or None when nothing is close.

    `candidates` may be a `NearNames` built once, for asking about many words."""
    if isinstance(candidates, NearNames):
        return candidates.near(word, cutoff)
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


class NearNames:
    """Many names, indexed so that finding the one nearest a word costs the same however many
    there are: a design with thousands of undefined references asks thousands of times.

    Up to `SMALL` names every one is compared (difflib, as `did_you_mean`). Beyond, only the
    names one edit away (a character added, dropped or changed, found through the names with one
    character deleted) or sharing the word's first characters compete, at most `PER_KEY` per key."""

    SMALL = 200
    PER_KEY = 16
    LONGEST = 64  # a longer word is compared with the names of its length window only

    def __init__(self, names) -> None:
        self.names = list(names)
        self._index: dict[str, list[str]] | None = None

    def _keys(self, name: str):
        yield "=" + name
        yield "^" + name[:3]
        if len(name) <= self.LONGEST:
            for i in range(len(name)):
                yield "-" + name[:i] + name[i + 1:]

    def _build(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = {}
        for name in self.names:
            for key in self._keys(name):
                bucket = index.setdefault(key, [])
                if len(bucket) < self.PER_KEY:
                    bucket.append(name)
        return index

    def near(self, word: str, cutoff: float = 0.6) -> str | None:
        if len(self.names) <= self.SMALL:
            return did_you_mean(word, self.names, cutoff)
        if self._index is None:
            self._index = self._build()
        keys = ["=" + word, "^" + word[:3], "-" + word]
        if len(word) <= self.LONGEST:
            deleted = [word[:i] + word[i + 1:] for i in range(len(word))]
            keys += ["-" + shorter for shorter in deleted] + ["=" + shorter for shorter in deleted]
        found = dict.fromkeys(name for key in keys for name in self._index.get(key, ()))
        return did_you_mean(word, found, cutoff) if found else None
