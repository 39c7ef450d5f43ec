"""One design's numbers, computed on demand: what the rules, `archlint analyze` and a what-if
scenario all read, so that they tell one story.

A `Scenario` (components or domains failed, caches cold, a load factor) is one more input to
the same computation: `Analysis(design, graph)` is today, `Analysis(design, graph, scenario)`
is "what if".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from ..graph import DesignGraph
from ..model import Design
from .availability import EntryAvailability, Tables, Unit, entry_availability, needed
from .capacity import ColdCache, Utilization, cold_cache, utilizations
from .domains import Domains
from .flows import Entry, Flows
from .latency import EntryLatency, Times, compute_times, entry_latency

DAY = 86400.0
# Spread over many machines by nature: not one instance to lose unless the design says `replicas=1`.
DISTRIBUTED_BY_NATURE = frozenset({"cdn", "dns", "function"})


def _by_nature(members) -> str | None:
    for member in members:
        if member.managed:
            return "managed"
        if member.kind in DISTRIBUTED_BY_NATURE and "replicas" not in member.as_written:
            return f"a {member.kind} is distributed by nature"
    return None
DEFAULT_WINDOW = 30 * DAY


_ID, _UNSTATED = attrgetter("id"), attrgetter("unstated")  # read in C over an entry point's units
_MANAGED = ((),)  # a managed component's one instance: the provider's, in no domain of the design


def _one_down(a: float, n: int) -> tuple[float, ...]:
    """n instances at availability `a`, the first of them down (the what-if sweep's one instance)."""
    return (0.0, *(a,) * (n - 1)) if n else ()


def _most_first(contributor: "Contributor") -> tuple[float, str]:
    return -contributor.saved, contributor.id


@dataclass(frozen=True)
class Scenario:
    failed: tuple[str, ...] = ()  # components (all their instances) and domains
    cold_caches: tuple[str, ...] = ()
    load: float = 1.0  # multiplies every declared rate
    one_down: tuple[str, ...] = ()  # components with one instance down (the what-if sweep)

    @property
    def today(self) -> bool:
        return not self.failed and not self.cold_caches and self.load == 1.0 and not self.one_down


class Contributor(NamedTuple):
    """What one unit or domain costs an entry point. A named tuple: an entry point through a large
    design has one per unit it needs, tens of thousands."""

    id: str  # a component (or `a+b` for a unit of several), or a domain
    kind: str  # component | domain
    saved: float  # availability gained if it never failed


def _shared_figures(result: EntryAvailability) -> tuple:
    """What the figures of a set of units share, whatever the order they were met in:
    (availability, contributors most downtime first, exact, domains)."""
    contributors = [Contributor(u, "component", v) for u, v in result.saved.items() if v > 0]
    contributors += [Contributor(d, "domain", v) for d, v in result.domain_saved.items() if v > 0]
    contributors.sort(key=_most_first)
    return result.availability, tuple(contributors), result.exact, result.domains


@dataclass(frozen=True)
class Figures:
    """The availability figures of one required set (see `EntryNumbers`)."""

    availability: float
    unstated: tuple[str, ...]
    contributors: tuple[Contributor, ...]
    exact: bool
    domains: tuple[str, ...]


@dataclass(frozen=True)
class EntryNumbers:
    entry: Entry
    availability: float
    unstated: tuple[str, ...]  # required components without `availability`
    contributors: tuple[Contributor, ...]  # most downtime first
    exact: bool
    domains: tuple[str, ...]  # the failing domains conditioned on
    latency: EntryLatency


@dataclass
class Analysis:
    design: Design
    graph: DesignGraph
    scenario: Scenario = field(default_factory=Scenario)
    window: float | None = None  # seconds; None: the slo's `window`, or 30 days

    # --- settings -----------------------------------------------------------------------
    @cached_property
    def window_seconds(self) -> float:
        if self.window is not None:
            return self.window
        slo = self.design.slo
        stated = slo.window if slo is not None else None
        return stated or DEFAULT_WINDOW

    @property
    def slo_availability(self) -> float | None:
        slo = self.design.slo
        return None if slo is None or slo.availability is None else slo.availability / 100.0

    @property
    def slo_latency(self) -> float | None:
        slo = self.design.slo
        return None if slo is None else slo.latency

    # --- structure ----------------------------------------------------------------------
    @cached_property
    def flows(self) -> Flows:
        return Flows(self.design, self.graph)

    @cached_property
    def domains(self) -> Domains:
        return Domains(self.design)

    @property
    def entries(self) -> list[Entry]:
        return self.flows.entries()

    # --- capacity -----------------------------------------------------------------------
    @cached_property
    def today_loads(self) -> dict[str, float]:
        """Load per component at today's rates: what k is judged from, in any scenario."""
        if self.scenario.today:
            return {ident: u.load for ident, u in self.utilization.items()}
        return {ident: u.load for ident, u in utilizations(self.design, self.domains).items()}

    @cached_property
    def cold(self) -> list[ColdCache]:
        return [cold_cache(self.design, c, self.scenario.load) for c in self.scenario.cold_caches]

    @cached_property
    def utilization(self) -> dict[str, Utilization]:
        extra: dict[str, float] = {}
        for cache in self.cold:
            for store, reads in cache.moved.items():
                extra[store] = extra.get(store, 0.0) + reads
        return utilizations(self.design, self.domains, self.scenario.load, extra)

    # --- availability -------------------------------------------------------------------
    @cached_property
    def units(self) -> dict[str, Unit]:
        """Each component's unit: itself, or the set of components redundant with it."""
        components = self.design.components
        parent: dict[str, str] = {}  # only the components joined to another: most are their own unit

        def find(x: str) -> str:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(a: str, b: str) -> None:
            parent.setdefault(a, a)
            parent.setdefault(b, b)
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for component in components.values():
            if component.replica_of is not None and component.replica_of in components:
                join(component.id, component.replica_of)
        for tier in self.graph.zonal_tiers():  # a per-zone deployment is one unit
            for member in tier[1:]:
                join(tier[0], member)
        groups: dict[str, list[str]] = {}  # each in the order of the design
        for ident in components:
            if ident in parent:
                groups.setdefault(find(ident), []).append(ident)
        failed, one_down = self._down
        units: dict[str, Unit] = {}
        for ident, component in components.items():  # a unit where its first member comes
            if ident not in parent:
                units[ident] = self._single(component, failed, one_down)
                continue
            group = groups[find(ident)]
            if group[0] == ident:
                unit = self._unit([components[m] for m in group])
                for member in group:
                    units[member] = unit
        return units

    def _unit(self, members) -> Unit:
        failed, one_down = self._down
        if len(members) == 1:
            return self._single(members[0], failed, one_down)
        up: list[float] = []
        chains: list[tuple[str, ...]] = []
        for member in members:
            a = 0.0 if member.id in failed else 1.0 if member.availability is None else member.availability / 100.0
            if member.managed:
                up.append(a)
                chains.append(())
                continue
            placed = self.domains.placement(member).instances
            chains += placed
            up += _one_down(a, len(placed)) if member.id in one_down else self._figures(a, len(placed))
        k, why = needed(members, self.today_loads, len(chains))
        ids = tuple(m.id for m in members)
        unstated = tuple(m.id for m in members if m.availability is None and m.id not in failed)
        return Unit("+".join(ids), ids, tuple(up), tuple(chains), k, why, unstated, _by_nature(members))

    def _single(self, member, failed, one_down) -> Unit:
        """`_unit` of one component, most of a design: its chains are its placement's, and
        components alike share one tuple of figures."""
        ident = member.id
        a = 0.0 if ident in failed else 1.0 if member.availability is None else member.availability / 100.0
        if member.managed:
            chains = _MANAGED
        else:
            chains = self.domains.placement(member).instances
        up = _one_down(a, len(chains)) if ident in one_down and not member.managed else self._figures(a, len(chains))
        members = (member,)
        own = (ident,)
        k, why = needed(members, self.today_loads, len(chains))
        return Unit(ident, own, up, chains, k, why, own if member.availability is None and ident not in failed else (),
                    _by_nature(members))

    def _figures(self, a: float, n: int) -> tuple[float, ...]:
        """n instances at availability `a`, one tuple for all the units alike."""
        figures = self._alike.get((a, n))
        if figures is None:
            figures = self._alike[(a, n)] = (a,) * n
        return figures

    @cached_property
    def _alike(self) -> dict[tuple[float, int], tuple[float, ...]]:
        return {}

    @cached_property
    def _down(self) -> tuple[frozenset[str], frozenset[str]]:
        """The scenario's failed components and domains, and its components with one instance down."""
        return frozenset(self.scenario.failed), frozenset(self.scenario.one_down)

    @cached_property
    def tables(self) -> Tables:
        up = self.domains.domains.failing()
        for ident in self.scenario.failed:
            if ident in self.domains.domains:
                up[ident] = 0.0
        return Tables(up)

    def unit_availability(self, ident: str) -> float:
        """A component's unit on its own, over the states of its own domains."""
        return entry_availability([self.units[ident]], self.tables).availability

    def numbers(self, entry: Entry) -> EntryNumbers:
        cache = self.__dict__.setdefault("_by_entry", {})
        if entry.id not in cache:
            cache[entry.id] = self._numbers(entry)
        return cache[entry.id]

    def _numbers(self, entry: Entry) -> EntryNumbers:
        f = self.availability(entry)
        return EntryNumbers(entry, f.availability, f.unstated, f.contributors, f.exact, f.domains, self.latency(entry))

    def availability(self, entry: Entry) -> Figures:
        """An entry point's availability alone: what asks for no latency need not walk for it."""
        return self._needs(entry.required)

    def _needs(self, required: tuple[str, ...]) -> Figures:
        """The availability figures of one required set. Entry points from one walk (clients
        entering through one front door) hold the same tuple and share them; different sets of
        the same units share the computation."""
        by_set = self.__dict__.setdefault("_by_required", {})
        found = by_set.get(id(required))
        if found is not None:
            return found[1]
        each = list(map(self.units.__getitem__, required))
        by_id = dict(zip(map(_ID, each), each))  # each unit once (a unit of several members comes again)
        units = list(by_id.values())
        # The figures of a set of units, whatever its order: found by the set's size and hash, and
        # checked against the required set that made them (the set itself, large for a large
        # walk, is not kept).
        by_units = self.__dict__.setdefault("_by_units", {})
        key = (len(by_id), hash(frozenset(by_id)))
        found = by_units.get(key)
        if found is not None and by_id.keys() == {u.id for u in map(self.units.__getitem__, found[0])}:
            shared = found[1]
        else:
            shared = _shared_figures(entry_availability(units, self.tables))
            if found is None:
                by_units[key] = (required, shared)
        unstated = tuple(chain.from_iterable(map(_UNSTATED, units)))
        figures = Figures(shared[0], unstated, shared[1], shared[2], shared[3])
        by_set[id(required)] = (required, figures)  # the tuple kept, so its id stays its own
        return figures

    def entry_location(self, entry: Entry):
        """Where a finding about an entry point points: its client or scheduled component, or
        the `~>` edge into the consumer of a piece of work."""
        if entry.kind == "work":
            edge = self._work_edges.get(entry.id)
            if edge is not None:
                return edge.location
        return self.design.components[entry.origin].location

    @cached_property
    def _work_edges(self) -> dict:
        return {e.element_id: e for e in self.design.edges if not e.sync}

    # --- latency ------------------------------------------------------------------------
    @cached_property
    def times(self) -> Times:
        return compute_times(self.design, self.flows, self.graph.sync_calls(required_only=True))

    def latency(self, entry: Entry) -> EntryLatency:
        return entry_latency(self.design, self.flows, self.times, entry, self.__dict__.setdefault("_by_calls", {}))
