"""Styled text that prints plain or through rich: reporters build it once for both.

Plain output (a pipe, a file, NO_COLOR) never imports rich.
"""

from __future__ import annotations

import unicodedata

from ..escape import printable, printable_lines


class Styled:
    """A list of lines, each a list of (text, style) segments; style names are rich styles.

    The text is kept as given and made safe when written (`printable`: control characters,
    a newline inside a segment too, shown as escapes; lines end only through `newline`): a
    large report has hundreds of thousands of segments, and one scan of the whole plain text
    costs less than one per segment."""

    def __init__(self) -> None:
        self._line: list[tuple[str, str]] = []
        self.lines: list[list[tuple[str, str]]] = [self._line]

    def add(self, text: str, style: str = "") -> "Styled":
        """Append `text` to the current line."""
        self._line.append((text, style))
        return self

    def line(self, *segments: tuple[str, str]) -> "Styled":
        """End the current line with these (text, style) segments: a whole line in one call."""
        self._line.extend(segments)
        return self.newline()

    def newline(self) -> "Styled":
        self._line = []
        self.lines.append(self._line)
        return self

    def write(self, out, color: bool) -> None:
        if not color:
            texts = ["".join([text for text, _ in line]) for line in self.lines]
            whole = "\n".join(texts)
            if whole.count("\n") == len(texts) - 1:  # no segment holds a line break of its own
                out.write(printable_lines(whole))
            else:
                out.write("\n".join(map(printable, texts)))
            return
        from rich.console import Console
        from rich.text import Text

        console = Console(file=out, force_terminal=True, highlight=False, soft_wrap=True)
        for line in self.lines[:-1] if self.lines and not self.lines[-1] else self.lines:
            text = Text()
            for segment, style in line:
                text.append(printable(segment), style=style or None)
            console.print(text)


def shown_width(text: str) -> int:
    """Terminal cells `text` takes as shown: `display_width` of its `printable` form."""
    if text.isascii() and text.isprintable():  # nothing to escape, one cell a character
        return len(text)
    return display_width(printable(text))


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
