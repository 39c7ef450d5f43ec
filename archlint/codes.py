"""The diagnostics of the language itself (codes `L…`) and of suppression pragmas (`N…`).

They are reported by the parser, the loader and the engine rather than by rule plugins, but
they are listed, selected and documented like rules so that a user meets one vocabulary.
"""

from __future__ import annotations

from typing import NamedTuple

from .diagnostics import Finding, Location, Related, Severity


class BuiltinDiagnostic(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    # A design with this problem is not what its author meant: it cannot be ignored, and the
    # design rules do not run on it (they would judge a different design).
    fatal: bool

    @property
    def category(self) -> str:
        """Listed and selected like a rule's category: `language` (L codes) or `suppression`."""
        return "language" if self.code.startswith("L") else "suppression"


_ALL = [
    BuiltinDiagnostic("L001", "syntax-error", Severity.ERROR, "the text is not valid archlint", True),
    BuiltinDiagnostic("L002", "undefined-reference", Severity.ERROR, "an edge or attribute names an id that is not declared", True),
    BuiltinDiagnostic("L003", "duplicate-id", Severity.ERROR, "two components or groups share one id", True),
    # Not fatal: the first declaration stands, so the design is still the one the author meant.
    BuiltinDiagnostic("L004", "duplicate-edge", Severity.ERROR, "the same (from, to, arrow) written again with a conflicting attribute value", False),
    BuiltinDiagnostic("L005", "unknown-kind", Severity.ERROR, "a component kind that archlint does not know", True),
    BuiltinDiagnostic("L006", "unknown-attribute", Severity.WARNING, "an attribute that archlint does not know", False),
    BuiltinDiagnostic("L007", "invalid-value", Severity.ERROR, "an attribute value of the wrong type or out of range", True),
    BuiltinDiagnostic("L008", "include-error", Severity.ERROR, "an include that is missing, a directory, outside the project, a cycle or nested too deep", True),
    BuiltinDiagnostic("L009", "duplicate-attribute", Severity.ERROR, "the same attribute set twice on one element", True),
    BuiltinDiagnostic("N001", "suppression-without-reason", Severity.WARNING, "an `archlint: ignore` pragma that gives no reason", False),
    BuiltinDiagnostic("N002", "unused-suppression", Severity.WARNING, "an `archlint: ignore` pragma that suppresses nothing", False),
    BuiltinDiagnostic("N003", "invalid-suppression", Severity.WARNING, "a pragma that is malformed, names an unknown rule, or binds to no statement", False),
]

BY_NAME: dict[str, BuiltinDiagnostic] = {d.name: d for d in _ALL}
FATAL_CODES: frozenset[str] = frozenset(d.code for d in _ALL if d.fatal)
BY_CODE: dict[str, BuiltinDiagnostic] = {d.code: d for d in _ALL}


def diagnostic(
    name: str,
    message: str,
    location: Location,
    *,
    element: str | None = None,
    help: str | None = None,
    related: tuple[Related, ...] = (),
) -> Finding:
    """A finding of one of the built-in diagnostics, already stamped with code and severity."""
    spec = BY_NAME[name]
    return Finding(
        message=message,
        location=location,
        element=element,
        help=help,
        related=related,
        rule=spec.name,
        code=spec.code,
        severity=spec.severity,
    )


def all_builtin() -> list[BuiltinDiagnostic]:
    return list(_ALL)
