"""A replicated component whose replicas all sit in one zone, on a path that requests or work need.

## Why is this bad?
Replicas protect against the loss of an instance, not of the zone they share: a power, network
or control-plane failure in that zone takes every replica down at once. Zone outages are rarer
than instance failures, which is why this is a milder finding than a single point of failure,
but for anything on the request path a reviewer will still ask for a second zone.

The zones a component spans are read from `zones` (a count, or a list of zone ids), or from the
`zone` group it sits in, together with its zonal siblings (same kind, other zones, called by the
same caller: `lb -> api_a, api_b` with one in each zone); with neither, the language's default
is one zone. Managed components
count as spread across zones.

## Anti-pattern
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=4]

browser -> alb -> api
```

## Best practice
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=4, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> alb -> api
api ~> metrics [signal=metrics]
```

## False positives
Replicas may be spread over zones where the design does not say so (an autoscaling group over
three zones): write it down with `zones=3`, or place the component in the `zone` groups it
runs in.

## Options
None.

## References
- AWS Well-Architected Framework, Reliability pillar: "Deploy the workload to multiple locations"
- Google Cloud Architecture Framework: "Design for zonal and regional failures"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import OUTSIDE_KINDS, Design, DesignGraph, Finding, Severity, format_path

CODE = "R002"
NAME = "zone-single-point-of-failure"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    requests = graph.request_needs()
    work = graph.work_needs()
    for ident, component in design.components.items():
        if component.kind in OUTSIDE_KINDS or component.kind == "observability" or component.managed:
            continue
        needs = requests if ident in requests else work if ident in work else None
        if needs is None or component.replicas < 2:
            continue  # a lone instance is a single point of failure already, reported as such
        span = graph.zone_span(component)
        if span.zones >= 2:
            continue
        path = graph.witness(needs, ident)
        who = "requests" if needs is requests else "work"
        verb = "need" if needs is requests else "needs"
        yield Finding(
            message=(
                f"{component.kind} `{ident}` has {component.replicas} replicas all in one zone ({span.evidence}) "
                f"and {who} from `{path[0]}` {verb} it ({format_path(path)})"
            ),
            location=component.location,
            element=ident,
            help="spread the replicas over 2 or more zones: `zones=2`",
        )
