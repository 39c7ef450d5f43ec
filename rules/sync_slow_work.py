"""A client's request that waits, synchronously, on slow or deferrable work.

## Why is this bad?
"Why is the confirmation email sent inside the checkout call?" Work that takes seconds (a
report, a video transcode, a batch), or that the user does not need to see finish (an email, a
webhook, an index update), makes every request as slow as its slowest step and as available as
its least available one, and under load it holds request threads while it runs. Put it on a
queue: the request records what to do and answers; a worker does it at its own pace, retries it,
and absorbs the bursts.

The rule fires on a required synchronous call (`->`, not `optional=true`) from a component a
client's requests reach, to a callee that is:
- slow: its stated `latency` is above `max-latency`;
- a `worker`: background processing by its own declaration;
- scheduled: it states a `schedule`, so it is batch work that runs on its own clock.

## Anti-pattern
```arch
client browser "Browsers"
service checkout "Checkout" [replicas=3, zones=3]
worker mailer "Confirmation mailer" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> checkout
checkout -> mailer "send confirmation" [timeout=5s]
checkout, mailer ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service checkout "Checkout" [replicas=3, zones=3]
queue emails "Emails to send" [managed=true, dlq=emails_dlq]
queue emails_dlq "Undeliverable" [managed=true]
worker mailer "Confirmation mailer" [replicas=2, zones=2]
observability metrics "Prometheus" [managed=true]

browser -> checkout
checkout ~> emails ~> mailer "send confirmation"
checkout, mailer ~> metrics [signal=metrics]
```

## False positives
A slow call the user must wait for (a search over a large index, an upload) is not deferrable:
raise `max-latency` or suppress on that edge with the reason. A component declared as a
`worker` that actually answers requests is a `service`: declare it so.

## Options
- `max-latency` (float, seconds, default `1.0`): a callee whose `latency` is above this is slow.

## References
- Amazon Builders' Library, "Avoiding insurmountable queue backlogs" and "Avoiding overload in
  distributed systems by putting the smaller service in control"
- Google SRE Book, chapter 22, "Addressing Cascading Failures" (queue management, load shedding)
- Microsoft Azure Architecture Center, "Queue-Based Load Leveling pattern"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import (Component, Design, DesignGraph, Finding, DeclaredOptions, Severity, cite, format_path,
                               option)

CODE = "P002"
NAME = "sync-slow-work"
CATEGORY = "performance"
DEFAULT_SEVERITY = Severity.WARNING


class Options(DeclaredOptions):
    max_latency: float = option(1.0, "seconds of `latency` above which a callee is slow", gt=0, strict=True)


def _why(callee: Component, max_latency: float) -> str | None:
    """Why the callee's work is slow or deferrable, citing the design; None when it is not."""
    if "schedule" in callee.as_written:
        return f"{callee.kind} `{callee.id}` runs on a schedule ({cite(callee, 'schedule')})"
    if callee.kind == "worker":
        return f"`{callee.id}` is a worker"
    if callee.latency is not None and callee.latency > max_latency:
        return f"{callee.kind} `{callee.id}` is slow ({cite(callee, 'latency')})"
    return None


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    requests = graph.request_needs()
    for edge in design.edges:
        if not edge.sync or edge.optional or edge.source not in requests:
            continue
        callee = components[edge.target]
        why = _why(callee, options.max_latency)
        if why is None or callee.kind == "observability":
            continue
        path = graph.witness(requests, edge.source) + [edge.target]
        yield Finding(
            message=f"requests from `{path[0]}` wait on `{edge.target}` ({format_path(path)}), and {why}",
            location=edge.location,
            element=edge.element_id,
            help=f"put the work on a queue (`{edge.source} ~> queue ~> {edge.target}`) and answer the request at once",
        )
