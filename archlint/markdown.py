"""Designs inside Markdown: the ```` ```arch ```` fenced blocks of a document.

Fences are found as a CommonMark parser finds them (markdown-it-py, imported only when a
Markdown file is read): in list items and block quotes too, never inside another code block,
a fence ending where CommonMark ends it (its closing fence, the end of its container, or the
end of the document). This is the one fence scanner of the project: the linter, the formatter,
the rule docs' examples and the docs generator use it.

A block is a design when its info string starts with the word `arch`; the word after it, if
any, is the block's name (```` ```arch checkout ````), which `render --block` accepts. Each
block is a design of its own (a document may show a "before" and an "after"). The loader reads
a block's lines with whatever holds them in place (the `>` of a quote, a list item's indent)
turned into spaces, so every finding keeps the line and column it has in the document.
"""

from __future__ import annotations

from dataclasses import dataclass

SUFFIXES = (".md",)
LANGUAGE = "arch"


@dataclass(frozen=True)
class Block:
    """One fenced block: lines are 1-based; `end` is the last line inside (start - 1 if empty)."""

    fence_line: int
    indent: int  # the column (0-based) where the opening fence starts
    fence: str  # the opening fence's line as written, up to the end of its info string
    info: str
    start: int
    end: int
    lines: tuple[str, ...] = ()  # the content lines, their containers' marks turned into spaces
    closed: bool = True  # False when the document or the container ends before a closing fence
    heading: str | None = None  # the text of the nearest heading above the block

    @property
    def is_design(self) -> bool:
        words = self.info.split()
        return bool(words) and words[0] == LANGUAGE

    @property
    def name(self) -> str | None:
        """The word after `arch` in the info string, if any."""
        words = self.info.split()
        return words[1] if len(words) > 1 else None

    @property
    def language(self) -> str | None:
        words = self.info.split()
        return words[0] if words else None


def is_markdown(path: str) -> bool:
    return path.lower().endswith(SUFFIXES)


_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark")
        parser.core.ruler.disable(["inline", "text_join"])  # blocks are all a fence scanner needs
        _PARSER = parser
    return _PARSER


def blocks(text: str) -> list[Block]:
    """Every fenced code block of a Markdown text (newlines already `\\n`), in order."""
    doc = text.split("\n")
    found: list[Block] = []
    heading: str | None = None
    tokens = _parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and index + 1 < len(tokens):
            heading = tokens[index + 1].content.strip()
            continue
        if token.type != "fence" or token.map is None:
            continue
        first, after = token.map
        content = token.content.split("\n") if token.content else []
        if content and content[-1] == "":
            content.pop()  # the newline that ends the last line
        start = first + 2
        opening = doc[first]
        column = opening.find(token.markup)
        lines = tuple(_in_place(doc[start - 1 + offset], line) for offset, line in enumerate(content))
        found.append(Block(
            fence_line=first + 1,
            indent=max(column, 0),
            fence=opening.rstrip(),
            info=token.info.strip(),
            start=start,
            end=start + len(content) - 1,
            lines=lines,
            closed=after - first == len(content) + 2,
            heading=heading,
        ))
    return found


def _in_place(written: str, content: str) -> str:
    """A content line at its column of the document: what precedes it (`> `, indentation) as
    spaces. A line the parser rewrote (tabs expanded) is taken as written, with marks blanked."""
    if written.endswith(content):
        return " " * (len(written) - len(content)) + content
    return content


def arch_blocks(text: str) -> list[Block]:
    """The blocks that are designs."""
    return [block for block in blocks(text) if block.is_design]


def block_text(block: Block) -> str:
    """What the linter's loader reads for `block`: one blank line, then its lines in their
    columns. The blank first line keeps "the start of the file", where the loader puts findings
    about a design as a whole, apart from the block's first line; `line_shift` maps lines back.
    Its size is the block's, whatever precedes it: N blocks cost N blocks, not N documents."""
    return "\n" + "\n".join(block.lines) + "\n"


def line_shift(block: Block) -> int:
    """What to add to a line of `block_text(block)` to get the document's line."""
    return block.start - 2


def design_text(text: str, block: Block) -> str:
    """The block as a text in the document's coordinates: blank lines up to it, then its lines
    in their columns (for tools that want no shift, such as the formatter)."""
    return "\n" * (block.start - 1) + "\n".join(block.lines) + "\n"


def describe(number: int, block: Block) -> str:
    """`2 (line 14, `checkout`, under "After the review")`: how a block is told apart."""
    parts = [f"line {block.fence_line}"]
    if block.name:
        parts.append(f"`{block.name}`")
    if block.heading:
        parts.append(f'under "{block.heading}"')
    return f"{number} ({', '.join(parts)})"


def pick(designs: list[Block], key: str) -> Block:
    """The block `key` names: its number (1 for the first arch block), the name after `arch`
    in its info string, or the heading it sits under. LookupError says what there is."""
    if key.isdigit():
        number = int(key)
        if 1 <= number <= len(designs):
            return designs[number - 1]
    else:
        for attribute in ("name", "heading"):
            matches = [b for b in designs if (getattr(b, attribute) or "").casefold() == key.casefold()]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise LookupError(f"{len(matches)} blocks match `{key}`; give a number: "
                                  + "; ".join(describe(designs.index(b) + 1, b) for b in matches))
    choices = "; ".join(describe(number, b) for number, b in enumerate(designs, start=1))
    raise LookupError(f"no arch block `{key}`; the blocks are {choices}")


def has_arch_blocks(path: str) -> bool:
    """Whether the Markdown file at `path` holds a design (False when it cannot be read)."""
    from .sources import SourceUnreadable, read_bytes

    try:
        data = read_bytes(path)
    except SourceUnreadable:
        return False
    if LANGUAGE.encode() not in data:
        return False
    text = data.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    return bool(arch_blocks(text))
