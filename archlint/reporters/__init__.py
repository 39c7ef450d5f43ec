"""Reporters: a `LintResult` written for people (full, concise) or machines (json, sarif, ...).

Each format lives in its own module, imported only when chosen, so a plain lint never pays for
the ones it does not use. A reporter module defines `report(result, out, *, color, context)`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

FORMATS = {
    "full": "full",
    "concise": "concise",
    "json": "json_format",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}
MACHINE_FORMATS = frozenset({"json", "json-lines", "sarif", "github", "junit"})


@dataclass
class ReportContext:
    """What a reporter may need beyond the findings: the rule catalogue and the run's options."""

    catalog: object = None  # archlint.selection.Catalog, for rule metadata
    show_suppressed: bool = False
    statistics: bool = False
    fail_on: str = "error"
    extra: dict = field(default_factory=dict)


def reporter(name: str):
    return importlib.import_module(f"{__name__}.{FORMATS[name]}")
