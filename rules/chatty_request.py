"""A request that makes too many synchronous calls: a long chain in sequence, or a wide fan-out.

## Why is this bad?
Every synchronous hop adds its latency, its failure rate and its tail to the request. A chain
of seven services nested one inside the other is seven times as likely to hit a slow
instance, must be up seven times over, and cannot be faster than its sum; a caller that calls
twelve services for each request waits on the slowest of twelve, so its p99 is close to their
p99.9. Such designs usually mean the boundaries between services are drawn across one piece of
work: merge the services that are always called together, precompute (a read model, a cache),
or move steps off the request path.

The rule follows required synchronous calls (`->`, not `optional=true`, telemetry aside) from
each place requests enter (as `single-point-of-failure` does) and fires:
- on the first application component of a chain in which application components (`service`,
  `worker`, `function`, `gateway`) make more than `max-chain` calls one inside the other;
- on an application component on a request path that makes more than `max-fanout` required
  calls per request (a call counts its `fanout` when the design states one).
Chains through a cycle of calls are left to `sync-cycle`.

## Anti-pattern
```arch
client browser "Browsers"
service a "Storefront" [replicas=3, zones=3]
service b "Cart" [replicas=3, zones=3]
service c "Pricing" [replicas=3, zones=3]
service d "Promotions" [replicas=3, zones=3]
service e "Catalog" [replicas=3, zones=3]
service f "Inventory" [replicas=3, zones=3]
database db "Stock" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> a -> b -> c -> d -> e -> f -> db
a, b, c, d, e, f ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service a "Storefront" [replicas=3, zones=3]
service b "Cart and pricing" [replicas=3, zones=3]
service e "Catalog and stock" [replicas=3, zones=3]
database db "Stock" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> a -> b -> e -> db
a, b, e ~> metrics [signal=metrics]
```

## False positives
Calls drawn from one caller may be alternatives (one per request type) rather than calls made by
every request: the design cannot tell them apart, so split the caller's endpoints into
components, or suppress on the caller with the reason.

## Options
- `max-chain` (int, default `5`): calls made one inside the other by application components.
- `max-fanout` (int, default `8`): required calls one application component makes per request.

## References
- Jeffrey Dean and Luiz André Barroso, "The Tail at Scale", Communications of the ACM, 2013
- Google SRE Book, chapter 6, "Monitoring Distributed Systems" (worrying about your tail)
- Amazon Builders' Library, "Using load shedding to avoid overload" (the cost of every hop)
"""

from __future__ import annotations

from typing import Iterator

from archlint.rule_api import (APP_KINDS, OUTSIDE_KINDS, Design, DesignGraph, Edge, Finding, DeclaredOptions, Severity,
                               format_path, option)

CODE = "P003"
NAME = "chatty-request"
CATEGORY = "performance"
DEFAULT_SEVERITY = Severity.WARNING


class Options(DeclaredOptions):
    max_chain: int = option(5, "calls application components make one inside the other", ge=1, strict=True)
    max_fanout: int = option(8, "required calls one application component makes per request", ge=1, strict=True)


def _calls(edge: Edge) -> int:
    fanout = edge.as_written.get("fanout")  # its value only: not moved to its line
    return int(fanout.value) if fanout is not None else 1


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    components = design.components
    calls = graph.sync_calls(required_only=True)
    requests = graph.request_needs()
    for ident in requests:
        caller = components[ident]
        edges = calls[ident]
        if caller.kind not in APP_KINDS or not edges:
            continue
        made = 0
        for edge in edges:
            made += _calls(edge)
        if made > options.max_fanout:
            path = graph.witness(requests, ident)
            yield Finding(
                message=(f"{caller.kind} `{ident}` makes {made} required synchronous calls per request from "
                         f"`{path[0]}` ({format_path(path)}), more than {options.max_fanout}"),
                location=caller.location,
                element=ident,
                help="merge what is always called together, precompute it, or make calls `optional` or asynchronous",
            )
    # deepest[n]: the most nested application calls below n, and the callee it goes through. A
    # call into a client or external ends the chain there: what it calls is another request.
    deepest: dict[str, tuple[int, str | None]] = {}
    nothing = (0, None)
    for node in reversed(graph.acyclic_order(calls)):
        edges = calls[node]
        if not edges:
            deepest[node] = nothing  # calls nothing: no chain below it
            continue
        own = 1 if components[node].kind in APP_KINDS else 0
        best = None  # the deepest (depth, callee), the first of equals; a callee on a cycle has none
        for edge in edges:
            target = edge.target
            if components[target].kind in OUTSIDE_KINDS:
                step = (own, target)
            elif target in deepest:
                step = (own + deepest[target][0], target)
            else:
                continue
            if best is None or step > best:
                best = step
        deepest[node] = nothing if best is None else best
    reported = set()
    for entry in graph.entry_points():
        chain = [entry]
        while True:
            step = deepest.get(chain[-1], (0, None))[1]
            if step is None:
                break
            chain.append(step)
            if components[step].kind in OUTSIDE_KINDS:
                break
        apps = [ident for ident in chain if components[ident].kind in APP_KINDS]
        if not apps or apps[0] in reported:
            continue
        node = apps[0]  # where the application starts, past the edge tier
        depth = deepest[node][0]
        if depth <= options.max_chain:
            continue
        reported.add(node)
        yield Finding(
            message=(f"requests from `{entry}` make {depth} synchronous calls one inside the other from "
                     f"`{node}` ({format_path(chain, 10)}), more than {options.max_chain}"),
            location=components[node].location,
            element=node,
            help="merge services that are always called together, precompute (a cache, a read model), or go asynchronous",
        )
