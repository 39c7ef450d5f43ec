"""The default format: each finding with a code frame and a caret under the place, as ruff does.

    error[R001] single-point-of-failure: database `orders` has 1 replica ...
      --> design.arch:4:10
       |
     4 | database orders "Orders"
       |          ^^^^^^
       |
       = help: run 2 or more replicas across zones, ...
"""

from __future__ import annotations

from .summary import listed, summary
from .text import SEVERITY_STYLE, Styled, shown_width

_MAX_FRAME_LINES = 3


def report(result, out, *, color: bool, context) -> None:
    styled = Styled()
    shown = listed(result, context)
    lines_of: dict[str, list[str]] = {}  # each file split once, however many findings it has
    for finding in shown:
        file = finding.location.file
        if file not in lines_of:
            lines_of[file] = result.sources.get(file, "").split("\n")
        _finding(styled, finding, lines_of[file])
    summary(styled, result, context)
    styled.write(out, color)


def _finding(styled: Styled, finding, lines: list[str]) -> None:
    # Each line in one call of (text, style) segments: a large report has hundreds of thousands.
    severity = finding.severity.value
    style = SEVERITY_STYLE[severity]
    head = [(f"{severity}[{finding.code}]", style), (f" {finding.rule}", "bold"), (f": {finding.message}", "bold")]
    if finding.suppressed:
        head.append((f"  (suppressed: {finding.suppression_reason or 'no reason given'})", "dim"))
    styled.line(*head)
    loc = finding.location
    gutter = len(str(min(loc.end_line, loc.line + _MAX_FRAME_LINES - 1)))
    pad = " " * gutter
    bar, rule = (f"{pad} |", "blue"), (f"{pad} | ", "blue")
    styled.line((f"{pad}--> ", "blue"), (f"{loc.file}:{loc.line}:{loc.column}", "cyan"))
    if 1 <= loc.line <= len(lines):
        styled.line(bar)
        last = min(loc.end_line, loc.line + _MAX_FRAME_LINES - 1, len(lines))
        caret_style = style.replace("bold ", "")
        for number in range(loc.line, last + 1):
            text = lines[number - 1].replace("\t", " ")
            styled.line((f"{number:>{gutter}} | ", "blue"), (text, ""))
            start = loc.column if number == loc.line else _indent(text) + 1
            end = loc.end_column if number == loc.end_line else len(text) + 1
            if end <= start:
                end = start + 1
            # the caret measured on the line as shown: a control character takes its escape's width
            offset = shown_width(text[: start - 1])
            width = max(1, shown_width(text[start - 1 : end - 1]))
            styled.line(rule, (" " * offset + "^" * width, caret_style))
        styled.line(bar)
    equals = (f"{pad} = ", "blue")
    if finding.help:
        styled.line(equals, ("help", "bold"), (f": {finding.help}", ""))
    for related in finding.related:
        where = related.location
        place = where.short() if where.file == loc.file else str(where)
        styled.line(equals, ("note", "bold"), (f": {related.message} at {place}", ""))
    styled.newline()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
