"""A component that nothing reaches and that reaches nothing: drawn, but not part of the system.

## Why is this bad?
A box with no arrow either is left over from an earlier version of the design (and misleads
the reader about what runs), or is a dependency whose edges were forgotten (and then every
rule that follows the edges judges the design without it: a single point of failure that is
never seen, a data store nobody is checked against). Either way the diagram and the system
disagree.

The rule fires on a component with no edge in or out, in a design that draws edges at all.
Clients, observability (whose edges are often drawn in another file) and components with a
`schedule` (which start work by themselves) are left alone, as is every `dlq` of a queue.

## Anti-pattern
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service legacy "Old reporting service" [replicas=2, zones=2]
database db "Orders" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> api -> db
api ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service reports "Reporting service" [replicas=2, zones=2]
database db "Orders" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> api -> db
browser -> reports -> db [op=read]
api, reports ~> metrics [signal=metrics]
```

## False positives
A design split over files may draw a component's edges in a file that includes this one. Lint
the including file, or draw the edges where the component is declared.

## Options
None.

## References
- Simon Brown, *The C4 model for visualising software architecture*, "Notation": every element
  and relationship on a diagram should be explained
- Google SRE Book, chapter 32, "The Evolving SRE Engagement Model" (production readiness:
  knowing the dependencies)
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "M002"
NAME = "dead-component"
CATEGORY = "maintainability"
DEFAULT_SEVERITY = Severity.WARNING

EXEMPT_KINDS = frozenset({"client", "observability"})


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    if not design.edges:
        return  # a list of boxes: the design draws no edges to judge by
    touched = set()  # one set, not one per end and their union: a large design has many edges
    for edge in design.edges:
        touched.add(edge.source)
        touched.add(edge.target)
    dead_letters = {c.dlq for c in design.components.values() if c.dlq is not None}
    for ident, component in design.components.items():
        if ident in touched or ident in dead_letters or component.kind in EXEMPT_KINDS:
            continue
        if "schedule" in component.as_written:
            continue
        yield Finding(
            message=f"{component.kind} `{ident}` has no edge: nothing reaches it and it reaches nothing",
            location=component.location,
            element=ident,
            help=f"draw who calls `{ident}` and what it calls, or remove it from the design",
        )
