"""Requests whose p99 latency budget, summed over the calls they wait for, is over the SLO's latency.

## Why is this bad?
A request waits for every synchronous call it makes. When the `latency` the design states for the
components on its slowest path already adds up to more than the `slo` promises, the promise is
broken before any queueing, retry or bad day: the path needs a cache, an asynchronous hand-off or
fewer hops, or the SLO needs to change.

The budget is the one `archlint analyze` computes: a component's time is its own `latency` plus
its slowest required callee's (all of them, one after another, when it is `sequential=true`); a
publish to a queue ends the path (docs/analysis.md). The message names the path and its slowest
hops. Components without `latency` add nothing; the rule is silent when the design states no slo
`latency` or no latency on the way.

## Anti-pattern
```arch
slo [latency=100ms]
client   browser  "Browsers"
service  api      "API"           [replicas=3, zones=3, latency=20ms]
external geocoder "Geocoding API" [latency=20s]

browser -> api -> geocoder
```

## Best practice
```arch
slo [latency=100ms]
client        browser     "Browsers"
service       api         "API"              [replicas=3, zones=3, latency=20ms]
queue         lookups     "Lookups"          [managed=true, dlq=lookups_dlq]
queue         lookups_dlq "Failed lookups"   [managed=true]
worker        geocode     "Geocoding worker" [replicas=2, zones=2]
external      geocoder    "Geocoding API"    [latency=20s]
observability metrics     "Prometheus"       [managed=true]

browser -> api
api ~> lookups ~> geocode
geocode -> geocoder     [timeout=30s]
api, geocode ~> metrics [signal=metrics]
```

## False positives
The budget adds each hop's p99 along the slowest chain, but p99s do not add: a request is
rarely slow at every hop at once, so the true p99 of the path is lower than the sum (the figure
is an upper bound, which is what a budget is for). Calls made in parallel but not marked are
counted as the slowest of them, as they should be; calls made one after another need
`sequential=true` to be counted as a sum. A hop that is cached or skipped for most requests
still counts its full `latency`: when its slow path is rare, state the latency the requests
see, or mark the call `optional=true` if the request does not wait for it.

## Options
None.

## References
- Google SRE Book, "Service Level Objectives"
- Jeffrey Dean and Luiz André Barroso, "The Tail at Scale" (Communications of the ACM, 2013)
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, promised_and_stated
from archlint.analysis.words import seconds
from archlint.rule_api import Design, DesignGraph, Finding, Severity, format_path

CODE = "P101"
NAME = "latency-over-slo"
CATEGORY = "performance"
DEFAULT_SEVERITY = Severity.ERROR


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not promised_and_stated(design, "latency"):
        return  # no promise, or no figure to hold it to: the model is not even loaded
    numbers = analysis_of(graph)
    promised = numbers.slo_latency
    for entry in numbers.entries:
        if entry.kind != "request":
            continue  # the slo's latency is what clients are promised
        latency = numbers.latency(entry)
        if latency.p99 is None or latency.p99 <= promised:
            continue
        hops = sorted(latency.path, key=lambda c: -(design.components[c].latency or 0.0))[:2]
        slowest = ", ".join(f"`{c}` {seconds(design.components[c].latency)}" for c in hops)
        path = format_path([entry.origin, *latency.path] if entry.origin not in latency.path else list(latency.path))
        yield Finding(
            message=(
                f"{entry.describe()} take {seconds(latency.p99)} at p99 over {path}, against the slo's "
                f"{seconds(promised)}; slowest hops: {slowest}"
            ),
            location=numbers.entry_location(entry),
            element=entry.id,
            help="cache what the slowest hop answers, move it off the request path (`~>` through a queue), "
                 "or call it in parallel rather than `sequential`",
        )
