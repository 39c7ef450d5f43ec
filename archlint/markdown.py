"""Designs inside Markdown: the ```` ```arch ```` fenced blocks of a document.

Each block is a design of its own (a document may show a "before" and an "after"). The loader
reads a block as a text with the document's line count up to the block, every line outside it
blank, and the block's lines as written, so every finding has the line and column it has in the
document and includes resolve relative to the document.

Fences follow CommonMark: three or more backticks or tildes, indented by at most three spaces;
the block ends at a closing fence of the same character at least as long, or at the end of the
document. A block is a design when its info string starts with the word `arch`. Fences of other
languages are skipped whole, so an `arch` fence shown inside a ```` ````markdown ```` block is
not read. Fences nested in block quotes are not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUFFIXES = (".md",)
LANGUAGE = "arch"

_OPENING = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: lines are 1-based; `end` is the last line inside (start - 1 if empty)."""

    fence_line: int
    indent: int
    fence: str  # the opening fence's text, indentation and info string included
    info: str
    start: int
    end: int

    @property
    def is_design(self) -> bool:
        words = self.info.split()
        return bool(words) and words[0] == LANGUAGE


def is_markdown(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


def blocks(text: str) -> list[Block]:
    """Every fenced code block of a Markdown text (newlines already `\\n`), in order."""
    lines = text.split("\n")
    found: list[Block] = []
    number = 0
    while number < len(lines):
        match = _OPENING.match(lines[number])
        number += 1
        if match is None:
            continue
        fence, info = match.group("fence"), match.group("info")
        if fence[0] == "`" and "`" in info:
            continue  # not a fence: an inline code span at the start of a paragraph
        opening_line = number
        closing = re.compile(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}[ \t]*$")
        while number < len(lines) and not closing.match(lines[number]):
            number += 1
        found.append(Block(
            fence_line=opening_line,
            indent=len(match.group("indent")),
            fence=lines[opening_line - 1].rstrip(),
            info=info.strip(),
            start=opening_line + 1,
            end=number,
        ))
        number += 1  # past the closing fence
    return found


def arch_blocks(text: str) -> list[Block]:
    """The blocks that are designs."""
    return [block for block in blocks(text) if block.is_design]


def design_text(text: str, block: Block) -> str:
    """What the loader reads for `block`: blank lines up to it, then its lines as written.

    The block's indentation is kept (whitespace between tokens means nothing in the language),
    so columns are the document's.
    """
    lines = text.split("\n")[block.start - 1 : block.end]
    return "\n" * (block.start - 1) + "\n".join(lines) + "\n"


def has_arch_blocks(path: str) -> bool:
    """Whether the Markdown file at `path` holds a design (False when it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return False
    if LANGUAGE.encode() not in data:
        return False
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return bool(arch_blocks(text))
