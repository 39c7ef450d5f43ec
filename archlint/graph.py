"""The design as a graph, and the graph queries that rules share (`DesignGraph.nx` is the
design as a networkx graph, built only when a rule asks for it).

Every query here is linear in the size of the design (breadth-first walks over prepared
adjacency lists); none enumerates paths.

The central notion is *need*: a request needs every component it reaches over synchronous
calls (`->`) that are not `optional`, and the queues it publishes to (`~>` into a queue or
stream). It does not need what consumes those queues: the *work* does. Observability is never
needed by a request or by work: telemetry is fire-and-forget.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Iterable, NamedTuple

from .cycles import first_cycle, strongly_connected
from .model import Component, Design, Edge
from .language import OUTSIDE_KINDS, QUEUE_KINDS

# Kinds that are spread over many machines by nature: a plain `cdn` or `function` is not a
# single point of failure unless the design says `replicas=1`.
DISTRIBUTED_BY_NATURE = frozenset({"cdn", "dns", "function"})
EDGE_KINDS = frozenset({"dns", "cdn", "lb", "gateway"})
# Where a way in from outside arrives: the application behind the traffic tier.
APPLICATION_KINDS = frozenset({"service", "worker", "function"})
REPLICATED_MODES = frozenset({"primary_replica", "cluster", "multi_primary"})


class Need(NamedTuple):
    """Why a component is needed: which entry point (or queue) needs it, and the hop before it
    (None at the root of the walk). A named tuple: a walk over a large design makes one per
    component it reaches."""

    origin: str
    parent: str | None
    by_work: bool  # needed by the processing of queued work rather than by a request


@dataclass(frozen=True)
class Redundancy:
    redundant: bool
    evidence: str  # in words, citing the attributes: "1 replica (no `replicas` given)"


@dataclass(frozen=True)
class ZoneSpan:
    zones: int
    evidence: str


@dataclass(frozen=True)
class EntryPath:
    """One way in: the edges from an outside caller, through the traffic tier, to an
    application component."""

    edges: tuple[Edge, ...]

    @property
    def components(self) -> list[str]:
        return [self.edges[0].source] + [edge.target for edge in self.edges]

    @property
    def caller(self) -> str:
        return self.edges[0].source

    @property
    def application(self) -> str:
        return self.edges[-1].target


@dataclass(frozen=True)
class EntryWay:
    """The ways in through one edge from outside: the edge, and the ways on from its target
    through the traffic tier, one per application component reached (the edges after `edge`).
    Entry edges into the same front door share `onward`: N clients through one balancer to M
    services are N ways of M paths each, walked once, never N x M paths built."""

    edge: Edge
    onward: tuple[tuple[Edge, ...], ...]

    @property
    def front_door(self) -> str:
        return self.edge.target

    def paths(self) -> list[EntryPath]:
        return [EntryPath((self.edge, *tail)) for tail in self.onward]


@dataclass(frozen=True)
class Siblings:
    count: int  # zonal siblings in all
    first: tuple[str, ...]  # the first few, in call order, to name as evidence
    zones: int  # the zones the component and its siblings span


SIBLINGS_NAMED = 3


class DesignGraph:
    """A `Design` as a `networkx.MultiDiGraph` (edge keys are the arrows), with shared queries."""

    def __init__(self, design: Design) -> None:
        self.design = design
        # The adjacency, with only the components that have some as keys (most of a large design
        # calls nothing): read with `.get(ident, ())`.
        self._required: dict[str, list[str]] = {}
        self._published: dict[str, list[str]] = {}
        self._async_out: dict[str, list[str]] = {}
        self._replicas_of: dict[str, list[str]] = {}
        self._callers: dict[str, list[str]] = {}
        components = design.components
        for edge in design.edges:
            target_kind = components[edge.target].kind
            if target_kind == "observability":
                continue
            if edge.sync:
                if not edge.optional:
                    _add(self._required, edge.source, edge.target)
                    _add(self._callers, edge.target, edge.source)
            else:
                _add(self._async_out, edge.source, edge.target)
                if target_kind in QUEUE_KINDS:
                    _add(self._published, edge.source, edge.target)
        for component in components.values():
            if component.replica_of is not None:
                self._replicas_of.setdefault(component.replica_of, []).append(component.id)
        self._nx = None
        self._zones: dict[str, str | None] | None = None
        self._peers: dict | None = None  # zonal siblings: see `zonal_siblings`
        self._request_needs: dict[str, Need] | None = None
        self._work_needs: dict[str, Need] | None = None
        self._sync_calls: dict[bool, dict[str, list[Edge]]] = {}  # required_only -> the calls
        self._orders: dict[int, list[str]] = {}  # id of one of `_sync_calls`'s mappings -> its acyclic order
        self._outside_ids: frozenset[str] | None = None
        # What the layers above compute from this graph and share while it lives (the analysis).
        self.derived: dict[str, object] = {}

    # --- the networkx view --------------------------------------------------------------
    @property
    def nx(self):
        """The `networkx.MultiDiGraph`: nodes carry `component`, edges (keyed by arrow) `edge`."""
        if self._nx is None:
            import networkx

            graph = networkx.MultiDiGraph()
            graph.add_nodes_from((ident, {"component": c, "kind": c.kind}) for ident, c in self.design.components.items())
            graph.add_edges_from((e.source, e.target, e.arrow, {"edge": e}) for e in self.design.edges)
            self._nx = graph
        return self._nx

    # --- entry points and need ----------------------------------------------------------
    def entry_points(self) -> list[str]:
        """Where requests start: the clients; in a design without clients, the edge tier (dns,
        cdn, load balancers, gateways) that nothing calls. A design with neither gives no
        evidence of where requests come from, and nothing is judged needed by requests."""
        clients = [c.id for c in self.design.components.values() if c.kind == "client"]
        if clients:
            return clients
        called = {edge.target for edge in self.design.edges}
        return [c.id for c in self.design.components.values() if c.id not in called and c.kind in EDGE_KINDS]

    def request_needs(self) -> dict[str, Need]:
        """Every component some request needs, with a breadth-first witness back to its client."""
        if self._request_needs is None:
            self._request_needs = self._walk(((e, e) for e in self.entry_points()), by_work=False)
        return self._request_needs

    def work_needs(self) -> dict[str, Need]:
        """Every component the processing of async work needs: consumers and what they call.

        The origin of a consumer is the queue (or producer) that feeds it.
        """
        if self._work_needs is None:
            starts = []
            for source in self.design.components:  # in the order of the design, as the walk's witnesses are
                targets = self._async_out.get(source, ())
                for target in targets:
                    if self.design.components[target].kind not in QUEUE_KINDS:
                        starts.append((target, source))
            self._work_needs = self._walk(starts, by_work=True)
        return self._work_needs

    def _walk(self, starts: Iterable[tuple[str, str]], by_work: bool) -> dict[str, Need]:
        needs: dict[str, Need] = {}
        queue: deque[str] = deque()
        for node, origin in starts:
            if node not in needs:
                needs[node] = Need(origin, None, by_work)  # roots: the walk's tree stays acyclic
                queue.append(node)
        components = self.design.components
        while queue:
            node = queue.popleft()
            if components[node].kind in QUEUE_KINDS:
                continue  # consumers pull from a queue; they are needed by the work, not here
            origin = needs[node].origin
            required = self._required.get(node, ())
            published = self._published.get(node)
            for target in [*required, *published] if published else required:
                if target not in needs:
                    needs[target] = Need(origin, node, by_work)
                    queue.append(target)
        return needs

    def witness(self, needs: dict[str, Need], node: str) -> list[str]:
        """The path from the origin of a need to `node`, origin first."""
        path = [node]
        need = needs[node]
        while need.parent is not None:  # parents were discovered earlier: this ends at a root
            path.append(need.parent)
            need = needs[need.parent]
        if path[-1] != need.origin:
            path.append(need.origin)  # the queue or producer that feeds a consumer
        path.reverse()
        return path

    # --- the way in from outside ---------------------------------------------------------
    def entry_ways(self) -> list[EntryWay]:
        """How requests from outside reach the application: each edge from a `client` or
        `external` into the design, with the ways on through the traffic tier (dns, cdn, lb,
        gateway) over required synchronous calls to each first `service`, `function` or
        `worker` (the first found, breadth-first). Each front door is walked once, however many
        callers enter through it: linear in the design."""
        components = self.design.components
        calls = self.sync_calls(required_only=True)
        onward: dict[str, tuple[tuple[Edge, ...], ...]] = {}  # front door -> its ways on
        ways = []
        for edge in self.design.edges:
            if not edge.sync or components[edge.source].kind not in OUTSIDE_KINDS:
                continue
            if components[edge.target].kind in OUTSIDE_KINDS:
                continue
            if edge.target not in onward:
                onward[edge.target] = self._ways_on(edge.target, calls)
            ways.append(EntryWay(edge, onward[edge.target]))
        return ways

    def _ways_on(self, front_door: str, calls: dict[str, list[Edge]]) -> tuple[tuple[Edge, ...], ...]:
        """Breadth-first from a front door through the traffic tier: the calls to each
        application component reached, in the order reached."""
        components = self.design.components
        came_by: dict[str, tuple[Edge, ...]] = {front_door: ()}
        found = []
        queue = deque([front_door])
        while queue:
            node = queue.popleft()
            kind = components[node].kind
            if kind in APPLICATION_KINDS:
                found.append(came_by[node])
                continue
            if kind not in EDGE_KINDS:
                continue  # a data store or queue: not the application's way in
            for call in calls[node]:
                if call.target not in came_by:
                    came_by[call.target] = came_by[node] + (call,)
                    queue.append(call.target)
        return tuple(found)

    def entry_paths(self) -> list[EntryPath]:
        """Every way in spelled out, one path per entry edge and application component
        (`entry_ways`, expanded). As many as callers times the applications behind their front
        door: a rule that judges each way reads `entry_ways` and judges a front door's ways once."""
        return [path for way in self.entry_ways() for path in way.paths()]

    # --- redundancy and failure domains -------------------------------------------------
    def redundancy(self, component: Component) -> Redundancy:
        """Whether a component survives the loss of one instance, and the evidence either way."""
        written = component.written
        if component.managed:
            return Redundancy(True, "managed")
        if component.mode == "single":
            return Redundancy(False, "`mode=single`")
        if component.replicas >= 2:
            return Redundancy(True, f"{component.replicas} replicas")
        if component.mode in REPLICATED_MODES:
            return Redundancy(True, f"`mode={component.mode}`")
        siblings = self.sibling_summary(component)
        if siblings.count:
            return Redundancy(True, f"zonal sibling `{siblings.first[0]}`")
        if self._replicas_of.get(component.id):
            return Redundancy(True, f"read replica `{self._replicas_of[component.id][0]}`")
        if component.replica_of is not None:
            return Redundancy(True, f"replica of `{component.replica_of}`")
        if component.kind in DISTRIBUTED_BY_NATURE and written("replicas") is None:
            return Redundancy(True, f"a {component.kind} is distributed by nature")
        if written("replicas") is None:
            return Redundancy(False, "1 replica (no `replicas` given)")
        return Redundancy(False, f"`replicas={written('replicas').text}`")

    def zone_span(self, component: Component) -> ZoneSpan:
        """How many failure zones a component's replicas span, and on what evidence."""
        written = component.written("zones")
        if written is not None:
            return ZoneSpan(component.zones, f"`zones={written.text}`")
        zone = self._zone_of(component)
        if zone is not None:
            siblings = self.sibling_summary(component)
            if siblings.count:
                more = siblings.count - len(siblings.first)
                named = ", ".join(f"`{s}`" for s in siblings.first) + (f" and {more} more" if more else "")
                return ZoneSpan(siblings.zones, f"zonal siblings {named}")
            return ZoneSpan(1, f"it sits in zone `{zone}`")
        return ZoneSpan(1, "no `zones` given")

    def _zone_of(self, component: Component) -> str | None:
        return self._zone_of_group(component.group)

    def _zone_of_group(self, group: str | None) -> str | None:
        """The innermost `zone` group around a group, remembered for every group on the way:
        deep nesting costs its depth once, not once per component."""
        if self._zones is None:
            self._zones = {}
        chain = []
        while group is not None and group not in self._zones:
            chain.append(group)
            found = self.design.groups[group]
            if found.kind == "zone":
                self._zones[group] = group
                chain.pop()
                break
            group = found.parent
        zone = self._zones.get(group) if group is not None else None
        for member in chain:
            self._zones[member] = zone
        return zone

    def zonal_siblings(self, component: Component) -> list[str]:
        """Components of the same kind, in other zones, that a caller of `component` also calls:
        a per-zone deployment (`lb -> api_a, api_b` with each in its zone) is one tier spread
        over zones, not two dependencies. The whole list: N - 1 names for each of N services
        behind one balancer, each in its zone; the rules ask `sibling_summary` instead."""
        zone = self._zone_of(component)
        if zone is None or component.id not in self._callers:
            return []
        peers = self._peers_of(component)
        return [other for peer_zone, members in peers.items() if peer_zone != zone for other in members]

    def zonal_tiers(self) -> list[list[str]]:
        """Every per-zone deployment at once: for each caller and kind, the components of that
        kind it calls in two zones or more. Two components are zonal siblings exactly when one
        tier holds both, so grouping by tier costs the edges, where asking `zonal_siblings` of
        each of N services behind one balancer costs N^2."""
        components = self.design.components
        zone_of: dict[str, str | None] = {}  # each callee's zone, looked up once
        tiers = []
        for caller, callees in self._required.items():
            if len(callees) < 2:
                continue  # one callee is no tier
            by_kind: dict[str, list[str]] = {}
            zones: dict[str, set] = {}
            for callee in dict.fromkeys(callees):
                component = components[callee]
                if callee not in zone_of:
                    zone_of[callee] = self._zone_of(component)
                zone = zone_of[callee]
                if zone is not None:
                    by_kind.setdefault(component.kind, []).append(callee)
                    zones.setdefault(component.kind, set()).add(zone)
            tiers.extend(members for kind, members in by_kind.items() if len(zones[kind]) > 1)
        return tiers

    def sibling_summary(self, component: Component) -> "Siblings":
        """The zonal siblings counted, with the first few named: what redundancy and zone spans
        need. The peers of a set of callers are gathered once, and the answer once per zone
        among them, so a balancer over N services each in its own zone costs its edges, not N^3."""
        zone = self._zone_of(component)
        if zone is None or component.id not in self._callers:
            return Siblings(0, (), 1)
        key = (tuple(self._callers.get(component.id, ())), component.kind)
        peers = self._peers_of(component)
        answer = self._sibling_answers.get((key, zone))
        if answer is None:
            count = self._peer_counts[key] - len(peers.get(zone, ()))
            first = []
            for other_zone, members in peers.items():
                if other_zone != zone:
                    first += members[: SIBLINGS_NAMED - len(first)]
                    if len(first) == SIBLINGS_NAMED:
                        break
            answer = Siblings(count, tuple(first), len(peers) + (zone not in peers))
            self._sibling_answers[(key, zone)] = answer
        return answer

    def _peers_of(self, component: Component) -> dict[str, list[str]]:
        """Zone -> the components of `component`'s kind its callers call there, in call order."""
        callers = self._callers.get(component.id, ())
        key = (tuple(callers), component.kind)
        if self._peers is None:
            self._peers, self._peer_counts, self._sibling_answers = {}, {}, {}
        peers = self._peers.get(key)
        if peers is None:
            peers = {}  # zone -> its peers, in call order
            seen = set()
            for caller in callers:
                for other in self._required.get(caller, ()):
                    peer = self.design.components[other]
                    if peer.kind == component.kind and other not in seen:
                        peer_zone = self._zone_of(peer)
                        if peer_zone is not None:
                            seen.add(other)
                            peers.setdefault(peer_zone, []).append(other)
            self._peers[key] = peers
            self._peer_counts[key] = len(seen)
        return peers

    def failure_domains(self, component: Component) -> list[str]:
        """The regions and zones around a component, innermost first."""
        return [g.id for g in self.design.enclosing_groups(component.group) if g.failure_domain]

    # --- neighbourhoods -----------------------------------------------------------------
    def required_targets(self) -> dict[str, list[str]]:
        """Who each component calls synchronously and cannot do without (telemetry aside), for
        the components that call some: read it with `.get(ident, ())`, never change it."""
        return self._required

    def callees(self, ident: str) -> list[str]:
        """Components `ident` calls synchronously and cannot do without."""
        return list(self._required.get(ident, ()))

    def telemetry_targets(self) -> dict[str, list[Edge]]:
        """For each component, its edges into observability components."""
        result: dict[str, list[Edge]] = {}
        components = self.design.components
        for edge in self.design.edges:
            if components[edge.target].kind == "observability":
                result.setdefault(edge.source, []).append(edge)
        return result

    def sync_calls(self, *, required_only: bool = False) -> dict[str, list[Edge] | tuple[()]]:
        """Every component's synchronous calls (`->`) as edges, telemetry left out; with
        `required_only`, the calls that are not `optional` either. Built once per graph and
        shared by the rules that walk calls: read it, never change it."""
        calls = self._sync_calls.get(required_only)
        if calls is None:
            calls = self._sync_calls[required_only] = self._calls(required_only)
        return calls

    def _calls(self, required_only: bool) -> dict[str, list[Edge] | tuple[()]]:
        """`sync_calls`, made. Those that call nothing (most of a large design) share one empty
        tuple; the required calls are read from all of them, and a caller whose calls are all
        required has one list in both mappings."""
        if required_only:
            required: dict[str, list[Edge] | tuple[()]] = {}
            for ident, made in self.sync_calls().items():
                kept = [edge for edge in made if not edge.optional]
                required[ident] = made if len(kept) == len(made) else kept or ()
            return required
        components = self.design.components
        calls: dict[str, list[Edge] | tuple[()]] = dict.fromkeys(components, ())
        for edge in self.design.edges:
            if edge.sync and components[edge.target].kind != "observability":
                made = calls[edge.source]
                if made:
                    made.append(edge)
                else:
                    calls[edge.source] = [edge]
        return calls

    def acyclic_order(self, calls: dict[str, list[Edge]]) -> list[str]:
        """The components in an order where every caller comes before its callees (Kahn's walk,
        linear). Components on a cycle, and those only reached through one, are left out: they
        have no longest path, and the cycle is a finding of its own. A call into a `client` or
        `external` ends there: what that system calls back is another flow, not a cycle.
        The order of one of `sync_calls`'s mappings is made once per graph: read it, never
        change it."""
        mine = any(calls is shared for shared in self._sync_calls.values())
        if mine and id(calls) in self._orders:
            return self._orders[id(calls)]
        outside = self._outside()
        waiting = dict.fromkeys(calls, 0)  # calls into each, read from the edges (no copy of them)
        for edges in calls.values():
            for edge in edges:
                if edge.target not in outside:
                    waiting[edge.target] += 1
        ready = deque(ident for ident, count in waiting.items() if count == 0)
        order = []
        while ready:
            node = ready.popleft()
            order.append(node)
            for edge in calls[node]:
                target = edge.target
                if target not in outside:
                    left = waiting[target] - 1
                    waiting[target] = left
                    if left == 0:
                        ready.append(target)
        if mine:
            self._orders[id(calls)] = order
        return order

    def _outside(self) -> frozenset[str]:
        """The `client` and `external` components: a call into one ends a flow."""
        if self._outside_ids is None:
            self._outside_ids = frozenset(i for i, c in self.design.components.items() if c.kind in OUTSIDE_KINDS)
        return self._outside_ids

    def required_cycles(self) -> list[list[str]]:
        """One cycle of required synchronous calls per strongly connected set of components
        (`a -> b -> a`, first component repeated at the end), in the order of declaration. A
        `client` or `external` is never on one (see `acyclic_order`). Only what the acyclic
        order leaves out can be on a cycle (and what it calls is left out too): the search
        walks those alone."""
        components = self.design.components
        outside = self._outside()
        ordered = set(self.acyclic_order(self.sync_calls(required_only=True)))
        left = [ident for ident in components if ident not in ordered]
        calls = {source: [t for t in self._required.get(source, ()) if t not in outside] for source in left}
        order = {ident: index for index, ident in enumerate(left)}
        cycles = []
        for members in strongly_connected(left, calls):
            start = min(members, key=order.__getitem__)
            if len(members) == 1 and start not in calls[start]:
                continue
            path = first_cycle(start, calls, set(members))
            first = path.index(min(path, key=order.__getitem__))
            path = path[first:] + path[:first]
            cycles.append((order[path[0]], path + [path[0]]))
        return [cycle for _, cycle in sorted(cycles)]

    def outgoing_index(self) -> dict[str, list[Edge]]:
        """Every component's outgoing edges, built in one pass."""
        result: dict[str, list[Edge]] = {ident: [] for ident in self.design.components}
        for edge in self.design.edges:
            result[edge.source].append(edge)
        return result


def _add(adjacency: dict[str, list[str]], key: str, value: str) -> None:
    found = adjacency.get(key)
    if found is None:
        adjacency[key] = [value]
    else:
        found.append(value)


def format_path(path: list[str], limit: int = 6) -> str:
    """`browser -> alb -> api -> urls`, eliding the middle of long paths."""
    if len(path) > limit:
        path = path[:2] + ["..."] + path[-(limit - 3):]
    return " -> ".join(path)
