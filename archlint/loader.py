"""Statements to a `Design`: includes, kinds, typed attributes, groups, edges, pragmas.

Each statement is taken as the parser reduces it (`_Statements` is the parser's sink), so no
file's syntax tree is held whole; after a syntax error the load is done again from trees.

Every problem found on the way is collected, not raised, so one run reports them all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from typing import Callable, NamedTuple

from . import language, schema
from .codes import diagnostic
from .diagnostics import Finding, Location, NearNames, Related, did_you_mean
from .gc_pause import gc_paused
from .model import Attribute, Component, Design, Edge, Group, Pragma, Slo
from .parser import parse
from .sources import SourceUndecodable, SourceUnreadable, normalize_newlines, read_source
from .syntax import Attr, ComponentNode, EdgeNode, GroupNode, IncludeNode, SloNode, Span, TitleNode

_PRAGMA_START = re.compile(r"#\s*archlint\s*:")
_PRAGMA = re.compile(r"#\s*archlint\s*:\s*(?P<verb>[\w-]+)\s*\[(?P<rules>[^\]]*)\]\s*(?:--\s*(?P<reason>.*))?$")

Reader = Callable[[str], str]

# How deep includes may nest: each level is a parse under way inside another, and a chain of
# hundreds is a generated mistake, not a design.
MAX_INCLUDE_DEPTH = 100


def _loc(file: str, span: Span) -> Location:
    return Location(file, span[0], span[1], span[2], span[3])


@dataclass
class LoadResult:
    design: Design | None
    findings: list[Finding]
    sources: dict[str, str]  # display path -> text, for code frames


@dataclass
class _Pending:
    """A group before its model object is made: its members are known once the walk is done."""

    fields: dict
    members: list[str] = field(default_factory=list)
    subgroups: list[str] = field(default_factory=list)


class _Bracket(NamedTuple):
    """One element's attributes read and checked: as written, with lines counted from the line
    given to `_Loader._attributes` (the model's `as_written`), the model fields they set, and
    the names of those that name components (checked once everything is read)."""

    written: dict[str, Attribute]
    fields: dict
    references: tuple[str, ...]


class _SyntaxErrorFound(Exception):
    """A file read as a stream of statements has a syntax error: what was taken is thrown away."""


class _Loader:
    def __init__(self, include_roots: list[str] | None, reader: Reader, *, streaming: bool = True) -> None:
        # Streaming: each statement is taken as the parser reduces it, and no file's syntax tree
        # is ever held whole. A syntax error stops the load (`_SyntaxErrorFound`), to be done
        # again from trees, where a file with syntax errors gives only those errors.
        self.streaming = streaming
        self.include_roots = include_roots
        self.reader = reader
        self.findings: list[Finding] = []
        self.sources: dict[str, str] = {}
        self.files: list[str] = []
        self.seen_files: set[str] = set()
        self.stack: list[str] = []
        self.ids: dict[str, tuple[str, Location]] = {}  # id -> (what, where)
        self.components: dict[str, Component] = {}
        self.groups: dict[str, _Pending] = {}
        self._kind_defaults: dict[str, dict] = {}  # kind -> the fields whose default depends on it
        self._readings: dict[tuple[str, str, str], tuple | str] = {}  # (element, name, text) -> (value, fields) or why not
        self._brackets: dict[tuple, _Bracket] = {}  # see `_attributes`
        self.edges: dict[tuple[str, str, str], Edge] = {}
        self.edge_refs: list[tuple[str, str, Span]] = []  # (id, file, span): placed only if wrong
        self.references: list[tuple[str, str, Attribute]] = []  # (owner, attr, value)
        self.title: tuple[str, Location] | None = None
        self.slo: Slo | None = None
        # Pragmas bind by line: the lines that hold one are known before the walk, so only their
        # statements are remembered.
        self.pragma_lines: set[tuple[str, int]] = set()
        self.statement_starts: dict[tuple[str, int], Location] = {}
        self.block_lines: dict[tuple[str, int], Location] = {}
        self.pragmas: list[Pragma] = []

    # --- files --------------------------------------------------------------------------
    def load_root(self, path: str, text: str) -> None:
        real = os.path.realpath(path)
        self.stack.append(real)
        self.seen_files.add(real)
        self._load_text(path, text, None)
        self.stack.pop()

    def _load_text(self, display: str, text: str, group: str | None) -> None:
        self.files.append(display)
        self.sources[display] = text
        first_finding = len(self.findings)
        self.pragma_lines.update((display, line) for line in _pragma_lines(text))
        statements = _Statements(self, display, group)
        if self.streaming:
            result = parse(text, display, statements)
            if result.tree is None:
                raise _SyntaxErrorFound(display)
        else:
            result = parse(text, display)
            if result.tree is None:
                self.findings.extend(result.errors)
                return
            statements.walk(result.tree.statements)
        self.findings[first_finding:first_finding] = result.errors  # the file's literals, before what they led to
        for comment in result.tree.comments:
            self._pragma(comment, display)

    def _include(self, node: IncludeNode, file: str, group: str | None) -> None:
        where = _loc(file, node.path_span)
        unusable = _unusable_path(node.path)
        if unusable:
            self._error("include-error", f"cannot include this path: {unusable}", where)
            return
        directory = os.path.dirname(self.stack[-1])
        real = os.path.realpath(os.path.join(directory, node.path))
        display = os.path.normpath(os.path.join(os.path.dirname(file), node.path))
        if real in self.stack:
            chain = " -> ".join(os.path.basename(p) for p in self.stack[self.stack.index(real):] + [real])
            self._error("include-error", f"include cycle: {chain}", where)
            return
        if real in self.seen_files:
            return  # every file is included once
        if len(self.stack) > MAX_INCLUDE_DEPTH:  # the root and that many includes are open
            self._error("include-error", f"includes nest more than {MAX_INCLUDE_DEPTH} files deep here "
                        f"({os.path.basename(self.stack[0])} -> ... -> {os.path.basename(self.stack[-1])})", where,
                        help="include the deepest files from a file nearer the root")
            return
        if self.include_roots is not None and not any(_inside(real, root) for root in self.include_roots):
            self._error(
                "include-error",
                f"`{node.path}` is outside the project ({', '.join(self.include_roots)})",
                where,
                help="includes stay below the project root (the nearest folder above with .git, pyproject.toml or "
                     "archlint.toml); put an archlint.toml at the top of the project, or allow more with `include-paths`",
            )
            return
        try:
            text = self.reader(real)
        except SourceUnreadable as error:
            reason = str(error).rsplit(": ", 1)[-1]
            self._error("include-error", f"cannot include `{node.path}`: {reason}", where)
            return
        except SourceUndecodable as error:
            self._error("include-error", f"cannot include `{node.path}`: {error} (at {error.line}:{error.column})", where)
            return
        self.seen_files.add(real)
        self.stack.append(real)
        self._load_text(display, text, group)
        self.stack.pop()

    def _error(self, name: str, message: str, where: Location, **extra) -> None:
        self.findings.append(diagnostic(name, message, where, **extra))

    # --- statements ---------------------------------------------------------------------
    def _declare(self, ident: str, what: str, where: Location) -> bool:
        first = self.ids.get(ident)
        if first is None:
            self.ids[ident] = (what, where)
            return True
        self._error(
            "duplicate-id",
            f"`{ident}` is already declared (as a {first[0]} at {first[1]})",
            where,
            element=ident,
            related=(Related(message=f"`{ident}` first declared here", location=first[1]),),
        )
        return False

    def _component(self, node: ComponentNode, file: str, group: str | None, span: Location) -> None:
        where = _loc(file, node.id_span)
        kind = language.KIND_ALIASES.get(node.kind)
        if kind is None:
            near = did_you_mean(node.kind, language.KIND_ALIASES)
            self._error(
                "unknown-kind",
                f"unknown kind `{node.kind}`" + (f"; did you mean `{near}`?" if near else ""),
                _loc(file, node.kind_span),
                element=node.id,
                help=None if near else "kinds: " + ", ".join(language.KINDS),
            )
            kind = node.kind
        if not self._declare(node.id, "component", where):
            return
        if node.span[2] > node.span[0]:  # block form: its lines bind pragmas to it
            for line in range(node.span[0] + 1, node.span[2] + 1):
                if (file, line) in self.pragma_lines:
                    self.block_lines.setdefault((file, line), span)
        defaults = self._kind_defaults.get(kind)
        if defaults is None:
            defaults = self._kind_defaults[kind] = language.defaults_for_kind(kind)
        bracket = self._attributes(node.attrs, file, language.COMPONENT_ATTRIBUTES, "component", node.id, where.line,
                                   kind)
        for name in bracket.references:
            self.references.append((node.id, name, bracket.written[name].moved(where.line)))
        self.components[node.id] = Component(id=node.id, kind=kind, location=where, statement=span, label=node.label,
                                             group=group, as_written=bracket.written, **{**defaults, **bracket.fields})
        if group is not None:
            self.groups[group].members.append(node.id)

    @staticmethod
    def _typed(attributes: dict[str, Attribute], specs) -> dict:
        """The model fields the written attributes set."""
        fields: dict = {}
        for name, attribute in attributes.items():
            fields.update(specs[name].fields(attribute.value))
        return fields

    def _group(self, node: GroupNode, file: str, parent: str | None) -> bool:
        """A group opened (its body follows); whether it is the first of its id."""
        where = _loc(file, node.id_span)
        self._declare(node.id, node.keyword, where)
        bracket = self._attributes(node.attrs, file, language.GROUP_ATTRIBUTES, "group", node.id, where.line,
                                   node.keyword)
        written, typed = bracket.written, bracket.fields
        availability = written.get("availability")
        host = written.get("host")
        if availability is not None and node.keyword not in ("zone", "region") and not (host and host.value):
            self._error("invalid-value", f"`availability` on the {node.keyword} `{node.id}`: only a failure domain "
                        "has one", availability.moved(where.line).location, element=node.id,
                        help="write it on a `region` or a `zone`, or mark a machine's group `host=true`")
            written = {name: a for name, a in written.items() if name != "availability"}
            typed = self._typed(written, language.GROUP_ATTRIBUTES)
        if node.id in self.groups:
            return False
        fields = dict(id=node.id, kind=node.keyword, location=where, statement=None, label=node.label, parent=parent,
                      as_written=written, **typed)
        self.groups[node.id] = _Pending(fields)
        if parent is not None:
            self.groups[parent].subgroups.append(node.id)
        return True

    def _edge(self, node: EdgeNode, file: str, span: Location) -> None:
        bracket = self._attributes(node.attrs, file, language.EDGE_ATTRIBUTES, "edge", None, span.line)
        components = self.components
        for stage in node.stages:
            for ref in stage:
                if ref.id not in components:  # declared later, or never: checked once all is read
                    self.edge_refs.append((ref.id, file, ref.span))
        for index, arrow in enumerate(node.arrows):
            for source in node.stages[index]:
                for target in node.stages[index + 1]:
                    hop = _loc(file, (source.span[0], source.span[1], target.span[2], target.span[3]))
                    key = (source.id, target.id, arrow)
                    first = self.edges.get(key)
                    if first is not None:
                        self._repeated(first, bracket.written, span.line)
                        continue
                    self.edges[key] = Edge(source=source.id, target=target.id, arrow=arrow, location=hop,
                                           statement=span, label=node.label, as_written=bracket.written,
                                           **bracket.fields)

    def _repeated(self, first: Edge, written: dict[str, Attribute], counted_from: int) -> None:
        """The same edge written again (two chains sharing a hop) is one edge; the attributes of
        both apply, and a value the two state differently is an error citing both. `written`
        counts its lines from `counted_from`, its own statement's first line."""
        before = first.as_written
        conflicts = [name for name, attribute in written.items()
                     if name in before and before[name].value != attribute.value]
        key = first.key
        if conflicts:
            name = conflicts[0]
            previous = first.written(name)
            self._error(
                "duplicate-edge",
                f"`{key[0]} {key[2]} {key[1]}` is written again with `{name}={written[name].text}`, "
                f"but `{name}={previous.text}` at {previous.location}",
                written[name].moved(counted_from).location,
                element=f"{key[0]}{key[2]}{key[1]}",
                related=(Related(message="first stated here", location=previous.location),),
            )
            return
        moved = counted_from - first.statement.line  # to count from the first edge's statement instead
        added = {name: a.moved(moved) for name, a in written.items() if name not in before}
        if added:
            self.edges[key] = replace(first, as_written={**before, **added},
                                      **self._typed(added, language.EDGE_ATTRIBUTES))

    def _slo(self, node: SloNode, file: str, span: Location) -> None:
        bracket = self._attributes(node.attrs, file, language.SLO_ATTRIBUTES, "slo", None, span.line)
        if self.slo is None:
            self.slo = Slo(location=span, as_written=bracket.written, **bracket.fields)

    # --- attributes ---------------------------------------------------------------------
    def _attributes(self, attrs: list[Attr], file: str, specs, what: str, element: str | None, first_line: int,
                    kind: str | None = None) -> _Bracket:
        """The attributes written on one element, read and checked, their lines counted from
        `first_line` (the line the model counts them from: `_Element._first_line`); `kind` is a
        component's kind or a group's keyword, for attributes declared on some kinds only.

        A large design writes the same brackets over and over: a bracket read without a problem
        is kept by what it says and where its parts stand (lines counted from `first_line`), and
        every element that writes it so shares the one reading. One with a problem is read again
        wherever it stands, to be reported there."""
        shape = [what, kind, file]
        for attr in attrs:
            name_span, value_span = attr.name_span, attr.value.span
            shape.append((attr.name, attr.value.text, name_span[0] - first_line, name_span[1],
                          value_span[0] - first_line, value_span[1], value_span[2] - first_line, value_span[3]))
        key = tuple(shape)
        bracket = self._brackets.get(key)
        if bracket is not None:
            return bracket
        problems = len(self.findings)
        readings = self._readings
        written: dict[str, Attribute] = {}
        fields: dict = {}
        references: list[str] = []
        seen: dict[str, Attr] = {}
        for attr in attrs:
            first = seen.setdefault(attr.name, attr)
            if first is not attr:
                self._error(
                    "duplicate-attribute",
                    f"`{attr.name}` is already set at {first.name_span[0]}:{first.name_span[1]}",
                    _loc(file, attr.span),
                    element=element,
                    related=(Related(message="first set here", location=_loc(file, first.span)),),
                )
                continue
            spec = specs.get(attr.name)
            if spec is None:
                self._unknown_attribute(attr, file, specs, what, element)
                continue
            if spec.kinds is not None and kind not in spec.kinds:
                on = ", ".join(f"`{k}`" for k in sorted(spec.kinds))
                self._error("unknown-attribute", f"`{attr.name}` is not an attribute of {_article(kind)}",
                            _loc(file, attr.name_span), element=element, help=f"`{attr.name}` is written on {on}")
                continue
            if attr.value.kind == "invalid":
                continue  # the parser has reported the literal
            # A value's reading depends on its text alone (its kind is read from the text too).
            reading_key = (what, attr.name, attr.value.text)
            reading = readings.get(reading_key)
            if reading is None:
                try:
                    value = spec.type.read(attr.value)
                    reading = readings[reading_key] = (value, spec.fields(value))
                except schema.AttributeError_ as error:
                    reading = readings[reading_key] = str(error)
            if type(reading) is str:
                self._error("invalid-value", f"`{attr.name}`: {reading}", _loc(file, attr.value.span), element=element)
                continue
            fields.update(reading[1])
            if spec.type.reference:
                references.append(attr.name)
            value_line, value_column, end_line, end_column = attr.value.span
            written[attr.name] = Attribute(attr.name, reading[0], attr.value.text, file,
                                           attr.name_span[0] - first_line, attr.name_span[1],
                                           value_line - first_line, value_column, end_line - first_line, end_column)
        bracket = _Bracket(written, fields, tuple(references))
        if len(self.findings) == problems:
            self._brackets[key] = bracket
        return bracket

    def _unknown_attribute(self, attr: Attr, file: str, specs, what: str, element: str | None) -> None:
        near = None
        help_text = None
        for other, table in language.ELEMENTS.items():
            if other != what and attr.name in table:  # a right name in the wrong place beats a near one
                help_text = f"`{attr.name}` is an attribute of {_article(other)}, not of {_article(what)}"
                break
        else:
            near = did_you_mean(attr.name, specs)
            if near is None:
                help_text = f"{what} attributes: " + ", ".join(f"`{n}`" for n in specs)
        message = f"unknown {what} attribute `{attr.name}`" + (f"; did you mean `{near}`?" if near else "")
        self._error("unknown-attribute", message, _loc(file, attr.name_span), element=element, help=help_text)

    # --- pragmas ------------------------------------------------------------------------
    def _pragma(self, comment, file: str) -> None:
        if not _PRAGMA_START.match(comment.text):
            return
        where = Location(file=file, line=comment.line, column=comment.column,
                         end_line=comment.line, end_column=comment.end_column)
        match = _PRAGMA.match(comment.text)
        names = tuple(n.strip() for n in match.group("rules").split(",") if n.strip()) if match else ()
        if match is None or match.group("verb") not in ("ignore", "ignore-file") or not names:
            self._error(
                "invalid-suppression",
                "malformed pragma: expected `archlint: ignore[rule, ...] -- reason` or `archlint: ignore-file[...] -- reason`",
                where,
            )
            return
        verb, reason = match.group("verb"), match.group("reason")
        reason = reason.strip() if reason and reason.strip() else None
        if verb == "ignore-file":
            self.pragmas.append(Pragma(rules=names, reason=reason, location=where, scope=None, file_wide=True))
            return
        scope = self.statement_starts.get((file, comment.line)) or self.block_lines.get((file, comment.line))
        if scope is None:
            self._error(
                "invalid-suppression",
                "this pragma binds to no statement: write it on the line where the statement starts",
                where,
                help="use `archlint: ignore-file[...]` to cover the whole file",
            )
            return
        self.pragmas.append(Pragma(rules=names, reason=reason, location=where, scope=scope))

    # --- the design ---------------------------------------------------------------------
    def resolve(self) -> None:
        """Check every name that points at another element, now that all files are read."""
        reported: set[tuple[str, int, int]] = set()
        components = self.components
        self.near_components = NearNames(components)  # indexed once: many undefined names ask it
        for ident, file, span in self.edge_refs:
            if ident in components:
                continue
            key = (file, span[0], span[1])
            if key in reported:
                continue
            reported.add(key)
            self._undefined(ident, _loc(file, span), "edge")
        for owner, name, attribute in self.references:
            for value in attribute.value if isinstance(attribute.value, tuple) else (attribute.value,):
                if value not in self.components:
                    self._undefined(value, attribute.value_location, f"`{name}` of `{owner}`")
        self._check_zone_names()

    def _check_zone_names(self) -> None:
        """`zones=[a, b]` may name declared zones or regions (or labels that match nothing), never
        another kind of group."""
        for component in self.components.values():
            for name in component.zone_ids:
                pending = self.groups.get(name)
                if pending is not None and pending.fields["kind"] not in ("zone", "region"):
                    written = component.written("zones")
                    self._error("invalid-value", f"`zones` names the {pending.fields['kind']} `{name}`, which is "
                                f"neither a zone nor a region", written.value_location, element=component.id,
                                help="name `zone` or `region` groups, or zone labels that match no group")

    def _undefined(self, ident: str, where: Location, context: str) -> None:
        if ident in self.groups:
            self._error("undefined-reference", f"`{ident}` is a group; {context}s connect components"
                        if context == "edge" else f"{context} names the group `{ident}`, not a component", where)
            return
        near = did_you_mean(ident, self.near_components)
        message = f"`{ident}` is not declared" + (f"; did you mean `{near}`?" if near else "")
        self._error("undefined-reference", message, where, element=ident,
                    help=None if near else "declare it, e.g. `service " + ident + "`")

    def design(self, root: str) -> Design:
        components = self.components
        groups = {ident: Group(components=tuple(pending.members), groups=tuple(pending.subgroups), **pending.fields)
                  for ident, pending in self.groups.items()}
        edges = tuple(e for e in self.edges.values() if e.source in components and e.target in components)
        title, title_location = self.title if self.title else (None, None)
        return Design(
            root=root,
            files=tuple(self.files),
            title=title,
            title_location=title_location,
            slo=self.slo,
            components=components,
            edges=edges,
            groups=groups,
            pragmas=tuple(self.pragmas),
        )


class _Statements:
    """One file's statements handed to the loader in the parser's order: each when it is read
    whole, a group when its header is read (`open_group`) and again at its `}`."""

    def __init__(self, loader: _Loader, file: str, group: str | None) -> None:
        self.loader = loader
        self.file = file
        # The groups open around the statement being read, innermost last: (id, whether it is
        # the first group of that id, the pragma line it claimed).
        self.open: list[tuple[str | None, bool, tuple[str, int] | None]] = [(group, False, None)]

    def open_group(self, node: GroupNode) -> None:
        loader = self.loader
        key = (self.file, node.header_span[0])
        # A pragma on the group's first line binds to the group, whose extent is known at `}`.
        claimed = key if key in loader.pragma_lines and key not in loader.statement_starts else None
        if claimed:
            loader.statement_starts[key] = None
        created = loader._group(node, self.file, self.open[-1][0])
        self.open.append((node.id, created, claimed))

    def statement(self, node) -> None:
        loader, file = self.loader, self.file
        span = _loc(file, node.span)
        kind = type(node)
        if kind is GroupNode:
            _, created, claimed = self.open.pop()
            if created:
                loader.groups[node.id].fields["statement"] = span
            if claimed:
                loader.statement_starts[claimed] = span
            return
        key = (file, node.span[0])
        if key in loader.pragma_lines:
            loader.statement_starts.setdefault(key, span)
        if kind is ComponentNode:
            loader._component(node, file, self.open[-1][0], span)
        elif kind is EdgeNode:
            loader._edge(node, file, span)
        elif kind is IncludeNode:
            loader._include(node, file, self.open[-1][0])
        elif kind is TitleNode:
            if loader.title is None:
                loader.title = (node.text, span)
        elif kind is SloNode:
            loader._slo(node, file, span)

    def walk(self, statements: list) -> None:
        """A finished tree's statements, handed over as the parser would have. An explicit stack,
        not recursion: groups may nest thousands deep. Each list is consumed from its end, so a
        syntax node is freed once the model holds what it said."""
        statements.reverse()
        stack: list[tuple[list, GroupNode | None]] = [(statements, None)]
        while stack:
            pending, group = stack[-1]
            if not pending:
                stack.pop()
                if group is not None:
                    self.statement(group)
                continue
            node = pending.pop()
            if type(node) is GroupNode:
                self.open_group(node)
                node.body.reverse()
                stack.append((node.body, node))
            else:
                self.statement(node)


def _pragma_lines(text: str) -> list[int]:
    """The lines where a pragma may be, found before the statements are read so that a
    statement knows, as it is read, whether one may bind to it. More lines than hold one (a
    `# archlint:` in a string) only keep a few more statement starts."""
    if "archlint" not in text:
        return []
    lines: list[int] = []
    line, counted = 1, 0
    for found in _PRAGMA_START.finditer(text):  # where a comment may start one
        line += text.count("\n", counted, found.start())
        counted = found.start()
        lines.append(line)
    return lines


def _article(what: str) -> str:
    return "the slo" if what == "slo" else ("an " if what[0] in "aeiou" else "a ") + what


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _unusable_path(path: str) -> str | None:
    """Why a written path cannot name a file at all (a NUL, a lone surrogate), or None."""
    if "\0" in path:
        return "it holds a NUL character"
    surrogate = next((char for char in path if "\ud800" <= char <= "\udfff"), None)
    if surrogate is not None:
        return f"it holds a lone surrogate (\\u{ord(surrogate):04x}), which no file name can"
    return None


def load(path: str, text: str | None = None, *, include_roots: list[str] | None = None,
         reader: Reader = read_source) -> LoadResult:
    """Load the design rooted at `path` (its `text` may be given, as for a Markdown block).

    `include_roots`: directories that includes may reach; None allows any file.
    Raises SourceUnreadable when the root itself cannot be read.
    """
    with gc_paused():
        return _load(path, text, include_roots, reader)


def _load(path: str, text: str | None, include_roots: list[str] | None, reader: Reader, *,
          streaming: bool = True) -> LoadResult:
    roots = [os.path.realpath(r) for r in include_roots] if include_roots is not None else None
    if text is None:
        try:
            text = reader(path)
        except SourceUndecodable as error:
            where = Location(file=path, line=error.line, column=error.column, end_line=error.line,
                             end_column=error.column + 1)
            return LoadResult(None, [diagnostic("syntax-error", str(error), where)], {path: ""})
    text = normalize_newlines(text)
    loader = _Loader(roots, reader, streaming=streaming)
    try:
        loader.load_root(path, text)
    except _SyntaxErrorFound:
        loader = _Loader(roots, reader, streaming=False)
        loader.load_root(path, text)
    loader.resolve()
    design = loader.design(path)
    return LoadResult(design, loader.findings, loader.sources)
