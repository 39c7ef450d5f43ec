"""A cycle of required synchronous calls: services that wait on each other.

## Why is this bad?
When `orders` calls `inventory` and `inventory` calls `orders`, and neither can do without the
other, a request can wait on itself: under load both pools fill with requests waiting for the
other side (a distributed deadlock that only timeouts break), a retry at any hop goes round the
loop again, neither service can start or be deployed first, and the design has no longest
path, so no latency budget. Break the cycle: one direction becomes an event (`~>`), a cached
copy, or an `optional` call with a fallback.

The rule finds every set of components that reach each other over synchronous calls (`->`)
that are not `optional=true`, and reports one cycle of each set, on the component of the set
declared first. Calls into observability are telemetry and never count.

## Anti-pattern
```arch
client browser "Browsers"
service orders "Orders" [replicas=3, zones=3]
service inventory "Inventory" [replicas=3, zones=3]
observability metrics "Prometheus" [managed=true]

browser -> orders
orders -> inventory "reserve stock" [timeout=500ms]
inventory -> orders "look up the order" [timeout=500ms]
orders, inventory ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service orders "Orders" [replicas=3, zones=3]
service inventory "Inventory" [replicas=3, zones=3]
stream events "Order events" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> orders
orders -> inventory "reserve stock" [timeout=500ms]
orders ~> events "order placed"
events ~> inventory
orders, inventory ~> metrics [signal=metrics]
```

## False positives
Two calls between the same services may serve different requests that never meet (a callback
on another endpoint). If no request can go round the loop, mark the call that is not on any
request's path `optional=true`, or suppress on that component with the reason.

## Options
None.

## References
- Google SRE Book, chapter 22, "Addressing Cascading Failures"
- Amazon Builders' Library, "Avoiding fallback in distributed systems" (and, on start-up order,
  "Static stability using Availability Zones")
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Finding, Severity, format_path

CODE = "R005"
NAME = "sync-cycle"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    for cycle in graph.required_cycles():
        first = design.components[cycle[0]]
        yield Finding(
            message=f"{first.kind} `{first.id}` is on a cycle of required synchronous calls ({format_path(cycle, 8)})",
            location=first.location,
            element=first.id,
            help="turn one call of the cycle into an event (`~>`), a cached copy, or an `optional=true` call with a fallback",
        )
