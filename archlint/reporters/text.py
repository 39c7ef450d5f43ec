"""Styled text that prints plain or through rich: reporters build it once for both.

Plain output (a pipe, a file, NO_COLOR) never imports rich.
"""

from __future__ import annotations

import unicodedata

from ..escape import printable


class Styled:
    """A list of lines, each a list of (text, style) segments; style names are rich styles."""

    def __init__(self) -> None:
        self.lines: list[list[tuple[str, str]]] = [[]]

    def add(self, text: str, style: str = "") -> "Styled":
        """Append `text` to the current line, its control characters (a newline too: lines
        end only through `newline`) shown as escapes."""
        self.lines[-1].append((printable(text), style))
        return self

    def newline(self) -> "Styled":
        self.lines.append([])
        return self

    def write(self, out, color: bool) -> None:
        if not color:
            out.write("\n".join("".join(text for text, _ in line) for line in self.lines))
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)
        for line in self.lines[:-1] if self.lines and not self.lines[-1] else self.lines:
            text = Text()
            for segment, style in line:
                text.append(segment, style=style or None)
            console.print(text)


def display_width(text: str) -> int:
    """Terminal cells `text` takes: wide East Asian characters take two, combining marks none."""
    if text.isascii():  # one cell each, as the loop below counts them
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


SEVERITY_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
