"""A store whose writes all land on one primary, more of them than one instance can take.

## Why is this bad?
With `mode=primary_replica` (or `single`), replicas serve reads and stand by, but every write goes
to the one primary: adding replicas adds no write capacity. When the declared writes into the
store exceed the `capacity` of one instance, the primary saturates however many replicas run.
The fix is in the data model (sharding, `multi_primary`, a cluster) or in batching the writes.

Figures as `archlint analyze` computes them: the utilization of the primary is the declared
writes (`writes`, or `rps` on an `op=write` edge, times `fanout`) over one instance's `capacity`
(docs/analysis.md). Silent without a `capacity` or declared writes.

## Anti-pattern
```arch
client   browser "Browsers"
service  api     "API"    [replicas=3, zones=3]
database orders  "Orders" [mode=primary_replica, replicas=3, zones=3, capacity=2k]

browser -> api
api -> orders [reads=1k/s, writes=5k/s]
```

## Best practice
```arch
client        browser "Browsers"
service       api     "API"        [replicas=3, zones=3]
database      orders  "Orders"     [mode=cluster, replicas=6, zones=3, capacity=2k]
observability metrics "Prometheus" [managed=true]

browser -> api
api ~> metrics [signal=metrics]
api -> orders  [reads=1k/s, writes=5k/s]
```

## False positives
Writes are counted from `writes` on the edges into the store (or `rps` on an edge with
`op=write`), and all of them land on the primary of a `primary_replica` or `single` store. A
store sharded by key behind one name (several primaries) is not one primary: declare it
`mode=cluster` or `multi_primary`, or model the shards. Batched writes (many rows per
statement) are one write each to the primary: state the rate of statements, not of rows.

## Options
None.

## References
- Martin Kleppmann, "Designing Data-Intensive Applications", chapter 5 (leaders and followers) and 6 (partitioning)
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, states
from archlint.analysis.words import ratio
from archlint.rule_api import Design, DesignGraph, Finding, Severity, format_rate

CODE = "C004"
NAME = "primary-write-overload"
CATEGORY = "capacity"
DEFAULT_SEVERITY = Severity.ERROR


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not states(design, "capacity"):
        return  # no utilization without a capacity: the model is not even loaded
    for ident, use in analysis_of(graph).utilization.items():
        if not use.write_bound or use.utilization is None or use.utilization < 1:
            continue
        component = design.components[ident]
        yield Finding(
            message=(
                f"{component.kind} `{ident}` takes {format_rate(use.writes)} writes on its one primary of "
                f"{format_rate(use.capacity)} (`mode={component.mode}`): utilization {ratio(use.utilization)}; "
                f"its {use.instances} replicas add no write capacity"
            ),
            location=component.location,
            element=ident,
            help="shard the writes, batch them, or use a store that spreads writes (`mode=cluster` or `multi_primary`)",
        )
