"""A component with no redundancy that a client's requests, or the queued work, cannot do without.

## Why is this bad?
When the one instance of such a component fails, restarts or is deployed, every request that
needs it fails with it: the availability of the whole design is capped by the weakest box on
its request path. A reviewer asks of every box a request goes through: "what happens when this
one dies?"

A component is *needed* by a request when the request reaches it over synchronous calls (`->`)
that are not `optional=true`, or when a needed component publishes to it (`~>` into a queue or
stream). What consumes a queue is not needed by the request, but it is needed by the work, and a
lone consumer stops all of it. Clients, externals and observability are out of scope.

A component is redundant when it is `managed=true`, has `replicas` of 2 or more (and not
`mode=single`), declares a replicated `mode` (`primary_replica`, `cluster`, `multi_primary`),
is paired with a read replica through `replica_of`, or has a zonal sibling: a component of the
same kind in another `zone` that the same caller also calls (`lb -> api_a, api_b`, one in each
zone). A `cdn`, `dns` or `function` is distributed by nature unless the design writes
`replicas=1`.

## Anti-pattern
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=3, zones=3]
database orders "Orders" [engine=postgres]

browser -> alb -> api -> orders
```

## Best practice
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=3, zones=3]
database orders "Orders" [engine=postgres, mode=primary_replica, replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> alb -> api -> orders
api ~> metrics [signal=metrics]
```

## False positives
A singleton by design (a leader that must be unique, a licence-bound appliance) is a single
point of failure that the team accepts: suppress on the component and cite the decision. A
dependency the caller can do without (a fallback, a circuit breaker) is no need at all: mark
the call `optional=true` and the rule no longer counts it.

## Options
None. Mark a dependency the caller can survive without with `optional=true` on the edge
(a fallback, a circuit breaker, best effort), and a deliberate singleton with a suppression
that says why.

## References
- Google SRE Book, "Addressing Cascading Failures" and "Managing Critical State"
- AWS Well-Architected Framework, Reliability pillar: "Design your workload to withstand component failures"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import OUTSIDE_KINDS, Design, DesignGraph, Finding, Severity, format_path

CODE = "R001"
NAME = "single-point-of-failure"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.ERROR

OUT_OF_SCOPE = OUTSIDE_KINDS | {"observability"}


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    requests = graph.request_needs()
    work = graph.work_needs()
    for ident, component in design.components.items():
        if component.kind in OUT_OF_SCOPE:
            continue
        needs = requests if ident in requests else work if ident in work else None
        if needs is None:
            continue
        redundancy = graph.redundancy(component)
        if redundancy.redundant:
            continue
        path = graph.witness(needs, ident)
        if needs is requests:
            reason = f"requests from `{path[0]}` need it ({format_path(path)})"
        else:
            reason = f"all work from `{path[0]}` goes through it ({format_path(path)})"
        yield Finding(
            message=f"{component.kind} `{ident}` has {redundancy.evidence} and {reason}",
            location=component.location,
            element=ident,
            help="run 2 or more replicas across zones, use a managed service, or mark the calls to it `optional=true`",
        )
