"""A read-heavy synchronous path that reaches a data store with no cache in front of it.

## Why is this bad?
When most calls to a database, search index or object store are reads, most of its load and
most of the caller's latency are spent answering the same questions again. A cache (Redis,
Memcached) or a CDN in front takes that load off the store, cuts p99 latency, and keeps the
store within its capacity as traffic grows; without one, the store is the first thing to
saturate, and scaling it is the most expensive fix.

The rule fires only on evidence written on a synchronous edge (`->`) into the store:
- `op=read` with a rate (`reads` or `rps`) and no `writes`, or
- `reads` and `writes` whose ratio is at least `read-write-ratio`, or
- `reads` with no `writes` (and no `op=write` or `op=rw`).

An edge whose read rate is below `min-read-rate` is left alone. A reader counts as cached
when it is a `cdn` or a `cache` (a read-through cache reading its misses), when it calls a
`cache` that fronts the store (a cache with `caches=[...]` fronts only the stores it names; one
without fronts any), or when it reads from a read replica of the store (`replica_of`): the
replicas serve the reads. Edges into a read replica never fire.

A connection pooler or proxy in front of the store (a component whose `engine` is in
`poolers`, such as `pgbouncer`, or a load balancer) is not the reader: the rule looks through
it, both ways. Rates on the edge from the pooler to the store are judged against the
components that call the pooler, and rates on an edge into the pooler are judged against the
stores behind it.

A store that states its `capacity` is not read-heavy while everything drawn into it (reads and
writes, over all its callers) stays within `capacity-share` of what its instances can take
(`capacity` x `replicas`): a cache would take load off a store that has room to spare. Edges
with no rates, write-heavy edges and `op=write` never fire.

## Anti-pattern
```arch
client browser "Browsers"
service api "Shortener API" [replicas=3, zones=3]
database urls "URL store" [managed=true]

browser -> api
api -> urls [reads=4k/s, writes=40/s]
```

## Best practice
```arch
client browser "Browsers"
service api "Shortener API" [replicas=3, zones=3]
cache hot "Hot links" [engine=redis, replicas=3, zones=3]
database urls "URL store" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> api
api -> hot [op=read, reads=40k/s]
api -> urls [reads=4k/s, writes=40/s]
api ~> metrics [signal=metrics]
```

## False positives
Reads served by something the design does not draw (an in-process cache, a materialized view)
are cached reads: draw the cache, or suppress on the edge and name it. A store that is sized
for its reads states its `capacity`, and the rule then judges it by its load.

## Options
- `read-write-ratio` (float, default `10.0`): reads per write at which an edge with both
  `reads` and `writes` counts as read-heavy.
- `min-read-rate` (float, reads per second, default `100.0`): read rates below this are too
  low to be worth a cache, and never fire.
- `capacity-share` (float, default `0.5`): the share of a store's stated capacity that the load
  drawn into it must exceed before its reads count as heavy.
- `poolers` (list of strings, default `["pgbouncer", "pgpool", "pgcat", "odyssey", "proxysql",
  "rds_proxy", "supavisor"]`): engines of connection poolers and proxies to look through.

## References
- AWS whitepaper, "Database Caching Strategies Using Redis"
- Microsoft Azure Architecture Center, "Cache-Aside pattern"
- Martin Kleppmann, *Designing Data-Intensive Applications*, chapter 1, "Describing Load"
- Amazon Builders' Library, "Caching challenges and strategies"
- PgBouncer documentation, "Usage" (a pooler multiplexes clients; it serves no reads itself)
"""

from __future__ import annotations

from functools import cached_property
from typing import Iterator

from archlint.rule_api import (DATA_STORE_KINDS, cite, Design, DesignGraph, Edge, Finding, DeclaredOptions, Severity,
                               option)

CODE = "P001"
NAME = "uncached-read-path"
CATEGORY = "performance"
DEFAULT_SEVERITY = Severity.WARNING

CACHED_KINDS = frozenset({"cdn", "cache"})


class Options(DeclaredOptions):
    # strict: a quoted "5" in TOML is a mistake, not a number (a bare 5 is still 5.0)
    read_write_ratio: float = option(10.0, "reads per write at which an edge is read-heavy", gt=0, strict=True)
    min_read_rate: float = option(100.0, "reads per second below which an edge never fires", ge=0, strict=True)
    capacity_share: float = option(0.5, "share of a store's stated capacity its load must exceed to be heavy",
                                   gt=0, strict=True)
    poolers: tuple[str, ...] = option(("pgbouncer", "pgpool", "pgcat", "odyssey", "proxysql", "rds_proxy", "supavisor"),
                                      "engines of connection poolers and proxies to look through")


def _ratio(reads: float, writes: float) -> str:
    return f"{reads / writes:.1f}".rstrip("0").rstrip(".") + ":1"


