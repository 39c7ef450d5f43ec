"""Reporters: a `LintResult` written for people (full, concise) or machines (json, sarif, ...).

Each format lives in its own module, imported only when chosen, so a plain lint never pays for
the ones it does not use. A reporter module satisfies `Reporter`: it defines
`report(result, out, *, color, context)`. To add a format: the module, and one line in `FORMATS`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from ..linter import LintResult
    from ..selection import Catalog


@dataclass(frozen=True)
class Format:
    module: str  # the reporter module in this package
    for_people: bool  # coloured on a terminal, with a summary and a progress bar
    # Describes the run's rules (SARIF's rule descriptors), so it needs the rule catalogue even
    # when every design was answered from the cache without loading a rule.
    describes_rules: bool = False


FORMATS = {
    "full": Format("full", for_people=True),
    "concise": Format("concise", for_people=True),
    "json": Format("json_format", for_people=False),
    "json-lines": Format("json_lines", for_people=False),
    "sarif": Format("sarif", for_people=False, describes_rules=True),
    "github": Format("github", for_people=False),
    "junit": Format("junit", for_people=False),
}
HUMAN_FORMATS = frozenset(name for name, fmt in FORMATS.items() if fmt.for_people)
MACHINE_FORMATS = frozenset(FORMATS) - HUMAN_FORMATS


@dataclass(frozen=True)
class ReportContext:
    """What a reporter may need beyond the findings: the rule catalogue and the run's options."""

    catalog: Catalog | None = None  # rule metadata (SARIF's rule descriptors)
    enabled: frozenset[str] | None = None  # the codes that ran; None: every code the catalogue knows
    show_suppressed: bool = False
    statistics: bool = False  # the table of counts per rule, instead of the findings
    fail_on: str = "error"


class Reporter(Protocol):
    """A format: what a reporter module provides."""

    def report(self, result: LintResult, out: TextIO, *, color: bool, context: ReportContext) -> None: ...


def reporter(name: str) -> Reporter:
    return importlib.import_module(f"{__name__}.{FORMATS[name].module}")
