"""Places in source files and the findings that point at them.

This is the bottom layer: the parser, the loader, the rules and the engine all speak in
`Finding`s, so a syntax error and a single point of failure travel the same road to the
reporters.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict


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


class Related(BaseModel):
    """A second place that explains a finding (the first declaration of a duplicate, ...)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    message: str
    location: Location


class Finding(BaseModel):
    """One problem at one place.

    Rules fill in `message`, `location`, `element` and optionally `help` and `related`; the
    engine stamps `rule`, `code` and `severity` and decides whether a pragma suppresses it.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

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

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)


_PLACE = re.compile(r"(?:[^\s`'\"()]+:)?\d+:\d+")


def without_places(message: str) -> str:
    """A message with its `file:line:col` references blanked, for identities that must survive
    lines moving (baselines, SARIF fingerprints)."""
    return _PLACE.sub("#", message)


def did_you_mean(word: str, candidates, cutoff: float = 0.6) -> str | None:
    """The closest candidate to a mistyped `word`, or None when nothing is close."""
    import difflib

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None
