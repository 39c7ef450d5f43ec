"""Data written only to a store that does not survive a restart: the system of record is volatile.

## Why is this bad?
A cache, or a store configured without persistence, loses what it holds when it restarts,
fails over or evicts under memory pressure. That is fine for a copy of data kept elsewhere, and
a loss of data when it is the only place the data is written: carts, sessions that hold
orders, counters, job state. Either the data also goes to a durable store (write-through, an
event to a durable queue), or the store itself is made durable (`durable=true`: persistence,
replication to disk).

The rule looks at every store that states or defaults to `durable=false` (a `cache` by
default, or any store with `durable=false`) and that application components write to
(`op=write`, `op=rw`, or a `writes` rate above zero). It fires when the design shows the data
nowhere durable: no writer of it calls, reads from or publishes to a durable store (a database,
queue, stream or object store that is not `durable=false`), the store itself calls none, and it
states no `caches=` (the stores it fronts).

## Anti-pattern
```arch
client browser "Browsers"
service carts "Cart service" [replicas=3, zones=3]
cache cart_store "Carts" [engine=redis, replicas=3, zones=3]
observability metrics "Prometheus" [managed=true]

browser -> carts
carts -> cart_store [op=rw]
carts ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service carts "Cart service" [replicas=3, zones=3]
cache cart_store "Carts" [engine=redis, replicas=3, zones=3]
database carts_db "Carts of record" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> carts
carts -> cart_store [op=rw]
carts -> carts_db [op=write]
carts ~> metrics [signal=metrics]
```

## False positives
A Redis with append-only persistence and replicas is a durable store: say so with
`durable=true` on it. Data that may be lost by design (rate-limit counters, presence) deserves
a suppression that says so.

## Options
None.

## References
- Google SRE Book, chapter 26, "Data Integrity: What You Read Is What You Wrote"
- AWS whitepaper, "Database Caching Strategies Using Redis" (caches hold copies; the database
  is the source of truth)
- Redis documentation, "Redis persistence"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import APP_KINDS, STATEFUL_BY_NATURE, Design, DesignGraph, Edge, Finding, Severity, cite, is_write

CODE = "R009"
NAME = "volatile-primary-store"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    components = design.components
    outgoing = graph.outgoing_index()

    def durable(ident: str) -> bool:
        store = components[ident]
        return store.kind in STATEFUL_BY_NATURE and store.durable

    def reaches_durable(ident: str) -> bool:
        return any(durable(e.target) for e in outgoing[ident])

    written: dict[str, list[Edge]] = {}
    for edge in design.edges:
        store = components[edge.target]
        if store.kind in STATEFUL_BY_NATURE and not store.durable and components[edge.source].kind in APP_KINDS and is_write(edge):
            written.setdefault(store.id, []).append(edge)
    for ident, edges in written.items():
        store = components[ident]
        if "caches" in store.as_written or reaches_durable(ident):
            continue
        if any(reaches_durable(e.source) for e in edges):
            continue
        why = cite(store, "durable") or f"a {store.kind} keeps no data across restarts unless it states `durable=true`"
        writers = ", ".join(f"`{e.source} -> {ident}` ({cite(e, 'op', 'writes')})" for e in edges)
        yield Finding(
            message=f"{store.kind} `{ident}` is the only store its writers use ({writers}), and it is volatile ({why})",
            location=store.location,
            element=ident,
            help=f"also write the data to a durable store, or make `{ident}` durable and say so: `durable=true`",
        )
