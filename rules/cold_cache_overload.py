"""A cache whose going cold would overload the store it fronts.

## Why is this bad?
A cache that answers most reads hides how much its store would have to serve. It goes cold
after a restart, a flush, a failover or a deploy that changes its keys, and then every read it
used to answer lands on the store at once: the thundering herd that turns a cache restart into
a database outage. When the store's stated capacity cannot carry today's load plus the reads the
cache answers, the design depends on the cache being warm.

The figures are the what-if model's (`archlint analyze --cold-cache CACHE`, docs/analysis.md):
the cache answers its hit rate (`hit_rate`, or 1 - reads to the store / reads to the cache from
the callers that declare both) of the reads into it, and those land on the stores it
`caches=[...]`, split by their declared reads. Silent where the cache states no `caches`, no hit
rate can be read, or the store states no `capacity`; a store already at 1 today is
`over-capacity`'s.

## Anti-pattern
```arch
client   browser "Browsers"
service  api     "API"      [replicas=3, zones=3]
cache    hot     "Hot keys" [replicas=3, zones=3, caches=[db], hit_rate=90%]
database db      "Orders"   [mode=primary_replica, replicas=2, zones=2, capacity=5k]

browser -> api [rps=2k/s]
api -> hot [reads=20k/s]
api -> db  [reads=2k/s]
```

## Best practice
```arch
client        browser "Browsers"
service       api     "API"        [replicas=3, zones=3]
cache         hot     "Hot keys"   [replicas=3, zones=3, caches=[db], hit_rate=90%]
database      db      "Orders"     [mode=primary_replica, replicas=6, zones=3, capacity=5k]
observability metrics "Prometheus" [managed=true]

browser -> api [rps=2k/s]
api -> hot [reads=20k/s]
api -> db  [reads=2k/s]
api ~> metrics [signal=metrics]
```

## False positives
A cache warmed before it takes traffic (a standby kept warm, a replica promoted with its data,
request coalescing in front of the store) never goes cold all at once; say so with a suppression
and its reason. The hit rate is read from the design: a stated `hit_rate` that is higher than
the real one hides the risk, a lower one overstates it.

## Options
None.

## References
- AWS Builders' Library, "Caching challenges and strategies": cold caches and downstream load
- Facebook, "Scaling Memcache at Facebook" (NSDI 2013): cold cluster warm-up
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of
from archlint.analysis.words import ratio
from archlint.rule_api import Design, DesignGraph, Finding, Severity, format_rate

CODE = "C005"
NAME = "cold-cache-overload"
CATEGORY = "capacity"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    numbers = analysis_of(graph)
    caches = [c for c in design.components.values() if c.kind == "cache" and c.caches]
    if not caches:
        return
    from archlint.analysis.capacity import cold_cache, edges_into
    from archlint.analysis.scenarios import unit_utilization

    use = numbers.utilization
    into = edges_into(design)  # once: each cache reads its own edges and its stores'
    for cache in caches:
        cold = cold_cache(design, cache.id, into=into)
        for store, reads in sorted(cold.moved.items()):
            unit = numbers.units[store]
            members = [design.components[m] for m in unit.members]
            today = unit_utilization(members, use, unit.size)
            after = unit_utilization(members, use, unit.size, {store: reads})
            if today is None or after is None or today >= 1 or after < 1:
                continue
            target = design.components[store]
            load = sum(use[m].load for m in unit.members if m in use) + reads
            capacity = min(m.capacity for m in members if m.capacity)
            yield Finding(
                message=(f"cache `{cache.id}` going cold sends the {format_rate(reads)} reads it answers (hit rate "
                         f"{cold.hit_rate:.0%}, {cold.evidence}) to {target.kind} `{store}`: {format_rate(load)} on "
                         f"{unit.size} x {format_rate(capacity)}, utilization {ratio(after)} (today {ratio(today)})"),
                location=cache.location,
                element=cache.id,
                help=f"size `{store}` for the reads of a cold cache, or warm the cache before it takes traffic",
            )
