"""A component whose declared load is at or above what its instances can take.

## Why is this bad?
The rates on the edges into a component (`rps`, or `reads` + `writes`, times `fanout`) are what
it must serve; `replicas` x `capacity` is what it can. At a utilization of 1 or more, queues grow
without bound, latency climbs until callers time out, and their retries add load: the design is
overloaded on an ordinary day, before any failure.

Load and utilization are the ones `archlint analyze` computes (docs/analysis.md). A managed
component counts as one instance unless `replicas` says more. Writes that all land on one
primary are the subject of `primary-write-overload`. Silent where a component states no
`capacity` or nothing declares a rate into it.

## Anti-pattern
```arch
client  browser "Browsers"
service api     "API" [replicas=2, zones=2, capacity=1k]

browser -> api [rps=5k/s]
```

## Best practice
```arch
client        browser "Browsers"
service       api     "API"        [replicas=12, zones=3, capacity=1k]
observability metrics "Prometheus" [managed=true]

browser -> api [rps=5k/s]
api ~> metrics [signal=metrics]
```

## False positives
Load is the sum of the rates declared on the edges into a component, and `capacity` is per
instance: a rate written on several edges for the same traffic (a caller's `rps` repeated on
the edge of a proxy in front) counts twice. State each request's rate once, on the edge where
it is made. Autoscaling is not modelled: `replicas` is taken as the number of instances
running; when the design relies on scaling out, state the `replicas` at the peak it plans for.

## Options
None. See `near-capacity` for the warning below 1.

## References
- AWS Well-Architected Framework, Reliability pillar: "Manage service quotas and constraints"
- Google SRE Book, "Handling Overload"
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, states
from archlint.analysis.words import load, ratio
from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "C001"
NAME = "over-capacity"
CATEGORY = "capacity"
DEFAULT_SEVERITY = Severity.ERROR


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not states(design, "capacity"):
        return  # no utilization without a capacity: the model is not even loaded
    for ident, use in analysis_of(graph).utilization.items():
        if use.utilization is None or use.utilization < 1 or use.write_bound:
            continue
        component = design.components[ident]
        yield Finding(
            message=f"{load(component.kind, ident, use)}: utilization {ratio(use.utilization)}",
            location=component.location,
            element=ident,
            help="add replicas or capacity, or shed load before it (a cache, a rate limit, a queue)",
        )
