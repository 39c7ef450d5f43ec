"""A synchronous call to a third party on a client's request path, unbounded or required.

## Why is this bad?
An `external` is a system whose outages, slow days and rate limits you do not control. Called
synchronously inside a client's request, its latency becomes your latency and its outage your
outage; with no timeout, a hung provider holds your threads until you fall over too. A
reviewer asks of every such call: how long do we wait, and what do we do without it? The
answers are a `timeout`, and a fallback (`optional=true`: a cached answer, a degraded page) or
taking the call off the request path (`~>` through a queue).

The rule fires on a synchronous call (`->`) into an `external` from a component that a
client's requests reach (over required calls, as `single-point-of-failure` judges need), when
the call states no `timeout` or is not `optional=true`. Work done from a queue is out of
scope: a retry there costs no user a wait.

## Anti-pattern
```arch
client browser "Browsers"
service checkout "Checkout" [replicas=3, zones=3]
external tax "Tax rate provider"
observability metrics "Prometheus" [managed=true]

browser -> checkout
checkout -> tax [proto=https, tls=true]
checkout ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service checkout "Checkout" [replicas=3, zones=3]
external tax "Tax rate provider"
observability metrics "Prometheus" [managed=true]

browser -> checkout
checkout -> tax [proto=https, tls=true, timeout=800ms, optional=true]
checkout ~> metrics [signal=metrics]
```

## False positives
Some calls a request truly cannot do without (authorising a card payment). State the
`timeout`, then suppress the finding on that edge with the reason; set `require-optional =
false` to ask for timeouts only.

## Options
- `require-optional` (bool, default `true`): also fire on calls that state a `timeout` but are
  required (not `optional=true`).

## References
- Amazon Builders' Library, "Timeouts, retries, and backoff with jitter" and "Avoiding
  fallback in distributed systems"
- Google SRE Book, chapter 22, "Addressing Cascading Failures"
- Michael T. Nygard, *Release It!*, 2nd edition, "Integration Points"
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import (OUTSIDE_KINDS, Design, DesignGraph, Finding, DeclaredOptions, Severity, format_path,
                               option)

CODE = "R003"
NAME = "sync-third-party"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


class Options(DeclaredOptions):
    require_optional: bool = option(True, "also fire on required calls that state a timeout", strict=True)


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    requests = graph.request_needs()
    for edge in design.edges:
        if not edge.sync or components[edge.target].kind != "external" or edge.source not in requests:
            continue
        if components[edge.source].kind in OUTSIDE_KINDS:
            continue
        missing = [] if edge.timeout is not None else ["no `timeout`"]
        if not edge.optional and options.require_optional:
            missing.append("not `optional`")
        if not missing:
            continue
        path = graph.witness(requests, edge.source) + [edge.target]
        yield Finding(
            message=(f"requests from `{path[0]}` wait on external `{edge.target}` "
                     f"({format_path(path)}; {', '.join(missing)}): its outages become theirs"),
            location=edge.location,
            element=edge.element_id,
            help="give the call a `timeout` and a fallback (`optional=true`), or move it off the request path (`~>`)",
        )
