"""What the language server knows of the files it has seen: where each id is declared and used,
which word stands at a place, and where each include leads. No editor protocol here.

Each file is parsed on its own (the open buffer's text where there is one) and indexed once per
text. A design is a file and everything it includes, so references are looked for in the
include closures that hold the declaration.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .. import markdown
from ..language import ELEMENTS
from ..parser import parse
from ..sources import SourceUndecodable, SourceUnreadable, normalize_newlines, read_source
from ..syntax import Comment, ComponentNode, EdgeNode, FileTree, GroupNode, IncludeNode, SloNode, Span

Position = tuple[int, int]  # (line, column), 1-based, in characters


@dataclass(frozen=True)
class Hit:
    """A word of the text and what it is: `kind`, `declaration`, `reference`, `attribute`,
    `value`, `include`, `pragma`. `element` is the attribute's owner (component, edge, ...)."""

    role: str
    word: str
    span: Span
    element: str = ""
    attribute: str = ""


@dataclass
class Declaration:
    id: str
    what: str  # `component` or a group keyword
    kind: str  # the component's kind as written, or the group keyword
    label: str | None
    file: str
    span: Span  # the id
    statement: Span
    children: list["Declaration"] = field(default_factory=list)  # a group's members, for the outline


@dataclass
class FileIndex:
    path: str
    text: str
    tree: FileTree | None
    hits: list[Hit] = field(default_factory=list)
    declarations: dict[str, Declaration] = field(default_factory=dict)
    outline: list[Declaration] = field(default_factory=list)
    includes: list[tuple[Span, str]] = field(default_factory=list)  # (path string, file it names)
    statements: list[Span] = field(default_factory=list)  # every statement, outer before inner
    broken: bool = False  # the text (or a block of it) does not parse

    def at(self, line: int, column: int) -> Hit | None:
        """The word at a place (a cursor just after a word still counts as on it)."""
        best = None
        for hit in self.hits:
            span = hit.span
            if (span[0], span[1]) <= (line, column) <= (span[2], span[3]):
                if best is None or (span[0], span[1]) >= (best.span[0], best.span[1]):
                    best = hit  # the innermost (latest starting) word
        return best

    def statement_line(self, line: int, column: int) -> int:
        """The first line of the innermost statement at a place, where a pragma for it belongs."""
        found = line
        for span in self.statements:
            if (span[0], span[1]) <= (line, column) <= (span[2], span[3]):
                found = span[0]
        return found


def index_text(path: str, text: str) -> FileIndex:
    """The index of a design file, or of every arch block of a Markdown document."""
    index = FileIndex(path, text, None)
    if markdown.is_markdown(path):
        text = normalize_newlines(text)
        for block in markdown.arch_blocks(text):
            _index_tree(index, parse(markdown.design_text(text, block), path).tree)
        return index
    index.tree = parse(text, path).tree
    _index_tree(index, index.tree)
    return index


def _index_tree(index: FileIndex, tree: FileTree | None) -> None:
    if tree is None:
        index.broken = True
        return
    path = index.path
    directory = os.path.dirname(path)
    for comment in tree.comments:
        _pragma_hits(index, comment)
    stack: list[tuple[object, list[Declaration]]] = [(node, index.outline) for node in reversed(tree.statements)]
    while stack:
        node, siblings = stack.pop()
        index.statements.append(node.span)
        if isinstance(node, ComponentNode):
            index.hits.append(Hit("kind", node.kind, node.kind_span))
            _declare(index, siblings, Declaration(node.id, "component", node.kind, node.label, path, node.id_span, node.span))
            _attribute_hits(index, node.attrs, "component")
        elif isinstance(node, GroupNode):
            group = Declaration(node.id, node.keyword, node.keyword, node.label, path, node.id_span, node.span)
            _declare(index, siblings, group)
            _attribute_hits(index, node.attrs, "group")
            stack.extend((child, group.children) for child in reversed(node.body))
        elif isinstance(node, EdgeNode):
            index.hits.extend(Hit("reference", ref.id, ref.span) for stage in node.stages for ref in stage)
            _attribute_hits(index, node.attrs, "edge")
        elif isinstance(node, SloNode):
            _attribute_hits(index, node.attrs, "slo")
        elif isinstance(node, IncludeNode):
            target = os.path.normpath(os.path.join(directory, node.path))
            index.includes.append((node.path_span, target))
            index.hits.append(Hit("include", target, node.path_span))


