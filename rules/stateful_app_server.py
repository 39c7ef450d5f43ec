"""An application tier that keeps state in its instances: local or sticky sessions, in-memory data.

## Why is this bad?
An instance that holds what the others cannot see (a user's session, an upload in progress,
an in-memory table) cannot be replaced, scaled in or restarted without losing it. Scaling out
stops helping: a load balancer must pin each user to "their" instance, so load spreads
unevenly, a deploy logs everyone out, and the loss of one instance loses its users' work.
The twelve-factor rule is that processes are stateless and share nothing; state belongs in a
backing service (a database, a cache, an object store) or in the client.

The rule reads what the design writes on a `service`, `worker`, `function` or `gateway`:
`state=stateful`, `sessions=local` (sessions in the instance's memory or disk) or
`sessions=sticky` (the load balancer pins users to instances; the message names the `lb`
that calls it). `sessions=shared`, `sessions=client` and `sessions=none` are the fixes. Data
stores, caches and queues are stateful by nature and are not judged here.

## Anti-pattern
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service web "Web app" [replicas=4, zones=2, sessions=sticky]

browser -> alb -> web
```

## Best practice
```arch
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service web "Web app" [replicas=4, zones=2, sessions=shared]
cache sessions_store "Sessions" [engine=redis, replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> alb -> web -> sessions_store
web ~> metrics [signal=metrics]
```

## False positives
State that instances keep only as a cache of shared state (a local read cache that any
instance can rebuild) does not pin users to an instance: say where the shared copy is
(`sessions=shared`, `state=stateless`), or suppress with the reason.

## Options
None. A tier that must hold state (a leader, a game server keeping a match in memory) is a
deliberate choice: suppress the finding on it and say why.

## References
- The Twelve-Factor App, VI. Processes: "Execute the app as one or more stateless processes"
- AWS Well-Architected Framework, Reliability pillar: "Make services stateless where possible" (REL05-BP06)
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import APP_KINDS, Design, DesignGraph, Finding, Severity

CODE = "S001"
NAME = "stateful-app-server"
CATEGORY = "scalability"
DEFAULT_SEVERITY = Severity.ERROR

HELP = (
    "keep sessions in a shared store (`sessions=shared`) or in the client (`sessions=client`), "
    "and other state in a database, cache or object store"
)


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    components = design.components
    balancers: dict[str, list[str]] = {}  # app id -> the load balancers that call it
    for edge in design.edges:
        if edge.sync and components[edge.source].kind == "lb" and components[edge.target].kind in APP_KINDS:
            balancers.setdefault(edge.target, []).append(edge.source)
    for ident, component in components.items():
        if component.kind not in APP_KINDS:
            continue
        evidence = []
        # The typed fields first: an attribute is moved to its line only when it is evidence.
        if component.state == "stateful" and "state" in component.as_written:
            evidence.append(component.written("state"))
        if component.sessions in ("local", "sticky") and "sessions" in component.as_written:
            evidence.append(component.written("sessions"))
        if not evidence:
            continue
        cited = ", ".join(f"`{a.name}={a.text}`" for a in evidence)
        only_sticky = len(evidence) == 1 and component.sessions == "sticky"
        what = "pins each user to one instance" if only_sticky else "keeps state in its instances"
        behind = ""
        if component.sessions == "sticky" and balancers.get(ident):
            lbs = balancers[ident]
            noun = "load balancer" if len(lbs) == 1 else "load balancers"
            behind = f" behind {noun} " + ", ".join(f"`{lb}`" for lb in lbs)
        yield Finding(
            message=f"{component.kind} `{ident}` {what} ({cited}){behind}",
            location=evidence[0].value_location if len(evidence) == 1 else component.location,
            element=ident,
            help=HELP,
        )
