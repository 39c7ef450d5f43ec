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

from ..escape import printable
from .summary import listed, summary
from .text import SEVERITY_STYLE, Styled, display_width

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
    severity = finding.severity.value
    styled.add(f"{severity}[{finding.code}]", SEVERITY_STYLE[severity]).add(f" {finding.rule}", "bold")
    styled.add(f": {finding.message}", "bold")
    if finding.suppressed:
        styled.add(f"  (suppressed: {finding.suppression_reason or 'no reason given'})", "dim")
    styled.newline()
    loc = finding.location
    gutter = len(str(min(loc.end_line, loc.line + _MAX_FRAME_LINES - 1)))
    pad = " " * gutter
    styled.add(f"{pad}--> ", "blue").add(f"{loc.file}:{loc.line}:{loc.column}", "cyan").newline()
    if 1 <= loc.line <= len(lines):
        styled.add(f"{pad} |", "blue").newline()
        last = min(loc.end_line, loc.line + _MAX_FRAME_LINES - 1, len(lines))
        for number in range(loc.line, last + 1):
            text = lines[number - 1].replace("\t", " ")
            styled.add(f"{number:>{gutter}} | ", "blue").add(text).newline()
            start = loc.column if number == loc.line else _indent(text) + 1
            end = loc.end_column if number == loc.end_line else len(text) + 1
            if end <= start:
                end = start + 1
            # the caret measured on the line as shown: a control character takes its escape's width
            offset = display_width(printable(text[: start - 1]))
            width = max(1, display_width(printable(text[start - 1 : end - 1])))
            caret_style = SEVERITY_STYLE[severity].replace("bold ", "")
            styled.add(f"{pad} | ", "blue").add(" " * offset + "^" * width, caret_style).newline()
        styled.add(f"{pad} |", "blue").newline()
    if finding.help:
        styled.add(f"{pad} = ", "blue").add("help", "bold").add(f": {finding.help}").newline()
    for related in finding.related:
        where = related.location
        place = where.short() if where.file == loc.file else str(where)
        styled.add(f"{pad} = ", "blue").add("note", "bold").add(f": {related.message} at {place}").newline()
    styled.newline()


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
