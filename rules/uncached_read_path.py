"""A read-heavy synchronous path that reaches a data store with no cache in front of it.

## Why is this bad?
When most calls to a database, search index or object store are reads, most of its load and
most of the caller's latency are spent answering the same questions again. A cache (Redis,
Memcached) or a CDN in front takes that load off the store, cuts p99 latency, and keeps the
store within its capacity as traffic grows; without one, the store is the first thing to
saturate, and scaling it is the most expensive fix.

The rule fires only on evidence written on the edge (`->`) into the store:
- `op=read` with a rate (`reads` or `rps`) and no `writes`, or
- `reads` and `writes` whose ratio is at least `read-write-ratio`, or
- `reads` with no `writes` (and no `op=write` or `op=rw`).

An edge whose read rate is below `min-read-rate` is left alone. A caller counts as cached when
it is a `cdn` or a `cache` (a read-through cache reading its misses), or when it calls (`->`) a
component of kind `cache`. Edges with no rates, write-heavy edges and `op=write` never fire.

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

## Options
- `read-write-ratio` (float, default `10.0`): reads per write at which an edge with both
  `reads` and `writes` counts as read-heavy.
- `min-read-rate` (float, reads per second, default `100.0`): read rates below this are too
  low to be worth a cache, and never fire.

## References
- AWS whitepaper, "Database Caching Strategies Using Redis"
- Microsoft Azure Architecture Center, "Cache-Aside pattern"
- Martin Kleppmann, *Designing Data-Intensive Applications*, chapter 1, "Describing Load"
"""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from archlint.rule_api import DATA_STORE_KINDS, cite, Design, DesignGraph, Edge, Finding, RuleOptions, Severity

CODE = "P001"
NAME = "uncached-read-path"
CATEGORY = "performance"
DEFAULT_SEVERITY = Severity.WARNING

CACHED_KINDS = frozenset({"cdn", "cache"})


class Options(RuleOptions):
    # strict: a quoted "5" in TOML is a mistake, not a number (a bare 5 is still 5.0)
    read_write_ratio: float = Field(10.0, gt=0, strict=True, description="reads per write at which an edge is read-heavy")
    min_read_rate: float = Field(100.0, ge=0, strict=True, description="reads per second below which an edge never fires")


def _ratio(reads: float, writes: float) -> str:
    return f"{reads / writes:.1f}".rstrip("0").rstrip(".") + ":1"


def _read_evidence(edge: Edge, ratio: float) -> tuple[float, str] | None:
    """The read rate of a read-heavy edge and its evidence as written; None when not read-heavy."""
    written = edge.written
    if edge.op == "write":
        return None
    if written("writes") is not None:
        if written("reads") is None or edge.reads < ratio * edge.writes:
            return None
        if edge.writes == 0:
            return edge.reads, cite(edge, "reads", "writes")
        return edge.reads, f"{cite(edge, 'reads', 'writes')}: {_ratio(edge.reads, edge.writes)}"
    if edge.op == "read":
        rate = "reads" if written("reads") is not None else "rps" if written("rps") is not None else None
        return None if rate is None else (getattr(edge, rate), cite(edge, "op", rate))
    if written("reads") is not None and edge.op is None:
        return edge.reads, f"{cite(edge, 'reads')}, no writes"
    return None


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    outgoing = graph.outgoing_index()
    for ident, edges in outgoing.items():
        caller = components[ident]
        if caller.kind in CACHED_KINDS:
            continue
        if any(e.sync and components[e.target].kind == "cache" for e in edges):
            continue
        for edge in edges:
            store = components[edge.target]
            if not edge.sync or store.kind not in DATA_STORE_KINDS:
                continue
            evidence = _read_evidence(edge, options.read_write_ratio)
            if evidence is None or evidence[0] < options.min_read_rate:
                continue
            yield Finding(
                message=(
                    f"reads from `{ident}` reach {store.kind.replace('_', ' ')} `{store.id}` "
                    f"with no cache in front ({evidence[1]})"
                ),
                location=edge.location,
                element=edge.element_id,
                help=(f"put a cache in front of `{store.id}` that `{ident}` reads first (`{ident} -> cache`)"
                      + (", or serve the objects from a CDN (`cdn -> " + store.id + "`)" if store.kind == "object_store" else "")),
            )
