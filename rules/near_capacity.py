"""A component whose declared load takes more than a safe share of what its instances can take.

## Why is this bad?
Above about 80% utilization, queueing delay grows steeply and a small burst, a deploy that takes
an instance out, or a slow dependency tips the component over. Planning for headroom is cheaper
than finding it during an incident.

Load and utilization are the ones `archlint analyze` computes (docs/analysis.md). At 1 or more,
`over-capacity` reports it instead. Silent where a component states no `capacity` or nothing
declares a rate into it.

## Anti-pattern
```arch
client  browser "Browsers"
service api     "API" [replicas=3, zones=3, capacity=1k]

browser -> api [rps=2.7k/s]
```

## Best practice
```arch
client        browser "Browsers"
service       api     "API"        [replicas=6, zones=3, capacity=1k]
observability metrics "Prometheus" [managed=true]

browser -> api [rps=2.7k/s]
api ~> metrics [signal=metrics]
```

## False positives
The warning is about headroom, and some components are meant to run hot: a batch worker or a
consumer that drains a queue at its full rate is sized to be busy. Raise `warn-above` for the
design, or suppress on the component with the reason. Load counts declared rates only; a rate
stated for a peak hour is judged as steady load, which is the intent.

## Options
`warn-above` (default 0.8): the utilization above which the warning is given.

## References
- Google SRE Book, "Handling Overload"
- Neil J. Gunther, "Guerrilla Capacity Planning": utilization and response time
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of, states
from archlint.analysis.words import load, ratio
from archlint.rule_api import Design, DesignGraph, Finding, DeclaredOptions, Severity, option

CODE = "C002"
NAME = "near-capacity"
CATEGORY = "capacity"
DEFAULT_SEVERITY = Severity.WARNING


class Options(DeclaredOptions):
    warn_above: float = option(0.8, "utilization above which to warn", gt=0, lt=1, strict=True)


def check(design: Design, graph: DesignGraph, options: Options) -> Iterator[Finding]:
    if not states(design, "capacity"):
        return  # no utilization without a capacity: the model is not even loaded
    threshold = options.warn_above
    for ident, use in analysis_of(graph).utilization.items():
        if use.utilization is None or not threshold < use.utilization < 1:
            continue
        component = design.components[ident]
        yield Finding(
            message=f"{load(component.kind, ident, use)}: utilization {ratio(use.utilization)}, above {ratio(threshold)}",
            location=component.location,
            element=ident,
            help="add replicas or capacity to keep headroom for bursts and deploys",
        )
