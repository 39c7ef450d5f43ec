"""A queue that consumers process with no dead-letter queue: a poison message has nowhere to go.

## Why is this bad?
Some messages fail every time: a malformed payload, a record that was deleted, a bug that one
input triggers. Without a dead-letter queue such a message is retried forever (blocking the
queue behind it, or burning the workers' capacity), or dropped after the last retry with no
trace. A DLQ keeps it, out of the way, where someone can look at it, fix the cause and re-drive
it. Managed queues (SQS, Pub/Sub, Service Bus) offer one; it still has to be configured.

The rule reads every `queue` that something consumes (`jobs ~> mailer`, an application
component on the right) and that states no `dlq`. A queue that is itself another queue's
`dlq` is left alone. A `stream` (a log that consumers read at their own offsets) is out of
scope: its consumers skip or park failures in a queue of their own.

## Anti-pattern
```arch
service api "API" [replicas=3, zones=3]
queue jobs "Jobs" [managed=true]
worker mailer "Mailer" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

api ~> jobs ~> mailer
api, mailer ~> metrics [signal=metrics]
```

## Best practice
```arch
service api "API" [replicas=3, zones=3]
queue jobs "Jobs" [managed=true, dlq=jobs_dlq]
queue jobs_dlq "Dead letters" [managed=true]
worker mailer "Mailer" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

api ~> jobs ~> mailer
api, mailer ~> metrics [signal=metrics]
```

## False positives
A consumer may park failures itself (a "failed" table, a retry topic it writes to). Then draw
where they go (`mailer ~> failed_jobs`) and suppress on the queue, naming that place.

## Options
None.

## References
- Amazon SQS Developer Guide, "Amazon SQS dead-letter queues"
- Amazon Builders' Library, "Avoiding insurmountable queue backlogs" (poison messages)
- Gregor Hohpe and Bobby Woolf, *Enterprise Integration Patterns*, "Dead Letter Channel"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import APP_KINDS, Design, DesignGraph, Finding, Severity

CODE = "R004"
NAME = "queue-without-dlq"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    components = design.components
    dead_letters = {c.dlq for c in components.values() if c.dlq is not None}
    consumers: dict[str, list[str]] = {}
    for edge in design.edges:
        if not edge.sync and components[edge.source].kind == "queue" and components[edge.target].kind in APP_KINDS:
            consumers.setdefault(edge.source, []).append(edge.target)
    for ident, readers in consumers.items():
        queue = components[ident]
        if queue.dlq is not None or ident in dead_letters:
            continue
        names = ", ".join(f"`{r}`" for r in readers)
        yield Finding(
            message=f"queue `{ident}` is consumed by {names} and states no `dlq`: messages that keep failing have nowhere to go",
            location=queue.location,
            element=ident,
            help=f"declare a dead-letter queue and name it: `queue {ident}_dlq`, `dlq={ident}_dlq` on `{ident}`",
        )
