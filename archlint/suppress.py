"""Inline pragmas: mark the findings they excuse, and report the pragmas that are wrong.

A pragma covers the findings located inside the statement it binds to (a component, an edge
line, a whole group from its header) or, for `ignore-file`, in its file. Fatal language errors
are never suppressed: the design they describe is not the one the author meant.
"""

from __future__ import annotations

from . import codes
from .diagnostics import Finding, did_you_mean
from .model import Pragma


def _covers(pragma: Pragma, finding: Finding) -> bool:
    where = finding.location
    if pragma.file_wide:
        return where.file == pragma.location.file
    scope = pragma.scope
    return scope is not None and where.file == scope.file and scope.line <= where.line <= scope.end_line


def apply_pragmas(
    findings: list[Finding],
    pragmas: tuple[Pragma, ...],
    names: dict[str, str],
    enabled: set[str],
    judged: bool,
) -> list[Finding]:
    """Findings with `suppressed` set where a pragma matches, plus findings about the pragmas.

    `names` maps every known code to its name; `enabled` are the codes that ran; `judged` is
    false when the rules did not run (a broken design), so no pragma can be called unused.
    """
    code_of = {name: code for code, name in names.items()}
    code_of.update({code: code for code in names})
    fatal = codes.FATAL_CODES
    result = list(findings)
    by_code: dict[str, list[int]] = {}
    for index, finding in enumerate(result):
        by_code.setdefault(finding.code, []).append(index)
    extra: list[Finding] = []
    for pragma in pragmas:
        if pragma.reason is None:
            extra.append(codes.diagnostic(
                "suppression-without-reason",
                "this suppression gives no reason",
                pragma.location,
                help="say why after `--`: `# archlint: ignore[rule] -- singleton by design (ADR-012)`",
            ))
        for written in pragma.rules:
            code = code_of.get(written)
            if code is None:
                near = did_you_mean(written, list(code_of))
                extra.append(codes.diagnostic(
                    "invalid-suppression",
                    f"unknown rule `{written}` in suppression" + (f"; did you mean `{near}`?" if near else ""),
                    pragma.location,
                ))
                continue
            used = False
            for index in by_code.get(code, ()):
                finding = result[index]
                if code in fatal or not _covers(pragma, finding):
                    continue
                used = True
                if not finding.suppressed:
                    result[index] = finding.model_copy(
                        update={"suppressed": True, "suppression_reason": pragma.reason}
                    )
            if not used and judged and code in enabled:
                scope = "this file" if pragma.file_wide else "the statement on this line"
                extra.append(codes.diagnostic(
                    "unused-suppression",
                    f"`{written}` is suppressed here but finds nothing in {scope}",
                    pragma.location,
                    help="remove the suppression, or the rule name from it",
                ))
    return result + extra
