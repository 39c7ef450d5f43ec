"""One line a finding: `path:line:col: CODE [rule] message`, for editors and grep."""

from __future__ import annotations

from .summary import summary
from .text import SEVERITY_STYLE, Styled


def report(result, out, *, color: bool, context) -> None:
    styled = Styled()
    for finding in result.findings:
        if finding.suppressed and not context.show_suppressed:
            continue
        loc = finding.location
        styled.add(f"{loc.file}:{loc.line}:{loc.column}:", "bold").add(" ")
        styled.add(finding.code, SEVERITY_STYLE[finding.severity.value]).add(f" [{finding.rule}] {finding.message}")
        styled.newline()
    summary(styled, result, context)
    styled.write(out, color)
