"""A caller's timeout shorter than what its callee may spend on its own calls, retries included.

## Why is this bad?
When `api` gives up on `orders` after 1 s but `orders` may wait 3 s on `payments` (a 1 s
timeout, tried three times), `orders` keeps working, and holding its threads and connections,
for a caller that has already left. The caller then retries, and each retry starts another
orphaned chain: in an outage the work done for nobody multiplies, which is how a slow
dependency turns into a cascade. Timeouts should shrink towards the leaves, each caller
allowing for what its callee may spend (or passing its deadline down, as gRPC deadlines do).

The rule compares, for each synchronous call (`->`) that states a `timeout`, that timeout with
the longest time the callee may spend on one of its own synchronous calls: `(retries + 1) x
timeout` of that call. It fires only where both timeouts are stated.

## Anti-pattern
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service orders "Orders" [replicas=3, zones=3]
external payments "Payment provider"
observability metrics "Prometheus" [managed=true]

browser -> api
api -> orders [timeout=1s]
orders -> payments [timeout=1s, retries=2, optional=true]
api, orders ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service orders "Orders" [replicas=3, zones=3]
external payments "Payment provider"
observability metrics "Prometheus" [managed=true]

browser -> api
api -> orders [timeout=4s]
orders -> payments [timeout=1s, retries=2, optional=true]
api, orders ~> metrics [signal=metrics]
```

## False positives
The callee may stop early where the design does not say: a deadline propagated from the
caller (gRPC), or a retry budget that cancels retries once the caller is gone. Then suppress
the finding on the caller's edge and name the mechanism in the reason.

## Options
None.

## References
- Amazon Builders' Library, "Timeouts, retries, and backoff with jitter"
- Google SRE Book, chapter 22, "Addressing Cascading Failures": "Latency and Deadlines"
  (deadline propagation)
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Edge, Finding, Severity, cite, format_duration

CODE = "R007"
NAME = "timeout-inversion"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    calls = graph.sync_calls()
    longest: dict[str, tuple[float, Edge]] = {}  # what each component may spend on one call
    for ident, edges in calls.items():
        timed = [(((e.retries or 0) + 1) * e.timeout, e) for e in edges if e.timeout is not None]
        if timed:
            longest[ident] = max(timed, key=lambda pair: pair[0])
    for edges in calls.values():
        for edge in edges:
            if edge.timeout is None or edge.target not in longest:
                continue
            spent, inner = longest[edge.target]
            if edge.timeout >= spent:
                continue
            attempts = (inner.retries or 0) + 1
            how = f"{attempts} attempts of {inner.written('timeout').text}" if attempts > 1 else cite(inner, "timeout")
            yield Finding(
                message=(f"`{edge.source}` gives up on `{edge.target}` after {edge.written('timeout').text}, but "
                         f"`{edge.target}` may spend {format_duration(spent)} on `{inner.source} -> {inner.target}` ({how})"),
                location=edge.written("timeout").location,
                element=edge.element_id,
                help=(f"give `{edge.source} -> {edge.target}` a timeout above {format_duration(spent)}, or shorten "
                      f"the timeout or retries of `{inner.source} -> {inner.target}`"),
            )
