"""The canonical layout of one parsed file: statements, their comments, and the lines they make.

Three steps. `_build` turns the syntax tree into items (statements, or the attributes of a
component's block) inside containers (the file, a group's body, a block). `_place` gives every
comment an owner by where it stands: inside a statement (interior), after the last thing on
its line (trailing), after a `{` (on the header line), or on a line of its own (leading the
next item, or closing its container). `_render` writes the lines and aligns the columns of a
run of declarations.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from ..syntax import Attr, Comment, ComponentNode, EdgeNode, FileTree, GroupNode, IncludeNode, SloNode, TitleNode
from .source import Position, Source

INDENT = "  "
PRAGMA_PREFIX = "archlint"


@dataclass
class _Container:
    items: list["_Item"]
    open: Position | None = None  # the `{`; None for the file
    close: Position | None = None  # the `}`
    pending: list[Comment] = field(default_factory=list)  # comments inside, not yet placed
    header: list[Comment] = field(default_factory=list)  # after the `{`, on its line
    own: list[Comment] = field(default_factory=list)  # on lines of their own

    def holds(self, where: Position) -> bool:
        return self.open is not None and self.open < where < self.close


@dataclass
class _Item:
    node: Any  # a statement node, or an `Attr` of a block
    start: Position
    end: Position  # exclusive
    label: str | None = None  # as written, quotes and escapes included
    attrs: list[Attr] = field(default_factory=list)  # the bracketed list
    body: _Container | None = None  # a group's body or a component's block
    interior: list[Comment] = field(default_factory=list)
    trailing: list[Comment] = field(default_factory=list)


@dataclass
class _Line:
    depth: int
    text: str = ""
    comment: str | None = None
    blank: bool = False
    columns: tuple | None = None  # a declaration in a run: aligned before `text` is set


def format_tree(tree: FileTree, text: str) -> str:
    """The file `text` (which parsed to `tree`) in the canonical layout."""
    source = Source(text)
    root = _Container([_build(node, source) for node in tree.statements])
    root.pending = sorted(tree.comments, key=lambda c: (c.line, c.column))
    _place(root)
    lines = _render(root, 0, source)
    _align_comments(lines)
    out = []
    for line in lines:
        if line.blank:
            out.append("")
        body = INDENT * line.depth + line.text if line.text else INDENT * line.depth
        if line.comment is not None:
            body = f"{body}  {line.comment}" if line.text else body + line.comment
        out.append(body)
    return "\n".join(out) + "\n" if out else ""


def _align_comments(lines: list[_Line]) -> None:
    """Trailing comments of consecutive lines at one depth start in one column (a line that opens
    or closes a block stands alone)."""
    run: list[_Line] = []
    for line in lines + [_Line(-1)]:
        alignable = line.text and line.comment is not None and not line.text.endswith(("{", "}"))
        if alignable and not line.blank and run and line.depth == run[0].depth:
            run.append(line)
            continue
        width = max((len(member.text) for member in run), default=0)
        for member in run:
            member.text = member.text.ljust(width)
        run = [line] if alignable else []


# --- items ------------------------------------------------------------------------------------

def _build(node, source: Source) -> _Item:
    start, end = (node.span[0], node.span[1]), (node.span[2], node.span[3])
    item = _Item(node, start, end)
    if isinstance(node, (ComponentNode, GroupNode)):
        at = source.next_token(source.offset(node.id_span[2:]))
        item.label = source.string_at(at)
        if item.label is not None:
            at = source.next_token(at + len(item.label))
        block_attrs = node.attrs
        if source.text[at:at + 1] == "[":
            close = source.closing(at)
            item.attrs = [a for a in node.attrs if source.offset(a.name_span[:2]) < close]
            block_attrs = node.attrs[len(item.attrs):]
            at = source.next_token(close + 1)
        if isinstance(node, GroupNode):
            item.body = _Container([_build(child, source) for child in node.body], source.position(at), _last(end))
        elif at < source.offset(end) and source.text[at] == "{":
            item.body = _Container([_Item(a, a.name_span[:2], a.value.span[2:]) for a in block_attrs],
                                   source.position(at), _last(end))
    elif isinstance(node, EdgeNode):
        at = source.next_token(source.offset(node.stages[-1][-1].span[2:]))
        item.label = source.string_at(at) if node.label is not None else None
        item.attrs = node.attrs
    elif isinstance(node, (TitleNode, IncludeNode)):
        item.label = source.string_at(source.next_token(source.offset(start) + len(_keyword(node))))
    elif isinstance(node, SloNode):
        item.attrs = node.attrs
    return item


def _last(end: Position) -> Position:
    return end[0], end[1] - 1


def _keyword(node) -> str:
    return "title" if isinstance(node, TitleNode) else "include"


# --- comments ---------------------------------------------------------------------------------

def _place(container: _Container) -> None:
    items = container.items
    starts = [item.start for item in items]
    for comment in container.pending:
        where = (comment.line, comment.column)
        index = bisect_left(starts, where) - 1  # the last item starting before the comment
        if index >= 0 and where < items[index].end:
            item = items[index]
            if item.body is not None and item.body.holds(where):
                item.body.pending.append(comment)
            else:
                item.interior.append(comment)
            continue
        on_line = []
        while index >= 0 and items[index].end[0] == comment.line:
            on_line.append(items[index])
            index -= 1
        if on_line:
            # The statement that starts on the line owns it, as a pragma there binds to it.
            starting = [item for item in reversed(on_line) if item.start[0] == comment.line]
            (starting[0] if starting else on_line[0]).trailing.append(comment)
        elif container.open is not None and comment.line == container.open[0]:
            container.header.append(comment)
        else:
            container.own.append(comment)
    container.pending = []
    for item in items:
        if item.body is not None:
            _place(item.body)


def is_pragma(comment: Comment) -> bool:
    return comment.text[1:].lstrip().startswith(PRAGMA_PREFIX)


# --- lines ------------------------------------------------------------------------------------

def _render(container: _Container, depth: int, source: Source) -> list[_Line]:
    entries: list[tuple[Position, Any]] = [(item.start, item) for item in container.items]
    entries += [((c.line, c.column), c) for c in container.own]
    entries.sort(key=lambda entry: entry[0])
    lines: list[_Line] = []
    headers: list[_Line | None] = []  # per entry: its declaration line, None where a run breaks
    previous = None
    for _, entry in entries:
        first = entry.line if isinstance(entry, Comment) else entry.start[0]
        blank = previous is not None and source.blank_between(previous, first)
        if blank:
            headers.append(None)
        if isinstance(entry, Comment):
            lines.append(_Line(depth, comment=_text(entry), blank=blank))
            previous = entry.line
            continue
        rendered, first_line = _render_item(entry, depth, source)
        rendered[0].blank = blank
        lines.extend(rendered)
        headers.append(first_line if first_line.columns is not None else None)
        if entry.body is not None:
            headers.append(None)  # a block may end a run; what follows it starts a new one
        previous = entry.end[0]
    _align(headers)
    return lines


def _render_item(item: _Item, depth: int, source: Source) -> tuple[list[_Line], _Line]:
    """The lines of one item, and its first line (the one that may join a run)."""
    node = item.node
    body = item.body
    component = isinstance(node, ComponentNode)
    if body is not None and component and not body.items and not body.own:
        item.interior.extend(body.header)
        body = None  # an empty block says nothing
    one_line = item.start[0] == item.end[0]
    # Each comment keeps the binding a pragma would have: the statement's first line, the
    # closing `}` of a block (both bind to the component), or a line of its own (binds to nothing).
    header: list[Comment] = []
    closing: list[Comment] = []
    before: list[Comment] = []
    for comment in item.interior:
        if comment.line == item.start[0] or (component and is_pragma(comment)):
            header.append(comment)
        else:
            before.append(comment)
    if body is not None:
        header += body.header
    for comment in item.trailing:
        if one_line or (component and body is None):
            header.append(comment)
        elif body is not None:
            closing.append(comment)
        else:
            (before if is_pragma(comment) else header).append(comment)
    header.sort(key=_position)
    first = _header(item, body)
    first.depth = depth
    inner = _render(body, depth + 1, source) if body is not None else []
    if body is not None and not inner:  # an empty group: `region r {}`
        first.text += "}"
        header += closing
        closing = []
    before += header[1:] + closing[1:]  # one comment fits after a line; the others go above it
    first.comment = _text(header[0]) if header else None
    lines = [_Line(depth, comment=_text(c)) for c in sorted(before, key=_position)]
    lines.append(first)
    if inner:
        lines.extend(inner)
        lines.append(_Line(depth, "}", _text(closing[0]) if closing else None))
    return lines, first


def _position(comment: Comment) -> Position:
    return comment.line, comment.column


def _text(comment: Comment) -> str:
    return comment.text.rstrip()


def _header(item: _Item, body: _Container | None) -> _Line:
    node = item.node
    brace = "{" if body is not None else ""
    if isinstance(node, ComponentNode):
        return _Line(0, columns=(node.kind, node.id, item.label or "", _attr_list(item.attrs), brace))
    if isinstance(node, Attr):
        return _Line(0, columns=(_ATTRIBUTE, node.name, node.value.text))
    if isinstance(node, GroupNode):
        words = [node.keyword, node.id, item.label, _attr_list(item.attrs), brace]
    elif isinstance(node, EdgeNode):
        chain = [", ".join(ref.id for ref in stage) for stage in node.stages]
        for arrow, index in zip(node.arrows, range(1, len(chain))):
            chain[index] = f"{arrow} {chain[index]}"
        return _Line(0, columns=(_EDGE, " ".join(word for word in [*chain, item.label] if word), _attr_list(item.attrs)))
    elif isinstance(node, SloNode):
        words = ["slo", _attr_list(item.attrs) or "[]"]
    else:
        words = [_keyword(node), item.label]
    return _Line(0, " ".join(word for word in words if word))


def _attr_list(attrs: list[Attr]) -> str:
    return "[" + ", ".join(f"{a.name}={a.value.text}" for a in attrs) + "]" if attrs else ""


def _align(headers: list[_Line | None]) -> None:
    """Columns line up across a run of declarations of one sort that no blank line or other
    statement interrupts: kinds, ids and labels of components, the `=` of a block's attributes,
    the attribute lists of edges. Comment lines do not interrupt a run."""
    run: list[_Line] = []
    for header in headers + [None]:
        if header is not None and run and _run_kind(header) == _run_kind(run[0]):
            run.append(header)
            continue
        if run:
            _align_run(run)
        run = [header] if header is not None else []


_ATTRIBUTE, _EDGE = "=", "->"  # the first column of a line that is not a component's


def _run_kind(line: _Line) -> str:
    return line.columns[0] if line.columns[0] in (_ATTRIBUTE, _EDGE) else "component"


def _align_run(run: list[_Line]) -> None:
    if run[0].columns[0] == _ATTRIBUTE:
        width = max(len(line.columns[1]) for line in run)
        for line in run:
            line.text = f"{line.columns[1].ljust(width)} = {line.columns[2]}"
        return
    if run[0].columns[0] == _EDGE:
        width = max((len(line.columns[1]) for line in run if line.columns[2]), default=0)
        for line in run:
            line.text = f"{line.columns[1].ljust(width)} {line.columns[2]}" if line.columns[2] else line.columns[1]
        return
    kinds = max(len(line.columns[0]) for line in run)
    ids = max((len(line.columns[1]) for line in run if line.columns[2] or line.columns[3]), default=0)
    labels = max((len(line.columns[2]) for line in run if line.columns[3]), default=0)
    for line in run:
        kind, ident, label, attrs, brace = line.columns
        words = [kind.ljust(kinds), ident.ljust(ids) if label or attrs else ident]
        if attrs:
            if labels:
                words.append(label.ljust(labels))
            words.append(attrs)
        elif label:
            words.append(label)
        if brace:
            words.append(brace)
        line.text = " ".join(words)
