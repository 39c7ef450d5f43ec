"""Load, utilization, losing the largest zone, and cold caches.

ANALYSIS.md, "Capacity" and "Caches". Only declared rates count: the load on a component is the
sum of the rates on the edges into it (`rps`, or `reads` + `writes`), each times the edge's
`fanout` and the scenario's load factor. A cold cache sends the reads it answered to the stores it
fronts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design, Edge
from .domains import Domains

WRITE_TO_ONE = frozenset({"primary_replica", "single"})


@dataclass(frozen=True, slots=True)
class Utilization:
    """One component under load. `utilization` is None without a stated `capacity`."""

    id: str
    load: float  # per second
    writes: float  # per second, the part of the load that writes
    instances: int
    capacity: float | None  # per instance
    utilization: float | None
    zone_loss_utilization: float | None  # None: no capacity, or nothing survives the zone
    write_bound: bool  # the writes to its one primary decide its utilization


def edge_rate(edge: Edge) -> float | None:
    """The caller's rate on an edge, before `fanout`; None when none is declared."""
    if edge.rps is not None:
        return edge.rps
    if edge.reads is None and edge.writes is None:
        return None
    return (edge.reads or 0.0) + (edge.writes or 0.0)


def edge_writes(edge: Edge) -> float:
    if edge.writes is not None:
        return edge.writes
    if edge.rps is not None and edge.op == "write":
        return edge.rps
    return 0.0


def edge_reads(edge: Edge) -> float | None:
    if edge.reads is not None:
        return edge.reads
    if edge.rps is not None and edge.op == "read":
        return edge.rps
    return None


def fanout(edge: Edge) -> int:
    return edge.fanout


@dataclass(frozen=True)
class ColdCache:
    cache: str
    hit_rate: float | None  # None: neither stated nor derivable from declared reads
    evidence: str
    moved: dict[str, float]  # fronted store -> reads per second that land on it


def edges_into(design: Design) -> dict[str, list[Edge]]:
    """Every component's incoming edges, in one pass: a caller judging many caches reads each
    one's edges from here instead of scanning the design per cache."""
    into: dict[str, list[Edge]] = {}
    for edge in design.edges:
        into.setdefault(edge.target, []).append(edge)
    return into


def hit_rate(design: Design, cache: str, into: dict[str, list[Edge]] | None = None) -> tuple[float | None, str]:
    """A cache's hit rate: stated, or 1 - (reads to its stores) / (reads to it) from the callers
    that declare reads to both. `into`: `edges_into(design)`, when the caller has it."""
    component = design.components[cache]
    stated = component.hit_rate
    if stated is not None:
        return stated / 100.0, f"`hit_rate={component.written('hit_rate').text}`"
    into = edges_into(design) if into is None else into
    to_cache: dict[str, float] = {}
    to_store: dict[str, float] = {}
    for target in (cache, *(s for s in dict.fromkeys(component.caches) if s != cache)):
        found = to_cache if target == cache else to_store
        for edge in into.get(target, ()):
            reads = edge_reads(edge)
            if reads is not None:
                found[edge.source] = found.get(edge.source, 0.0) + reads * fanout(edge)
    both = [caller for caller in to_cache if caller in to_store]
    total = sum(to_cache[c] for c in both)
    if not both or total <= 0:
        return None, "no `hit_rate`, and no caller declares reads to both the cache and its store"
    rate = min(1.0, max(0.0, 1.0 - sum(to_store[c] for c in both) / total))
    return rate, f"derived from the reads of {', '.join(f'`{c}`' for c in both)}"


def cold_cache(design: Design, cache: str, factor: float = 1.0, into: dict[str, list[Edge]] | None = None) -> ColdCache:
    """The reads a cold cache sends to its stores. `into`: `edges_into(design)`, when the
    caller judges many caches."""
    into = edges_into(design) if into is None else into
    rate, evidence = hit_rate(design, cache, into)
    fronted = list(dict.fromkeys(design.components[cache].caches))
    if rate is None or not fronted:
        return ColdCache(cache, rate, evidence, {})
    reads_in = sum((edge_reads(e) or 0.0) * fanout(e) for e in into.get(cache, ()))
    answered = rate * reads_in * factor
    declared = {store: sum((edge_reads(e) or 0.0) * fanout(e) for e in into.get(store, ()))
                for store in fronted}
    total = sum(declared.values())
    share = {s: (declared[s] / total if total > 0 else 1.0 / len(fronted)) for s in fronted}
    return ColdCache(cache, rate, evidence, {s: answered * share[s] for s in fronted})


def utilizations(design: Design, domains: Domains, factor: float = 1.0,
                 extra: dict[str, float] | None = None) -> dict[str, Utilization]:
    """Every component with a declared load: `factor` multiplies every rate; `extra` adds reads
    per second (a cold cache's)."""
    load: dict[str, float] = {}
    writes: dict[str, float] = {}
    for edge in design.edges:
        rate = edge_rate(edge)
        if rate is None:
            continue
        times = fanout(edge) * factor
        load[edge.target] = load.get(edge.target, 0.0) + rate * times
        writes[edge.target] = writes.get(edge.target, 0.0) + edge_writes(edge) * times
    for ident, reads in (extra or {}).items():
        load[ident] = load.get(ident, 0.0) + reads
    result = {}
    for ident, total in load.items():
        component = design.components[ident]
        result[ident] = _utilization(component, domains, total, writes.get(ident, 0.0))
    return result


def _utilization(component, domains: Domains, load: float, writes: float) -> Utilization:
    instances = component.replicas
    capacity = component.capacity
    if capacity is None or capacity <= 0:
        return Utilization(component.id, load, writes, instances, capacity, None, None, False)
    spread_load = load / (instances * capacity)
    write_load = writes / capacity if component.mode in WRITE_TO_ONE else 0.0
    utilization = max(spread_load, write_load)
    if component.managed:
        zone_loss = utilization  # the provider's redundancy, independent of the design's zones
    else:
        placement = domains.placement(component)
        survivors = len(placement.instances) - max(placement.per_zone().values())
        zone_loss = None if survivors <= 0 else max(load / (survivors * capacity), write_load)
    return Utilization(component.id, load, writes, instances, capacity, utilization, zone_loss,
                       write_load > spread_load)
