"""Retries that multiply down a chain of calls: one request becomes many attempts at the bottom.

## Why is this bad?
When `api` retries `orders` 3 times and `orders` retries `payments` 3 times, one failing request
makes 16 attempts at `payments`, and it makes them exactly when `payments` is already failing:
the retries turn a brownout into an outage and keep it down after the cause is gone. The
product grows with every retrying layer. Retry at one layer (usually the one closest to the
caller that can judge), make the others fail fast, and bound retries with a budget.

The rule follows synchronous calls (`->`, telemetry aside) and multiplies `retries + 1` over the
edges of each chain that state `retries`. It fires on the edge where a chain first has more
retrying layers than `max-retrying-layers`, or more attempts than `max-attempts`. Chains
through a cycle of calls are left to `sync-cycle`.

## Anti-pattern
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service orders "Orders" [replicas=3, zones=3]
database db "Orders DB" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> api
api -> orders [timeout=2s, retries=3]
orders -> db [timeout=500ms, retries=3]
api, orders ~> metrics [signal=metrics]
```

## Best practice
```arch
client browser "Browsers"
service api "API" [replicas=3, zones=3]
service orders "Orders" [replicas=3, zones=3]
database db "Orders DB" [managed=true]
observability metrics "Prometheus" [managed=true]

browser -> api
api -> orders [timeout=2s, retries=2]
orders -> db [timeout=500ms]
api, orders ~> metrics [signal=metrics]
```

## False positives
Layers that share a retry budget, or that retry only errors the lower layer never retries
(a 409 conflict above, a connection reset below), do not multiply. Suppress on the edge the
finding names and say which budget or error classes keep them apart.

## Options
- `max-attempts` (int, default `10`): attempts at the bottom of a chain, the product of
  `retries + 1`, above which the chain fires.
- `max-retrying-layers` (int, default `1`): edges stating `retries` that one chain may hold.

## References
- Amazon Builders' Library, "Timeouts, retries, and backoff with jitter" (retrying at one layer)
- Google SRE Book, chapter 22, "Addressing Cascading Failures": "Retries"
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from archlint.rule_api import Design, DesignGraph, Edge, Finding, DeclaredOptions, Severity, option

CODE = "R006"
NAME = "retry-amplification"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.WARNING


class Options(DeclaredOptions):
    max_attempts: int = option(10, "attempts at the bottom of a chain above which it fires", ge=1, strict=True)
    max_retrying_layers: int = option(1, "edges stating `retries` one chain may hold", ge=1, strict=True)


@dataclass(frozen=True)
class _Chain:
    """The retrying edges of the worst chain reaching a component, as a linked list."""

    attempts: int
    layers: int
    edge: Edge | None = None
    before: _Chain | None = None

    def edges(self) -> list[Edge]:
        chain, edges = self, []
        while chain is not None and chain.edge is not None:
            edges.append(chain.edge)
            chain = chain.before
        return edges[::-1]


_NONE = _Chain(1, 0)


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    calls = graph.sync_calls()

    def exceeds(chain: _Chain) -> bool:
        return chain.layers > options.max_retrying_layers or chain.attempts > options.max_attempts

    worst: dict[str, _Chain] = {}
    for node in graph.acyclic_order(calls):
        into = worst.get(node, _NONE)
        for edge in calls[node]:
            chain = into
            if edge.retries:
                chain = _Chain(into.attempts * (edge.retries + 1), into.layers + 1, edge, into)
                if exceeds(chain) and not exceeds(into):
                    edges = chain.edges()
                    cited = ", ".join(f"`retries={e.retries}` on `{e.source} -> {e.target}`" for e in edges)
                    yield Finding(
                        message=(f"retries multiply to {chain.attempts} attempts at `{edge.target}` for one call "
                                 f"from `{edges[0].source}`"
                                 + (f" over {chain.layers} retrying layers" if chain.layers > 1 else "") + f" ({cited})"),
                        location=edge.written("retries").location,
                        element=edge.element_id,
                        help="retry at one layer only and let the others fail fast, or bound retries with a budget",
                    )
            known = worst.get(edge.target)
            if known is None or (chain.attempts, chain.layers) > (known.attempts, known.layers):
                worst[edge.target] = chain
