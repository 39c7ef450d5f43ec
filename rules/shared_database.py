"""A database that two or more applications write: their data, schema and deploys are coupled.

## Why is this bad?
When `orders` and `billing` both write the same tables, neither owns them: a schema change
needs both teams and a joint deploy, one service's migration or slow query locks the other
out, invariants are enforced twice or not at all, and an incident in one takes down both. The
usual fix is one owner per store: the other side asks the owner (a call or an event), or keeps
its own copy fed by events.

The rule reads the synchronous calls (`->`) into each `database` from application components
(`service`, `worker`, `function`, `gateway`) that write: `op=write`, `op=rw`, or a `writes`
rate above zero. Readers are fine. Writers that state the same `owner` are one application
(an API and its workers); a writer with no `owner` is an application of its own. The rule
fires when two or more applications write one database.

## Anti-pattern
```arch
client browser "Browsers"
service orders "Orders" [replicas=3, zones=3]
service billing "Billing" [replicas=3, zones=3]
database db "Orders and invoices" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> orders
orders -> billing [timeout=1s]
orders -> db [op=rw]
billing -> db [op=write]
orders, billing ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service orders "Orders" [replicas=3, zones=3, owner="checkout"]
worker order_jobs "Order jobs" [replicas=2, zones=2, owner="checkout"]
service billing "Billing" [replicas=3, zones=3, owner="payments"]
database orders_db "Orders" [managed=true]
database invoices "Invoices" [managed=true]
queue jobs "Order jobs" [managed=true, dlq=jobs_dlq]
queue jobs_dlq "Dead letters" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> orders
orders -> billing [timeout=1s]
orders -> orders_db [op=rw]
orders ~> jobs ~> order_jobs
order_jobs -> orders_db [op=write]
billing -> invoices [op=write]
orders, order_jobs, billing ~> metrics [signal=metrics]
```

## False positives
Components of one application (an API, its workers, its scheduler) share its database by
design: give them the same `owner` and they count as one. A migration in progress, where two
owners write one store for a while, is worth a suppression that names the plan.

## Options
None.

## References
- Chris Richardson, microservices.io, "Pattern: Database per service" and "Shared database"
- Amazon Builders' Library, "Avoiding overload in distributed systems by putting the smaller
  service in control" (who owns the data decides who can protect it)
- Google SRE Book, chapter 22, "Addressing Cascading Failures" (shared resources fail together)
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import APP_KINDS, Design, DesignGraph, Edge, Finding, Severity, cite, is_write

CODE = "M001"
NAME = "shared-database"
CATEGORY = "maintainability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    components = design.components
    writers: dict[str, dict[str, list[Edge]]] = {}  # database -> application -> its write edges
    for edge in design.edges:
        caller, store = components[edge.source], components[edge.target]
        if edge.sync and store.kind == "database" and caller.kind in APP_KINDS and is_write(edge):
            application = f"owner `{caller.owner}`" if caller.owner else f"`{caller.id}`"
            writers.setdefault(store.id, {}).setdefault(application, []).append(edge)
    for ident, applications in writers.items():
        if len(applications) < 2:
            continue
        evidence = "; ".join(
            f"{application}: " + ", ".join(f"`{e.source} -> {ident}` ({cite(e, 'op', 'writes')})" for e in edges)
            for application, edges in applications.items()
        )
        yield Finding(
            message=f"database `{ident}` is written by {len(applications)} applications ({evidence})",
            location=components[ident].location,
            element=ident,
            help=(f"give `{ident}` one owner: the others call it or consume its events; "
                  "components of one application state the same `owner`"),
        )
