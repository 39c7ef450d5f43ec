"""Reading what the syntax tree does not keep: the raw text of strings, and where brackets are.

The tree gives every node's span; the formatter still needs a label as written (its escapes
untouched) and the braces that open and close a block. A text that has parsed is scanned
from a known position, so this needs only the lexical rules of blanks, comments and strings.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_BLANK = re.compile(r"(?:[ \t\f\r\n]+|#[^\n]*)*")
_STRING = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"')
_OPENERS = {"[": "]", "{": "}"}

Position = tuple[int, int]  # (line, column), 1-based


class Source:
    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.lines = text.split("\n")

    def offset(self, position: Position) -> int:
        return self.line_starts[position[0] - 1] + position[1] - 1

    def position(self, offset: int) -> Position:
        line = bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def next_token(self, offset: int) -> int:
        """The offset of the first character from `offset` on that is neither blank nor comment."""
        return _BLANK.match(self.text, offset).end()

    def string_at(self, offset: int) -> str | None:
        match = _STRING.match(self.text, offset)
        return match.group() if match else None

    def closing(self, offset: int) -> int:
        """The offset of the bracket closing the one at `offset` (strings and comments skipped)."""
        depth, position, text = 0, offset, self.text
        while position < len(text):
            char = text[position]
            if char == '"':
                position = _STRING.match(text, position).end()
                continue
            if char == "#":
                end = text.find("\n", position)
                position = len(text) if end < 0 else end
                continue
            if char in _OPENERS:
                depth += 1
            elif char in "]}":
                depth -= 1
                if depth == 0:
                    return position
            position += 1
        raise ValueError("unbalanced brackets in a text that parsed")

    def blank_between(self, last_line: int, first_line: int) -> bool:
        """Whether a blank line separates two things written on these lines."""
        return any(not self.lines[number - 1].strip() for number in range(last_line + 1, first_line))

