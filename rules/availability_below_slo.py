"""An entry point whose computed availability is below the availability the design's `slo` promises.

## Why is this bad?
The `slo` is a promise to the design's clients; the availability of what each request, scheduled
job or piece of queued work needs, as the design states it, says whether the promise can be kept.
When the required components (each counted once: `availability`, `replicas`, the instances it
needs for its load, its failure domains) multiply to less than the SLO, the error budget is spent
before the first incident: the design cannot meet its SLO even when everything behaves as stated.

The figure is computed as `archlint analyze` computes it (docs/analysis.md): the product over
the required components of their availability, conditioned exactly on the failure domains that
state an `availability`. The message names the entry point, the figure, the downtime it predicts
against the budget over the window, and the components that cost the most. The rule is silent
where the design states no `slo` availability, or no `availability` on anything the entry needs.

## Anti-pattern
```arch
slo [availability=99.95%]
client   browser "Browsers"
service  api     "API"    [replicas=3, zones=3, availability=99.9%]
database orders  "Orders" [availability=99.9%]

browser -> api -> orders
```

## Best practice
```arch
slo [availability=99.95%]
client        browser "Browsers"
service       api     "API"        [replicas=3, zones=3, availability=99.9%]
database      orders  "Orders"     [mode=primary_replica, replicas=2, zones=2, availability=99.9%]
observability metrics "Prometheus" [managed=true]

browser -> api -> orders
api ~> metrics [signal=metrics]
```

## False positives
The figure assumes that failures are independent and that every call the entry makes is needed:
a call with a fallback (a cached answer, a default, a retry to another region) that the design
does not mark `optional=true` is counted as a dependency, and the product comes out lower than
the service really is. Mark such calls `optional=true`. A published availability taken as a
component's own (a managed service's SLA) is a floor, not a measurement: when the team has
better figures, state them. An entry point that is allowed a weaker target than the design's
`slo` (a batch job, an internal tool) can be suppressed on its client or queue with the target
it has.

## Options
None. The window of the error budget is the slo's `window` (default 30 days).

## References
- Google, "The Calculus of Service Availability" (ACM Queue, 2017)
- AWS, "Availability and Beyond: Understanding and Improving the Resilience of Distributed Systems on AWS"
- Microsoft Azure Well-Architected Framework: composite availability targets
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, promised_and_stated
from archlint.analysis.words import contributors, downtime, percent, window
from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "R101"
NAME = "availability-below-slo"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.ERROR


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not promised_and_stated(design, "availability"):
        return  # no promise, or no figure to hold it to: the model is not even loaded
    numbers = analysis_of(graph)
    slo = numbers.slo_availability
    span = numbers.window_seconds
    stated: dict[int, bool] = {}  # per required set: entry points from one walk share theirs
    for entry in numbers.entries:
        key = id(entry.required)
        if key not in stated:
            stated[key] = any(design.components[c].availability is not None for c in entry.required)
        if not stated[key]:
            continue  # nothing it needs states a number: nothing to judge
        result = numbers.availability(entry)
        if result.availability >= slo:
            continue
        top = [(c.id, c.saved) for c in result.contributors]
        yield Finding(
            message=(
                f"{entry.describe()}: availability {percent(result.availability)}, below the slo's {percent(slo)}; "
                f"{downtime(1 - result.availability, span)} of downtime per {window(span / 60)} against a "
                f"{downtime(1 - slo, span)} budget, most from {contributors(top, span)}"
            ),
            location=numbers.entry_location(entry),
            element=entry.id,
            help="add replicas or zones where the downtime comes from, or mark the calls it can do without "
                 "`optional=true`",
        )