def _read_rate(edge: Edge, ratio: float) -> tuple[float, str] | None:
    """The read rate of a read-heavy edge and what says so (for `_evidence`); None when not read-heavy."""
    written = edge.as_written  # whether stated only: no attribute moved to its line
    if edge.op == "write":
        return None
    if "writes" in written:
        if "reads" not in written or edge.reads < ratio * edge.writes:
            return None
        return edge.reads, "reads and writes"
    if edge.op == "read":
        rate = "reads" if "reads" in written else "rps" if "rps" in written else None
        return None if rate is None else (getattr(edge, rate), rate)
    if "reads" in written and edge.op is None:
        return edge.reads, "reads alone"
    return None


def _evidence(edge: Edge, said: str) -> str:
    """The evidence `_read_rate` found, as written: made only for an edge a finding cites."""
    if said == "reads and writes":
        cited = cite(edge, "reads", "writes")
        return cited if edge.writes == 0 else f"{cited}: {_ratio(edge.reads, edge.writes)}"
    if said == "reads alone":
        return f"{cite(edge, 'reads')}, no writes"
    return cite(edge, "op", said)  # `op=read` with its `reads` or `rps`


def _load(edge: Edge) -> float:
    return (edge.reads or 0) + (edge.writes or 0) if edge.reads or edge.writes else edge.rps or 0


class _Reads:
    """What the design says about who reads which store, and through what."""

    def __init__(self, design: Design, graph: DesignGraph, options: Options) -> None:
        self.components = design.components
        self.options = options
        self.calls = graph.sync_calls()
        self.callers: dict[str, list[str]] = {ident: [] for ident in design.components}
        self.load: dict[str, float] = dict.fromkeys(design.components, 0.0)
        for source, edges in self.calls.items():
            for edge in edges:
                self.callers[edge.target].append(source)
                self.load[edge.target] += _load(edge)

    @cached_property
    def callees(self) -> dict[str, list[str]]:
        """Who each component calls: for the stores behind a pooler, made when one is met."""
        return {ident: [edge.target for edge in edges] for ident, edges in self.calls.items()}

    def pooler(self, ident: str) -> bool:
        component = self.components[ident]
        return component.kind == "lb" or component.engine in self.options.poolers

    def through(self, start: str, step: dict[str, list[str]]) -> list[str]:
        """The components past a chain of poolers from `start`, following `step` (callers or callees)."""
        seen, found, stack = {start}, [], [start]
        while stack:
            for ident in step[stack.pop()]:
                if ident in seen:
                    continue
                seen.add(ident)
                (stack if self.pooler(ident) else found).append(ident)
        return found

    def relieved(self, reader: str, store: str) -> bool:
        """Whether `reader` gets the store's data from a cache or a read replica."""
        if self.components[reader].kind in CACHED_KINDS:
            return True
        for edge in self.calls[reader]:
            target = self.components[edge.target]
            if target.replica_of == store:
                return True
            if target.kind == "cache":
                fronts = target.written("caches")
                if fronts is None or store in (fronts.value if isinstance(fronts.value, tuple) else (fronts.value,)):
                    return True
        return False

    def roomy(self, store: str) -> bool:
        """Whether the store states a capacity that its load stays well within."""
        component = self.components[store]
        if component.capacity is None:
            return False
        return self.load[store] <= self.options.capacity_share * component.capacity * component.replicas


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    reads = _Reads(design, graph, options)
    components = design.components
    for source, edges in reads.calls.items():
        for edge in edges:
            rate = _read_rate(edge, options.read_write_ratio)
            if rate is None or rate[0] < options.min_read_rate:
                continue
            evidence = None
            target = edge.target
            if reads.pooler(source):  # judge the readers behind the pooler
                stores, readers, via = [target], reads.through(source, reads.callers), f" through `{source}`"
            elif reads.pooler(target):  # judge the stores behind the pooler
                stores, readers, via = reads.through(target, reads.callees), [source], f" through `{target}`"
            else:
                stores, readers, via = [target], [source], ""
            for store in stores:
                component = components[store]
                if component.kind not in DATA_STORE_KINDS or component.replica_of is not None or reads.roomy(store):
                    continue
                uncached = [r for r in readers if not reads.relieved(r, store)]
                if not uncached:
                    continue
                names = ", ".join(f"`{r}`" for r in uncached)
                if evidence is None:
                    evidence = _evidence(edge, rate[1])
                yield Finding(
                    message=(f"reads from {names}{via} reach {component.kind.replace('_', ' ')} `{store}` "
                             f"with no cache in front ({evidence})"),
                    location=edge.location,
                    element=edge.element_id,
                    help=(f"put a cache in front of `{store}` that {names} read{'s' if len(uncached) == 1 else ''} first "
                          f"(`{uncached[0]} -> cache`)"
                          + (f", or serve the objects from a CDN (`cdn -> {store}`)" if component.kind == "object_store" else "")),
                )
