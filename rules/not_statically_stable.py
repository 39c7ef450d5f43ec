"""A component that carries its load today but not after losing the instances in its largest zone.

## Why is this bad?
Spreading replicas over zones protects against a zone outage only if the zones left can carry the
whole load. When the instances that survive the loss of the largest zone would run at a
utilization of 1 or more, the outage of one zone becomes an overload of the others, and the
design fails in exactly the event it was spread out for. Statically stable designs keep enough
capacity in the surviving zones without having to add any during the outage.

Figures as `archlint analyze` computes them (docs/analysis.md): the instances of the zone holding
the most are removed and the same load is shared by the rest. Silent for components without
`capacity` or declared load, for managed components (the provider's redundancy is its own), and
for components in one zone (`zone-single-point-of-failure` speaks of those).

## Anti-pattern
```arch
client  browser "Browsers"
service api     "API" [replicas=6, zones=3, capacity=1k]

browser -> api [rps=4.5k/s]
```

## Best practice
```arch
client        browser "Browsers"
service       api     "API"        [replicas=9, zones=3, capacity=1k]
observability metrics "Prometheus" [managed=true]

browser -> api [rps=4.5k/s]
api ~> metrics [signal=metrics]
```

## False positives
The rule assumes the instances of the largest zone are gone with nothing started to replace
them, as a zone outage leaves a design until autoscaling or failover catches up. A component
whose load also leaves with the zone (each zone's instances serve only that zone's traffic,
and the balancer stops sending it there) does not carry the lost share: the design cannot say
so yet, so suppress on the component with that reason. Instances are spread evenly over the
zones named; a deployment placed unevenly should name its zones so the count is right.

## Options
None.

## References
- AWS Builders' Library, "Static stability using Availability Zones"
- AWS Well-Architected Framework, Reliability pillar: "Use static stability to prevent bimodal behavior"
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, states
from archlint.analysis.words import load, ratio
from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "C003"
NAME = "not-statically-stable"
CATEGORY = "capacity"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not states(design, "capacity"):
        return  # no utilization without a capacity: the model is not even loaded
    numbers = analysis_of(graph)
    for ident, use in numbers.utilization.items():
        component = design.components[ident]
        if component.managed or use.utilization is None or use.utilization >= 1:
            continue  # at 1 already, `over-capacity` says so
        if use.zone_loss_utilization is None or use.zone_loss_utilization < 1:
            continue
        placement = numbers.domains.placement(component)
        zone, lost = max(placement.per_zone().items(), key=lambda item: item[1])
        yield Finding(
            message=(
                f"{load(component.kind, ident, use)} (utilization {ratio(use.utilization)}); with its largest zone "
                f"lost ({lost} of {use.instances} instances) the rest run at {ratio(use.zone_loss_utilization)}"
            ),
            location=component.location,
            element=ident,
            help="run enough instances that the zones left after losing one carry the whole load",
        )
