"""A region whose loss breaks an entry point, in a design that states an SLO and several regions.

## Why is this bad?
A design that spreads over regions, or states how often a region fails, promises to survive a
region going down: a provider's regional outage, a bad regional deploy, a severed network. When
losing every instance placed in one region leaves a component something requires with fewer
instances than it needs (for its load, `capacity` per instance, or for its quorum), the entry
point is down for as long as the region is, and one such outage can spend years of the error
budget.

The judgement is the what-if model's (`archlint analyze --fail REGION`, docs/analysis.md): the
instances placed in the region are lost, the rest are counted against the k each unit needs at
today's load. It speaks only where the region is the cause: what one instance lost already
breaks is `single-point-of-failure`'s, what one zone lost breaks is
`zone-single-point-of-failure`'s (a region with no zone inside is a zone to that rule), and what
is short today is `over-capacity`'s. Judged when the design declares more than one region or
states the region's `availability`: one region holding everything is a decision, not an
oversight.

## Anti-pattern
```arch
slo [availability=99.95%]
client browser "Browsers"
lb     alb     "LB" [managed=true]
region east "us-east-1" {
  zone east_a "us-east-1a" { }
  zone east_b "us-east-1b" { }
}
region west "us-west-2" {
  zone west_a "us-west-2a" { }
}
service api "API" [replicas=4, zones=[east_a, east_b], capacity=1k]

browser -> alb -> api [rps=2k/s]
```

## Best practice
```arch
slo [availability=99.95%]
client        browser "Browsers"
lb            alb     "LB"         [managed=true]
observability metrics "Prometheus" [managed=true]
region east "us-east-1" {
  zone east_a "us-east-1a" { }
  zone east_b "us-east-1b" { }
}
region west "us-west-2" {
  zone west_a "us-west-2a" { }
  zone west_b "us-west-2b" { }
}
service api "API" [replicas=8, zones=[east_a, east_b, west_a, west_b], capacity=1k]

browser -> alb -> api [rps=2k/s]
api ~> metrics [signal=metrics]
```

## False positives
The regions a component's instances run in are read from the design: `zones=[...]` naming zone
groups, or the group it sits in. A component that runs in more regions than the design says is
judged by what it says: write the zones down. A second region kept only for data (a backup, a
cold standby) is still a region the design declares; say so with a suppression and its reason.
Without an `slo` the rule is silent.

## Options
None.

## References
- AWS Well-Architected Framework, Reliability pillar: "Use multiple locations"
- Google SRE Book, "Embracing Risk": error budgets
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis import of as analysis_of
from archlint.analysis.words import downtime, percent, window
from archlint.rule_api import Design, DesignGraph, Finding, Severity

CODE = "R103"
NAME = "region-loss-breaks-entry"
CATEGORY = "reliability"
DEFAULT_SEVERITY = Severity.ERROR
_NAMED = 3  # entry points named before "and N more"


def check(design: Design, graph: DesignGraph, options: None) -> Iterator[Finding]:
    numbers = analysis_of(graph)
    slo = numbers.slo_availability
    if slo is None:
        return
    from archlint.analysis import Scenario
    from archlint.analysis.scenarios import WhatIf

    whatif = WhatIf(design, graph, today=numbers)
    regions = [g for g in design.groups.values() if g.kind == "region"]
    budget = (f"the slo's {percent(slo)} allows {downtime(1 - slo, numbers.window_seconds)} of downtime in a "
              f"{window(numbers.window_seconds / 60)}")
    for group in design.groups.values():
        domain = numbers.domains.domains.get(group.id)
        if domain is None or domain.kind != "region" or not _holds_zones(design, group):
            continue  # a region with no zone inside is a zone to zone-single-point-of-failure
        if len(regions) < 2 and domain.availability is None:
            continue
        left = whatif.instances_left(Scenario(failed=(group.id,)))
        shorts = whatif.short_units(left)  # judged once each, not once per entry point that needs them
        broken = []
        judged = {}  # entry points of one walk hold one required set: judged once
        for entry in whatif.entries_of(shorts):
            key = id(entry.required)
            if key not in judged:
                judged[key] = _broken_by_region(whatif, entry, left, shorts)
            outcome = judged[key]
            if outcome is not None:
                broken.append((entry, outcome))
        if not broken:
            continue
        entry, first = broken[0]
        others = [e.id for e, _ in broken[1:]]
        more = ""
        if others:
            shown = ", ".join(f"`{e}`" for e in others[:_NAMED])
            more = f" and {len(others)} more entry point{'s' * (len(others) != 1)} ({shown}{', ...' if len(others) > _NAMED else ''})"
        yield Finding(
            message=(f"losing {domain.kind} `{group.id}` breaks {entry.describe()}{more}: {first.why}; {budget}"),
            location=group.location,
            element=group.id,
            help="spread the instances over regions so that the regions left still hold the instances each needs",
        )


def _broken_by_region(whatif, entry, left, shorts):
    """The entry point's outcome when the region's loss, and not today's shortage, breaks it."""
    if whatif.short_today(entry):
        return None  # already short today: not the region's doing
    outcome = whatif.broken(entry, left, shorts)
    return outcome if outcome is not None and _region_is_the_cause(whatif, outcome.causes) else None


def _region_is_the_cause(whatif, causes: tuple[str, ...]) -> bool:
    """The unit survives one instance lost and one zone lost: it is the region that breaks it."""
    unit = whatif.today.units[causes[0]]
    if unit.size - 1 < unit.k or unit.redundant_by_nature is not None:
        return False
    zones: dict[str, int] = {}
    for member in unit.members:
        component = whatif.design.components[member]
        if not component.managed:
            for zone in whatif.today.domains.placement(component).zones:
                zones[zone] = zones.get(zone, 0) + 1
    return unit.size - max(zones.values(), default=0) >= unit.k


def _holds_zones(design, group) -> bool:
    return any(design.groups[g].kind == "zone" for g in group.groups if g in design.groups)
