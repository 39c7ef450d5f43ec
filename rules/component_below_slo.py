"""A required component whose own availability, with all its instances, is below the design's SLO.

## Why is this bad?
Whatever needs a component can be no more available than that component: when its own figure,
counting every instance it runs and the instances it needs for its load, is below the `slo`, no
redundancy anywhere else can make up for it and the SLO is out of reach for every entry point that
needs it. This is the dependency a reviewer asks for "one more nine" of (Google's "rule of the extra
9": a critical dependency should be more available than the service that needs it).

The component's figure is the one `archlint analyze` uses: at least k of its instances up, k from
its load and `capacity` and from `mode`, over the states of its failure domains (docs/analysis.md).
The rule judges only components something needs and that state an `availability`; it is silent
without an `slo` availability.

## Anti-pattern
```arch
slo [availability=99.95%]
client   browser "Browsers"
service  api     "API"    [replicas=3, zones=3]
database orders  "Orders" [managed=true, availability=99.9%]

browser -> api -> orders
```

## Best practice
```arch
slo [availability=99.95%]
client        browser "Browsers"
service       api     "API"        [replicas=3, zones=3]
database      orders  "Orders"     [managed=true, availability=99.99%]
observability metrics "Prometheus" [managed=true]

browser -> api -> orders
api ~> metrics [signal=metrics]
```

## False positives
A component whose failure the callers survive (they serve from a cache, degrade a feature or
queue the work) is not needed: mark the calls into it `optional=true` and it is no longer judged.
A managed service's `availability` is the provider's contractual floor, usually lower than
what it delivers; when the team has measured a better figure over a long window, state that
one with its source. A component that only some entry points need, with a weaker objective
than the design's `slo`, can be suppressed with that objective as the reason.

## Options
None.

## References
- Google, "The Calculus of Service Availability" (ACM Queue, 2017): the rule of the extra 9
- Microsoft Azure Well-Architected Framework: composite availability targets
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, promised_and_stated
from archlint.analysis.words import percent
from archlint.rule_api import Design, DesignGraph, Finding, Severity, format_path

CODE = "R102"
NAME = "component-below-slo"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.ERROR


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not promised_and_stated(design, "availability"):
        return  # no promise, or no figure to hold it to: the model is not even loaded
    numbers = analysis_of(graph)
    slo = numbers.slo_availability
    judged: set[str] = set()
    walked: set[int] = set()
    for entry in numbers.entries:
        if id(entry.required) in walked:
            continue  # the same required set as an earlier entry point: every unit in it is judged
        walked.add(id(entry.required))
        for ident in entry.required:
            unit = numbers.units[ident]
            if unit.id in judged:
                continue
            judged.add(unit.id)
            component = design.components[ident]
            if component.availability is None:
                continue
            own = numbers.unit_availability(ident)
            if own >= slo:
                continue
            instances = "managed" if component.managed else f"{unit.size} instance{'s' * (unit.size != 1)}"
            need = f", {unit.k} needed" if unit.k > 1 else ""
            yield Finding(
                message=(
                    f"{component.kind} `{ident}` is available {percent(own)} on its own ({instances} at "
                    f"{percent(component.availability / 100)}{need}), below the slo's {percent(slo)}, and "
                    f"{entry.describe()} need{'s' * (entry.kind != 'request')} it ({format_path(entry.witness(ident))})"
                ),
                location=component.location,
                element=ident,
                help="run more instances across zones, or depend on a service with a higher availability",
            )
