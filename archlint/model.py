"""The typed design model: what the loader builds from the text and every later stage reads.

Frozen, slotted dataclasses. The fields that hold attributes are derived from the declarations in
language.py, one field per declared attribute with its default; the loader is the one place that
builds these objects, from values it has already read and checked. Typed attributes are stored in
SI units (seconds, events per second, percent); `written(name)` and `attributes` give every
attribute as written, with its text and place, so rules can cite the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from typing import Any, Literal, Mapping, NamedTuple

from .diagnostics import Location
from .language import COMPONENT_ATTRIBUTES, EDGE_ATTRIBUTES, GROUP_ATTRIBUTES, SLO_ATTRIBUTES, AttributeSpec

Arrow = Literal["->", "~>"]
GroupKind = Literal["region", "zone", "boundary", "group"]


_new_tuple = tuple.__new__


class Attribute(NamedTuple):
    """One `name=value` as written: the typed value, the text, and where each stands.

    The places are kept as numbers and made `Location`s when asked for: a large design has
    hundreds of thousands of attributes, and two `Location`s each would be most of its model."""

    name: str
    value: Any
    text: str
    file: str
    line: int  # where the name starts
    column: int
    value_line: int  # where the value starts
    value_column: int
    end_line: int  # where the value ends
    end_column: int

    @property
    def location(self) -> Location:
        """The whole `name=value`."""
        return Location(self.file, self.line, self.column, self.end_line, self.end_column)

    @property
    def value_location(self) -> Location:
        return Location(self.file, self.value_line, self.value_column, self.end_line, self.end_column)

    def moved(self, lines: int) -> Attribute:
        """The same attribute `lines` lines further down."""
        name, value, text, file, line, column, value_line, value_column, end_line, end_column = self
        # tuple.__new__: what the named tuple's constructor does, without its argument handling
        # (rules ask for attributes as written a million times at 100,000 components).
        return _new_tuple(Attribute, (name, value, text, file, line + lines, column, value_line + lines, value_column,
                                      end_line + lines, end_column))


class _Element:
    """What every element with attributes offers: its attributes as written.

    They are kept in `as_written` with their lines counted from the element's first line (its
    `location`'s; an edge's statement's): a large design writes the same brackets over and over,
    and every element that writes one at the same columns shares one mapping. `written` and
    `attributes` give them in place."""

    __slots__ = ()

    @property
    def _first_line(self) -> int:
        return self.location.line

    def written(self, name: str) -> Attribute | None:
        """The attribute as the author wrote it, or None when it is left at its default."""
        attribute = self.as_written.get(name)
        return None if attribute is None else attribute.moved(self._first_line)

    @property
    def attributes(self) -> dict[str, Attribute]:
        """Every attribute as written, by name, in the order written."""
        first_line = self._first_line
        return {name: attribute.moved(first_line) for name, attribute in self.as_written.items()}


class _Component(_Element):
    __slots__ = ()

    @property
    def display(self) -> str:
        return self.label or self.id


class _Edge(_Element):
    __slots__ = ()

    @property
    def _first_line(self) -> int:  # the hops of one statement share its attributes
        return self.statement.line

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.arrow)

    @property
    def element_id(self) -> str:
        return f"{self.source}->{self.target}" if self.arrow == "->" else f"{self.source}~>{self.target}"

    @property
    def sync(self) -> bool:
        return self.arrow == "->"


class _Group(_Element):
    __slots__ = ()

    @property
    def failure_domain(self) -> bool:
        return self.kind in ("region", "zone")


def _attribute_fields(specs: Mapping[str, AttributeSpec]) -> list[tuple[str, str, Any]]:
    """One model field per declared attribute (and per further field it fills), with its default."""
    fields = []
    for spec in specs.values():
        optional = spec.default is None
        annotation = f"{spec.type.python} | None" if optional else spec.type.python
        fields.append((spec.name, annotation, field(default=spec.default)))
        fields.extend((name, annotation_, field(default=default)) for name, annotation_, default in spec.also)
    return fields


def _element(name: str, base: type, given: list, specs: Mapping[str, AttributeSpec], doc: str) -> type:
    """A frozen, slotted dataclass: the structural fields, then one per declared attribute."""
    fields = given + _attribute_fields(specs) + [("as_written", "Mapping[str, Attribute]", field(default_factory=dict))]
    cls = make_dataclass(name, fields, bases=(base,), frozen=True, slots=True, namespace={"__module__": __name__})
    cls.__doc__ = doc
    return cls


_PLACES = [("location", "Location"), ("statement", "Location")]  # the id (or hop); the whole statement

Component = _element(
    "Component", _Component,
    [("id", "str"), ("kind", "str"), *_PLACES, ("label", "str | None", field(default=None)),
     ("group", "str | None", field(default=None))],
    COMPONENT_ATTRIBUTES,
    "A component. `kind` is canonical (`db` is `database`); `group` is the innermost enclosing group.",
)

Edge = _element(
    "Edge", _Edge,
    [("source", "str"), ("target", "str"), ("arrow", "Arrow"), *_PLACES, ("label", "str | None", field(default=None))],
    EDGE_ATTRIBUTES,
    "One hop of an edge statement; `location` spans from the source id to the target id.",
)

Group = _element(
    "Group", _Group,
    [("id", "str"), ("kind", "GroupKind"), *_PLACES, ("label", "str | None", field(default=None)),
     ("parent", "str | None", field(default=None)), ("components", "tuple[str, ...]", field(default=())),
     ("groups", "tuple[str, ...]", field(default=()))],
    GROUP_ATTRIBUTES,
    "A group: its members (components and groups declared directly in it) and its parent.",
)

Slo = _element(
    "Slo", _Element, [("location", "Location")], SLO_ATTRIBUTES,
    "What the design promises its clients: the first `slo` statement read.",
)


@dataclass(frozen=True, slots=True)
class Pragma:
    """An `# archlint: ignore[...] -- reason` comment and the span it covers."""

    rules: tuple[str, ...]  # as written: names or codes
    reason: str | None
    location: Location  # the comment
    scope: Location | None  # the statement it binds to; None for `ignore-file`
    file_wide: bool = False


@dataclass(frozen=True, slots=True)
class Design:
    """A whole design: a root file and everything it includes."""

    root: str
    files: tuple[str, ...]  # every file read, the root first
    title: str | None = None
    title_location: Location | None = None
    slo: Any = None  # Slo | None
    components: dict[str, Any] = field(default_factory=dict)  # id -> Component
    edges: tuple = ()  # Edge, ...
    groups: dict[str, Any] = field(default_factory=dict)  # id -> Group
    pragmas: tuple[Pragma, ...] = ()

    def components_of_kind(self, *kinds: str) -> list:
        return [c for c in self.components.values() if c.kind in kinds]

    def enclosing_groups(self, element_group: str | None) -> list:
        """The groups around an element, innermost first."""
        chain = []
        while element_group is not None:
            group = self.groups[element_group]
            chain.append(group)
            element_group = group.parent
        return chain

    def design_location(self) -> Location:
        """Where a finding about the whole design points: its title, else the file's start."""
        if self.title_location is not None:
            return self.title_location
        return Location(file=self.root, line=1, column=1, end_line=1, end_column=1)
