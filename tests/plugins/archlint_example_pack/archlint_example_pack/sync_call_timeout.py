"""A synchronous call between application components that sets no timeout.

## Why is this bad?
A call with no client-side timeout waits as long as the callee takes, and a callee that hangs
(a full connection pool, a GC pause, a lost packet) holds the caller's thread, connection or
request slot for all that time. Callers stack up behind the slow hop until they run out of
workers themselves, and the slowness spreads upstream hop by hop: one sick dependency takes
down every service that calls it, and every service that calls those. A timeout turns the hang
into a fast, handled failure (a fallback, a retry with backoff, an error to the client), and a
deadline shorter than the caller's own keeps the slowest hop from eating the whole budget.

The rule reads the synchronous calls (`->`) from one application component (`service`,
`worker`, `function` or `gateway`) to another, and fires on each that writes no `timeout`.
Calls into data stores, caches and queues are left alone: their clients' timeouts are
configured in drivers the design does not show. The message gives the path by which requests
(or queued work) reach the call.

## Anti-pattern
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=3, zones=3]
service users "User service" [replicas=3, zones=3]

browser -> alb -> api
api -> users [proto=grpc]
```

## Best practice
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=3, zones=3]
service users "User service" [replicas=3, zones=3]

browser -> alb -> api
api -> users [proto=grpc, timeout=300ms]
```

## Options
- `min-hops` (int, default `1`): report a call only when it is at least this many hops from
  where requests (or queued work) enter, counting the call itself: with `browser -> alb -> api
  -> users`, `api -> users` is hop 3. A call no request or work is known to reach counts as
  hop 1. Raise it to leave the edge tier's calls to the teams that own them.

## References
- Google SRE Book, "Addressing Cascading Failures": "Latency and Deadlines"
- Amazon Builders' Library, "Timeouts, retries, and backoff with jitter"
- Michael T. Nygard, *Release It!*, 2nd edition, chapter 5, "Timeouts"
"""

from __future__ import annotations

from typing import Iterator

from pydantic import Field

from archlint.rule_api import APP_KINDS, Design, DesignGraph, Finding, RuleOptions, Severity, format_path

CODE = "X001"
NAME = "sync-call-without-timeout"
CATEGORY = "resilience"
DEFAULT_SEVERITY = Severity.WARNING


class Options(RuleOptions):
    min_hops: int = Field(1, ge=1, description="hops from where requests enter at which a call is reported")


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    requests = graph.request_needs()
    work = graph.work_needs()
    for edge in design.edges:
        caller, callee = components[edge.source], components[edge.target]
        if not edge.sync or caller.kind not in APP_KINDS or callee.kind not in APP_KINDS:
            continue
        if edge.written("timeout") is not None:
            continue
        needs = requests if caller.id in requests else work if caller.id in work else None
        path = graph.witness(needs, caller.id) + [callee.id] if needs is not None else [caller.id, callee.id]
        hop = len(path) - 1
        if hop < options.min_hops:
            continue
        yield Finding(
            message=(f"call from {caller.kind} `{caller.id}` to {callee.kind} `{callee.id}` has no `timeout` "
                     f"(hop {hop}: {format_path(path)})"),
            location=edge.location,
            element=edge.element_id,
            help=f"set a client-side timeout shorter than `{caller.id}`'s own deadline: `timeout=300ms`",
        )
