"""A component whose instances one zone holds too many of, on a path that requests or work need.

## Why is this bad?
Replicas protect against the loss of an instance, not of the zone they share: a power, network
or control-plane failure in that zone takes every replica there down at once. Zone outages are
rarer than instance failures, which is why this is a milder finding than a single point of
failure, but for anything an entry point needs a reviewer will still ask what a zone loss leaves.

The judgement is the what-if sweep's (`archlint analyze --sweep`, docs/analysis.md): the rule
fires exactly where one zone down breaks an entry point and one instance down does not (that is
`single-point-of-failure`'s finding, as is a `host=true` group). A zone down breaks a component
when it leaves fewer instances than it needs: all of them in that zone, or too few elsewhere for
a `mode=cluster` quorum or for the declared load (6 replicas needing 4, 3 in each of 2 zones).
Instances are spread evenly over `zones` (a count, or zone ids), or sit in the `zone` group (or
a `region` with no zone inside) around the component; with neither, the language's default is
one zone. A per-zone deployment (`lb -> api_a, api_b`, each in its zone) is one component over
those zones. Managed components count as spread across zones; losing a region over several zones
is a wider failure, left to the what-if sweep.

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

from archlint.analysis import of as analysis_of
from archlint.analysis.failure import needed_words, single_points, unit_words
from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "R002"
NAME = "zone-single-point-of-failure"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    numbers = analysis_of(graph)
    for weak in single_points(numbers).zone:
        for ident in weak.unit.members:
            yield Finding(
                message=_message(numbers, weak, ident),
                location=design.components[ident].location,
                element=ident,
                help="spread the instances over 2 or more zones (`zones=2`), with enough in each to carry the load",
            )


def _message(numbers, weak, ident: str) -> str:
    """`service `api` has 4 replicas all in one zone (no `zones` given) and requests from ...`;
    with more to say (what it needs, how many a zone leaves), in clauses."""
    has, zone, needed = unit_words(numbers, weak, ident), _zone_words(numbers, weak), needed_words(weak, ident)
    if weak.unit.k == 1 and weak.left == 0:
        return f"{has} {zone} and {needed}"
    return f"{has}, {zone}, and {needed}"


def _zone_words(numbers, weak) -> str:
    """`all in one zone (no `zones` given)`, `losing zone `a` leaves 3`."""
    domains = numbers.domains
    domain = domains.domains[weak.domain]
    where = "one zone" if domain.kind == "anonymous" else f"{'region' if domain.kind == 'region' else 'zone'} `{weak.domain}`"
    placements = [domains.placement(numbers.design.components[m]) for m in weak.unit.members
                  if not numbers.design.components[m].managed]
    evidence = "; ".join(dict.fromkeys(p.evidence for p in placements if not p.evidence.startswith("it sits in")))
    if weak.left == 0:
        return f"{'all ' * (weak.instances > 1)}in {where}" + (f" ({evidence})" if evidence else "")
    zones = len({z for p in placements for z in p.zones})
    return f"over {zones} zones" + (f" ({evidence})" if evidence else "") + f", losing {where} leaves {weak.left}"
