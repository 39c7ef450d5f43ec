"""A call that retries but states no timeout: a hung callee is never given up on, so never retried.

## Why is this bad?
Retries help only with failures that end. A callee that hangs (a full connection pool, a lost
packet, a stop-the-world pause) never returns an error, so without a timeout the first attempt
waits as long as the callee does and the retries never start; meanwhile the caller's thread,
connection and request slot are held, and callers stack up behind it. A retry policy is always
written together with a timeout per attempt, and usually with backoff and jitter.

The rule reads every edge (`->` or `~>`) that states `retries` of 1 or more and no `timeout`.

## Anti-pattern
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service users "User service" [replicas=3, zones=3]
observability metrics "Prometheus" [managed=true]

browser -> api
api -> users [proto=grpc, retries=2]
api, users ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service users "User service" [replicas=3, zones=3]
observability metrics "Prometheus" [managed=true]

browser -> api
api -> users [proto=grpc, timeout=300ms, retries=2]
api, users ~> metrics [signal=metrics]
```

## False positives
The timeout may live where the design does not show it: a service mesh or a client library's
default. Write it on the edge anyway (`timeout=2s`): the reader of the design cannot see a
default, and the number is what the other timeout rules check.

## Options
None.

## References
- Amazon Builders' Library, "Timeouts, retries, and backoff with jitter"
- Google SRE Book, chapter 22, "Addressing Cascading Failures": "Latency and Deadlines"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Finding, Severity, cite

CODE = "R008"
NAME = "retries-without-timeout"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    for edge in design.edges:
        if not edge.retries or "timeout" in edge.as_written:
            continue
        yield Finding(
            message=f"`{edge.source} {edge.arrow} {edge.target}` retries with no `timeout` ({cite(edge, 'retries')}): "
                    "an attempt that hangs is never retried",
            location=edge.written("retries").location,
            element=edge.element_id,
            help="state how long one attempt may take: `timeout=...` beside `retries`",
        )
