"""One line a finding: `path:line:col: CODE [rule] message`, for editors and grep.

The help of a language diagnostic (a syntax error's "did you mean", how to quote a value) is
the point of it, so it stays, after the message: `... (help: ...)`. A rule's help (how to fix
the design) is left to the full format.
"""

from __future__ import annotations

from .. import codes
from .summary import listed, summary
from .text import SEVERITY_STYLE, Styled


def report(result, out, *, color: bool, context) -> None:
    styled = Styled()
    for finding in listed(result, context):
        loc = finding.location
        styled.add(f"{loc.file}:{loc.line}:{loc.column}:", "bold").add(" ")
        styled.add(finding.code, SEVERITY_STYLE[finding.severity.value]).add(f" [{finding.rule}] {finding.message}")
        if finding.help and _language(finding.code):
            styled.add(f" (help: {finding.help})", "dim")
        styled.newline()
    summary(styled, result, context)
    styled.write(out, color)


def _language(code: str) -> bool:
    builtin = codes.BY_CODE.get(code)
    return builtin is not None and builtin.category == "language"
