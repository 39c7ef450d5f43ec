"""The draft design an import produces, before it is written out: components, edges, evidence."""

from __future__ import annotations

from dataclasses import dataclass, field

from .units import Place

# Evidence strengths, strongest first: how the draft orders what it cites for an edge.
ENV, CLUSTER_NAME, ROUTE, PROXY, START_ORDER = 1, 2, 3, 4, 5
WEAK = START_ORDER


@dataclass(frozen=True, order=True)
class Fact:
    strength: int
    place: Place | None
    text: str
    scheme: str = ""  # the URL scheme the evidence names, when it names one


@dataclass
class Component:
    id: str
    kind: str
    label: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)  # name -> value as written
    facts: list[Fact] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    replicas: int | None = None  # as the files state it (for the drift check)


@dataclass
class Edge:
    source: str
    target: str
    arrow: str
    attributes: dict[str, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)

    @property
    def weak(self) -> bool:
        return all(fact.strength >= WEAK for fact in self.facts)


@dataclass
class Draft:
    title: str
    sources: list[str]
    command: str
    components: dict[str, Component] = field(default_factory=dict)
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what was read but became no component or edge
