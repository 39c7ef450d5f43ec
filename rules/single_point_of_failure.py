"""A component, or a host, whose one loss breaks the requests, the scheduled work or the queued work that need it.

## Why is this bad?
When the one instance of such a component fails, restarts or is deployed, everything that needs
it fails with it: the availability of the whole design is capped by the weakest box on its path.
A reviewer asks of every box a request goes through: "what happens when this one dies?"

The judgement is the what-if sweep's (`archlint analyze --sweep`, docs/analysis.md): the rule
fires exactly where one instance down breaks an entry point. A component is *needed* by an entry
point when it is in its required set: reached over `->` calls that are not `optional=true`, or a
queue a needed component publishes to. Each entry point counts: a client's requests, a component
with a `schedule` (the scheduler itself included), and each consumer of a queue, whose work needs
the consumer, the queue and what they call. A component is single when one instance lost leaves
fewer than it needs: 1 instance; a `mode=cluster` whose quorum needs every member (2 of 2); or
instances that its declared load needs all of (`capacity`). A replicated `mode` without `replicas`
counts the instances it implies (a standby for `primary_replica`, three for `cluster`), a
`replica_of` pair and a per-zone deployment (`lb -> api_a, api_b`, each in its zone) count as one,
and `managed=true` and a plain `cdn`, `dns` or `function` have no instance the design owns.

A `host=true` group is one machine: what it breaks is one finding on the host, naming the
components on it, however many `replicas` they run there.

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
the call `optional=true` and the rule no longer counts it. Instances the design does not state
(an autoscaling group's minimum, a standby) are not counted: write them down with `replicas`.

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

from archlint.analysis import of as analysis_of
from archlint.analysis.failure import needed_words, single_points, unit_words
from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "R001"
NAME = "single-point-of-failure"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.ERROR
HELP = "run 2 or more replicas across zones, use a managed service, or mark the calls to it `optional=true`"
NAMED = 3


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    numbers = analysis_of(graph)
    points = single_points(numbers)
    for weak in points.instance:
        for ident in weak.unit.members:
            yield Finding(
                message=f"{unit_words(numbers, weak, ident)}{',' * (weak.unit.k > 1)} and {needed_words(weak, ident)}",
                location=design.components[ident].location,
                element=ident,
                help=HELP,
            )
    for host, weak in points.hosts.items():
        members = [m for w in weak for m in w.unit.members]
        named = ", ".join(f"`{m}`" for m in members[:NAMED]) + (f" and {len(members) - NAMED} more" if len(members) > NAMED else "")
        first = weak[0].unit.members[0]
        yield Finding(
            message=(f"host `{host}` is one machine (`host=true`) and {len(members)} component"
                     f"{'s' * (len(members) != 1)} on it go{'es' * (len(members) == 1)} down with it ({named}): "
                     f"{needed_words(weak[0], first, f'`{first}`')}"),
            location=design.groups[host].location,
            element=host,
            help="run the components needed on 2 or more hosts, or mark the calls to them `optional=true`",
        )
