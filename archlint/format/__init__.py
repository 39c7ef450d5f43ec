"""`archlint format`: designs in one canonical layout, never at the price of what they say.

Only a text that parses is formatted. The result is parsed again and kept only when it is the
same syntax tree (so the same design), every comment is still there, and every pragma binds
to the same statement as before; otherwise `Unsafe` says what would have changed. In Markdown,
only the lines inside ```` ```arch ```` blocks are formatted.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, fields, is_dataclass

from .. import markdown
from ..diagnostics import Finding
from ..loader import load
from ..parser import NESTED_LIST, parse
from ..syntax import Attr
from ..sources import SourceUnreadable, normalize_newlines
from .layout import format_tree
from .source import Source

__all__ = ["NotParsed", "Unsafe", "format_text", "format_markdown", "format_document"]


class NotParsed(Exception):
    """The text does not parse: nothing is formatted. `findings` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(findings[0].message if findings else "syntax error")
        self.findings = findings


class Unsafe(Exception):
    """The layout would have changed what the text says; the text is left as it was."""


def format_text(text: str, file: str = "<stdin>") -> str:
    """One design's text in the canonical layout (newlines `\\n`)."""
    text = normalize_newlines(text)
    parsed = parse(text, file)
    if parsed.tree is None:
        raise NotParsed([f for f in parsed.errors if f.code == "L001"] or parsed.errors)
    _within_depth(parsed.tree.statements, file)
    _nested_lists_as_written(parsed.tree.statements, text)
    formatted = format_tree(parsed.tree, text)
    if formatted != text:
        _verify(text, formatted, file)
    return formatted


@dataclass
class MarkdownResult:
    text: str
    problems: list[Exception]  # a `NotParsed` or `Unsafe` per block left as it was


def format_markdown(text: str, file: str = "<stdin>") -> MarkdownResult:
    """A Markdown document with each arch block formatted; every other line as it was.

    A block that does not parse, or would change, is left as written and listed in `problems`.
    """
    text = normalize_newlines(text)
    lines = text.split("\n")
    problems: list[Exception] = []
    for block in reversed(markdown.arch_blocks(text)):
        if block.end >= len(lines):
            continue  # a fence never closed: where the design ends is a guess, so leave it
        try:
            formatted = format_text(markdown.design_text(text, block), file)
        except (NotParsed, Unsafe) as problem:
            problems.append(problem)
            continue
        margin = " " * block.indent
        lines[block.start - 1:block.end] = [margin + line if line else "" for line in formatted.split("\n")[:-1]]
    problems.reverse()
    return MarkdownResult("\n".join(lines), problems)


def format_document(text: str, file: str) -> MarkdownResult:
    """A design file or a Markdown document, by the file's name."""
    if markdown.is_markdown(file):
        return format_markdown(text, file)
    try:
        return MarkdownResult(format_text(text, file), [])
    except (NotParsed, Unsafe) as problem:
        return MarkdownResult(normalize_newlines(text), [problem])


MAX_DEPTH = 100  # blocks nested deeper are left as written: the layout recurses per level


def _within_depth(statements, file: str) -> None:
    """Unsafe, naming where, when blocks nest deeper than MAX_DEPTH (a walk, not recursion)."""
    stack = [(node, 1) for node in statements]
    while stack:
        node, depth = stack.pop()
        body = getattr(node, "body", None) or []
        if body and depth > MAX_DEPTH:
            line, column = node.span[:2]
            raise Unsafe(f"{file}:{line}:{column}: blocks nested more than {MAX_DEPTH} deep; "
                         "the formatter takes at most that many levels; left as it was")
        stack.extend((child, depth + 1) for child in body)


def _nested_lists_as_written(statements, text: str) -> None:
    """A list inside a list (an `invalid-value`) is parsed as the placeholder `[...]`, which
    keeps deep nesting linear; the formatter writes such a value as the source has it."""
    source = None
    stack = list(statements)
    while stack:
        node = stack.pop()
        for attr in [node] if isinstance(node, Attr) else getattr(node, "attrs", None) or []:
            if attr.value.text == NESTED_LIST:
                source = source or Source(text)
                span = attr.value.span
                attr.value.text = text[source.offset(span[:2]):source.offset(span[2:])]
        stack.extend(getattr(node, "body", None) or [])


# --- the safety check -------------------------------------------------------------------------

def _verify(before: str, after: str, file: str) -> None:
    old, new = parse(before, file), parse(after, file)
    if new.tree is None:
        raise Unsafe(f"{file}: the formatted text does not parse ({new.errors[0].message}); left as it was")
    if _shape(old.tree.statements) != _shape(new.tree.statements):
        raise Unsafe(f"{file}: formatting would change the design; left as it was")
    if Counter(c.text.rstrip() for c in old.tree.comments) != Counter(c.text.rstrip() for c in new.tree.comments):
        raise Unsafe(f"{file}: formatting would lose or change a comment; left as it was")
    if _bindings(before, old.tree.statements, file) != _bindings(after, new.tree.statements, file):
        raise Unsafe(f"{file}: formatting would move a suppression to another statement; left as it was")


def _shape(node):
    """A node without its positions: two texts with equal shapes say the same thing."""
    if isinstance(node, list):
        return tuple(_shape(child) for child in node)
    if is_dataclass(node):
        return (type(node).__name__, *(_shape(getattr(node, f.name)) for f in fields(node) if not f.name.endswith("span")))
    return node


def _bindings(text: str, statements, file: str) -> list:
    """Each pragma as the loader reads it, with the statement it binds to by its order in the file."""
    order: dict[tuple[int, int], int] = {}
    stack = list(reversed(statements))
    while stack:
        node = stack.pop()
        order.setdefault(node.span[:2], len(order))
        stack.extend(reversed(getattr(node, "body", None) or []))
    loaded = load(file, text, reader=_no_includes)
    bound = [(p.rules, p.reason, p.file_wide, p.scope and order.get((p.scope.line, p.scope.column)))
             for p in loaded.design.pragmas]
    unbound = sum(1 for f in loaded.findings if f.code == "N003")
    return [bound, unbound]


def _no_includes(path: str) -> str:
    raise SourceUnreadable(f"{path}: not read while formatting")