def _declare(index: FileIndex, siblings: list[Declaration], declaration: Declaration) -> None:
    siblings.append(declaration)
    index.declarations.setdefault(declaration.id, declaration)
    index.hits.append(Hit("declaration", declaration.id, declaration.span, element=declaration.what))


def _attribute_hits(index: FileIndex, attrs, element: str) -> None:
    specs = ELEMENTS[element]
    for attr in attrs:
        index.hits.append(Hit("attribute", attr.name, attr.name_span, element=element))
        spec = specs.get(attr.name)
        values = attr.value.value if attr.value.kind == "list" else [attr.value]
        for value in values:
            if value.kind != "symbol":
                continue
            # An id in `replica_of`, `dlq` or `zones=[...]` is a use of that id.
            role = "reference" if spec is not None and (spec.type.reference or attr.name == "zones") else "value"
            index.hits.append(Hit(role, value.text, value.span, element=element, attribute=attr.name))


def _pragma_hits(index: FileIndex, comment: Comment) -> None:
    """Each rule named in an `archlint:` pragma is a word of its own, for hover."""
    text = comment.text
    if not text[1:].lstrip().startswith("archlint"):
        return
    open_, close = text.find("["), text.find("]")
    if open_ < 0 or close < open_:
        return
    offset = open_ + 1
    for part in text[open_ + 1:close].split(","):
        name = part.strip()
        if name:
            start = comment.column + offset + part.index(name)
            index.hits.append(Hit("pragma", name, (comment.line, start, comment.line, start + len(name))))
        offset += len(part) + 1


class Workspace:
    """The files seen so far: the open buffers, and what they include, read from disk."""

    def __init__(self) -> None:
        self.open: dict[str, str] = {}  # path -> the buffer's text
        self._indexed: dict[str, FileIndex] = {}

    def set_text(self, path: str, text: str | None) -> None:
        if text is None:
            self.open.pop(path, None)
        else:
            self.open[path] = text

    def file(self, path: str) -> FileIndex | None:
        text = self.open.get(path)
        if text is None:
            try:
                text = read_source(path)
            except (SourceUnreadable, SourceUndecodable):
                return None
        known = self._indexed.get(path)
        if known is None or known.text != text:
            fresh = index_text(path, text)
            if fresh.broken and known is not None:
                # Half-typed text does not parse: what it declared and included a moment ago
                # still serves completion and navigation from other files.
                fresh.declarations, fresh.includes = known.declarations, known.includes
            known = self._indexed[path] = fresh
        return known

    def closure(self, path: str) -> list[FileIndex]:
        """A file and every file it includes, each once (includes of includes too)."""
        seen: dict[str, FileIndex] = {}
        pending = [path]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            index = self.file(current)
            if index is None:
                continue
            seen[current] = index
            pending.extend(target for _, target in reversed(index.includes))
        return list(seen.values())

    def designs_with(self, path: str) -> list[list[FileIndex]]:
        """The include closures, from each open file, that hold `path`."""
        closures = [self.closure(root) for root in list(self.open) + [path]]
        return [files for files in closures if any(f.path == path for f in files)]

    def definition(self, path: str, ident: str) -> Declaration | None:
        for files in self.designs_with(path):
            for index in files:
                if ident in index.declarations:
                    return index.declarations[ident]
        return None

    def references(self, path: str, ident: str, *, declaration: bool = True) -> list[tuple[str, Span]]:
        found: dict[tuple[str, Span], None] = {}
        definition = self.definition(path, ident)
        for files in self.designs_with(definition.file if definition else path):
            for index in files:
                for hit in index.hits:
                    if hit.word == ident and (hit.role == "reference" or declaration and hit.role == "declaration"):
                        found[(index.path, hit.span)] = None
        return list(found)

    def declared_ids(self, path: str) -> dict[str, Declaration]:
        ids: dict[str, Declaration] = {}
        for files in self.designs_with(path):
            for index in files:
                for ident, declaration in index.declarations.items():
                    ids.setdefault(ident, declaration)
        return ids
