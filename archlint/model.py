"""The typed design model: what the loader builds from the text and every later stage reads.

Typed attributes are stored in SI units (seconds, events per second, percent); `attributes`
keeps every attribute as written, with its text and place, so rules can cite the evidence.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from .diagnostics import Location

Arrow = Literal["->", "~>"]
GroupKind = Literal["region", "zone", "boundary", "group"]


class Attribute(NamedTuple):
    """One `name=value` as written: the typed value, the text, and where each stands."""

    name: str
    value: Any
    text: str
    location: Location  # the whole `name=value`
    value_location: Location


class _Element(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    location: Location  # the element's id (a component, group) or its hop (an edge)
    statement: Location  # the whole statement, from its first token to its last
    attributes: dict[str, Attribute] = Field(default_factory=dict)

    def written(self, name: str) -> Attribute | None:
        """The attribute as the author wrote it, or None when it is left at its default."""
        return self.attributes.get(name)


class Component(_Element):
    id: str
    kind: str  # canonical kind: aliases are resolved (`db` -> `database`)
    label: str | None = None
    group: str | None = None  # innermost enclosing group

    replicas: int = 1
    zones: int = 1
    zone_ids: tuple[str, ...] = ()
    managed: bool = False
    state: Literal["stateless", "stateful"] | None = None
    sessions: Literal["local", "sticky", "shared", "client", "none"] = "none"
    durable: bool = False
    replica_of: str | None = None
    mode: Literal["single", "primary_replica", "cluster", "multi_primary"] | None = None
    engine: str | None = None
    tech: str | None = None
    availability: float | None = None  # percent
    latency: float | None = None  # seconds
    capacity: float | None = None  # requests per second, one instance
    dlq: str | None = None
    tags: tuple[str, ...] = ()
    owner: str | None = None

    @property
    def display(self) -> str:
        return self.label or self.id


class Edge(_Element):
    source: str
    target: str
    arrow: Arrow
    label: str | None = None

    op: Literal["read", "write", "rw"] | None = None
    reads: float | None = None  # per second
    writes: float | None = None  # per second
    rps: float | None = None  # per second
    proto: str | None = None
    tls: bool | None = None
    timeout: float | None = None  # seconds
    retries: int | None = None
    signal: tuple[str, ...] = ()
    optional: bool = False

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.arrow)

    @property
    def element_id(self) -> str:
        return f"{self.source}->{self.target}" if self.arrow == "->" else f"{self.source}~>{self.target}"

    @property
    def sync(self) -> bool:
        return self.arrow == "->"


class Group(_Element):
    id: str
    kind: GroupKind
    label: str | None = None
    parent: str | None = None
    components: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    @property
    def failure_domain(self) -> bool:
        return self.kind in ("region", "zone")


class Slo(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    availability: float | None = None  # percent
    latency: float | None = None  # seconds
    location: Location
    attributes: dict[str, Attribute] = Field(default_factory=dict)


class Pragma(BaseModel):
    """An `# archlint: ignore[...] -- reason` comment and the span it covers."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    rules: tuple[str, ...]  # as written: names or codes
    reason: str | None
    location: Location  # the comment
    scope: Location | None  # the statement it binds to; None for `ignore-file`
    file_wide: bool = False


class Design(BaseModel):
    """A whole design: a root file and everything it includes."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    root: str
    files: tuple[str, ...]  # every file read, the root first
    title: str | None = None
    title_location: Location | None = None
    slo: Slo | None = None
    components: dict[str, Component] = Field(default_factory=dict)
    edges: tuple[Edge, ...] = ()
    groups: dict[str, Group] = Field(default_factory=dict)
    pragmas: tuple[Pragma, ...] = ()

    def components_of_kind(self, *kinds: str) -> list[Component]:
        return [c for c in self.components.values() if c.kind in kinds]

    def enclosing_groups(self, element_group: str | None) -> list[Group]:
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
