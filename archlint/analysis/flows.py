"""Entry points and what each needs: the required set R(e) and the degraded set D(e).

ANALYSIS.md, "Entry points" and "What an entry point needs". Every walk is breadth-first over
adjacency lists built in one pass over the edges, so a witness path (the first way the walk
reached a component) comes with every member.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from ..graph import DesignGraph
from ..model import Design
from ..language import QUEUE_KINDS

EDGE_KINDS = frozenset({"dns", "cdn", "lb", "gateway"})


@dataclass(frozen=True)
class Entry:
    """Where work starts. `id` is the client or scheduled component, or `queue~>consumer`."""

    id: str
    kind: str  # request | schedule | work
    origin: str  # the client, the scheduled component, the queue (or producer) of the work
    required: tuple[str, ...]  # in the order the walk met them
    degraded: tuple[str, ...]
    parents: dict[str, str | None] = field(repr=False, compare=False)  # the walk's tree

    def witness(self, ident: str) -> list[str]:
        """How this entry reaches `ident`: the origin first."""
        path = [ident]
        parent = self.parents.get(ident)
        while parent is not None:
            path.append(parent)
            parent = self.parents.get(parent)
        if path[-1] != self.origin:
            path.append(self.origin)
        path.reverse()
        return path

    def describe(self) -> str:
        """In words: `requests from `browser``, `the work of `mailer` from `jobs``."""
        if self.kind == "request":
            return f"requests from `{self.origin}`"
        if self.kind == "schedule":
            return f"the scheduled work of `{self.origin}`"
        return f"the work of `{self.id.split('~>', 1)[1]}` from `{self.origin}`"


class Flows:
    """The adjacency the walks use, built once per design."""

    def __init__(self, design: Design, graph: DesignGraph) -> None:
        self.design = design
        components = design.components
        self.kinds = {ident: c.kind for ident, c in components.items()}
        # Who each component calls or publishes to: only the components that do are keys (most of
        # a large design calls nothing), so read them with `.get(ident, ())`.
        self.required_out: dict[str, list[str]] = graph.required_targets()  # sync, not optional: the graph's
        self.publish_out: dict[str, list[str]] = {}  # ~> into a queue
        self.optional_out: dict[str, list[str]] = {}
        self.consumers: list[tuple[str, str]] = []  # (queue or producer, consumer)
        for edge in design.edges:
            target_kind = self.kinds[edge.target]
            if target_kind == "observability":
                continue  # telemetry is never needed
            if edge.sync:
                if not edge.optional:
                    continue  # in `required_out` already
                out = self.optional_out
            elif target_kind in QUEUE_KINDS:
                out = self.optional_out if edge.optional else self.publish_out
            else:
                self.consumers.append((edge.source, edge.target))
                continue
            found = out.get(edge.source)
            if found is None:
                out[edge.source] = [edge.target]
            else:
                found.append(edge.target)
        self._entries: list[Entry] | None = None
        self._walks: dict[tuple[str, ...], tuple] = {}  # roots -> (required, degraded, parents)
        self._firsts: list[Entry] = []  # the first entry point of each walk

    def entries(self) -> list[Entry]:
        if self._entries is None:
            self._entries = [self._entry(*start) for start in self._starts()]
        return self._entries

    def firsts(self) -> list[Entry]:
        """The first entry point of each walk, in order: the others of a walk (clients through
        the same front door) need the same components, so what asks "the first entry point that
        needs X" reads these, not N clients times their N components."""
        self.entries()
        return self._firsts

    def _starts(self):
        components = self.design.components.values()
        clients = [c.id for c in components if c.kind == "client"]
        if not clients:  # without clients, the edge tier that nothing calls (as the v1 rules decide)
            called = {edge.target for edge in self.design.edges}
            clients = [c.id for c in components if c.kind in EDGE_KINDS and c.id not in called]
        for ident in clients:
            own = self.kinds[ident] != "client"  # an edge entry serves its own requests
            yield ident, "request", ident, [ident] if own else list(self._needed_by(ident))
        for component in components:
            if component.schedule is not None:
                yield component.id, "schedule", component.id, [component.id]
        for source, consumer in self.consumers:
            roots = [source, consumer] if self.kinds[source] in QUEUE_KINDS else [consumer]
            yield f"{source}~>{consumer}", "work", source, roots

    def _needed_by(self, ident: str) -> list[str] | tuple[()]:
        """What `ident` needs: read it, never change it (it may be one of the adjacency lists)."""
        required = self.required_out.get(ident, ())
        if self.kinds[ident] in QUEUE_KINDS:
            return required  # a queue needs what it calls, not who consumes it
        published = self.publish_out.get(ident)
        return [*required, *published] if published else required

    def _entry(self, ident: str, kind: str, origin: str, roots: list[str]) -> Entry:
        """One walk per set of roots: clients that call the same front door share it (the
        witness adds each entry's own origin in front)."""
        key = tuple(roots)
        walked = self._walks.get(key)
        if walked is None:
            parents: dict[str, str | None] = {}
            required = self._walk(roots, parents)
            degraded = self._degraded(required, parents)
            walked = self._walks[key] = (tuple(required), tuple(degraded), parents)
            self._firsts.append(Entry(ident, kind, origin, *walked))
            return self._firsts[-1]
        return Entry(ident, kind, origin, *walked)

    def _walk(self, roots: list[str], parents: dict) -> list[str]:
        fresh = [root for root in dict.fromkeys(roots) if root not in parents]
        for root in fresh:
            parents[root] = None
        return fresh + self._spread_needs(fresh, parents)

    def _degraded(self, required: list[str], parents: dict) -> list[str]:
        """What is reached only through an optional edge: its loss degrades, it does not break."""
        fresh = []
        optional_out = self.optional_out
        for node in required:
            for target in optional_out.get(node, ()):
                if target not in parents:
                    parents[target] = node
                    fresh.append(target)
        if not fresh:
            return fresh
        return fresh + self._spread(fresh, parents, lambda node: [*self._needed_by(node), *optional_out.get(node, ())])

    def _spread_needs(self, start: list[str], parents: dict) -> list[str]:
        """`_spread` over `_needed_by`, written out: every component a walk needs passes here."""
        order: list[str] = []
        queue: deque[str] = deque(start)
        kinds, required_out, publish_out = self.kinds, self.required_out, self.publish_out
        while queue:
            node = queue.popleft()
            targets = required_out.get(node, ())
            if kinds[node] not in QUEUE_KINDS:
                published = publish_out.get(node)
                if published:
                    targets = [*targets, *published]
            for target in targets:
                if target not in parents:
                    parents[target] = node
                    order.append(target)
                    queue.append(target)
        return order

    @staticmethod
    def _spread(start: list[str], parents: dict, neighbours) -> list[str]:
        """Breadth-first from `start`, recording each new node's parent; the new nodes in order."""
        order: list[str] = []
        queue: deque[str] = deque(start)
        while queue:
            node = queue.popleft()
            for target in neighbours(node):
                if target not in parents:
                    parents[target] = node
                    order.append(target)
                    queue.append(target)
        return order
