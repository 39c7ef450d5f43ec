"""The rules and the numbers are one model (ANALYSIS.md, "Agreement"): over generated designs,
the what-if sweep breaks an entry point by one instance down exactly where
`single-point-of-failure` (R001) flags that component, and by a zone down exactly where
`zone-single-point-of-failure` (R002) flags what a zone loss adds. A `host=true` group whose loss
breaks something is one R001 finding on the host, in place of one per component on it."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from archlint import lint_text
from archlint.analysis import Scenario
from archlint.analysis.scenarios import WhatIf
from archlint.graph import DesignGraph
from archlint.loader import load


@st.composite
def designs(draw):
    """Small designs over every kind of evidence the two rules read: a client, services, stores,
    queues and consumers, each with drawn replicas, zones (counted or named), mode, management,
    capacity and schedule; placed in zone groups (in a region or not) and on one-machine hosts;
    called over required or optional edges, with or without a declared rate."""
    zoned = draw(st.booleans())
    hosted = draw(st.booleans())
    places = [None] + (["za", "zb"] if zoned else []) + (["vm"] if hosted else [])
    count = draw(st.integers(2, 7))
    members: dict[str | None, list[str]] = {place: [] for place in places}
    declared, names = [], []
    for i in range(count):
        kind = draw(st.sampled_from(["service", "service", "database", "cache", "lb", "queue", "worker",
                                     "external", "function"]))
        name = f"c{i}"
        attrs = []
        place = draw(st.sampled_from(places)) if kind not in ("external", "function") else None
        if kind not in ("external", "function") or draw(st.integers(0, 3)) == 0:
            replicas = draw(st.sampled_from([None, 1, 2, 3, 6]))
            if replicas is not None:
                attrs.append(f"replicas={replicas}")
        if place is None and kind != "external" and draw(st.booleans()):
            attrs.append("zones=" + draw(st.sampled_from(["1", "2", "3", "[a, b]", "[a]", "[b, a, c]"]
                                                         + (["[za, zb]"] if zoned else []))))
        if kind == "database" and draw(st.booleans()):
            attrs.append(f"mode={draw(st.sampled_from(['single', 'primary_replica', 'multi_primary', 'cluster']))}")
        if kind == "database" and draw(st.integers(0, 4)) == 0:
            earlier = [n for n, k in names if k == "database"]
            if earlier:
                attrs.append(f"replica_of={draw(st.sampled_from(earlier))}")
        if kind not in ("external", "function") and draw(st.integers(0, 5)) == 0:
            attrs.append("managed=true")
        if kind != "external" and draw(st.integers(0, 2)) == 0:
            attrs.append("capacity=1k")
        if kind in ("service", "worker") and draw(st.integers(0, 5)) == 0:
            attrs.append('schedule="@hourly"')
        names.append((name, kind))
        members[place].append(f'{kind} {name}' + (f" [{', '.join(attrs)}]" if attrs else ""))
    lines = ['client user "User"', *members[None]]
    if zoned:
        region = draw(st.booleans())
        zone_lines = []
        for zone in ("za", "zb"):
            inner = members[zone] + (["group vm [host=true] {", *members["vm"], "}"]
                                     if hosted and zone == "za" and draw(st.booleans()) and not declared else [])
            if len(inner) > len(members[zone]):
                declared.append("vm")
            zone_lines += [f"zone {zone} {{", *inner, "}"]
        lines += ["region r {", *zone_lines, "}"] if region else zone_lines
    if hosted and not declared:
        lines += ["group vm [host=true] {", *members["vm"], "}"]
    lines.append(f"user -> {names[0][0]}")
    for i, (name, kind) in enumerate(names[1:], 1):
        for caller, caller_kind in {names[draw(st.integers(0, i - 1))] for _ in range(draw(st.integers(1, 2)))}:
            if caller_kind == "external":
                continue
            arrow = "~>" if kind == "queue" or caller_kind == "queue" else "->"
            options = []
            if arrow == "->" and draw(st.integers(0, 4)) == 0:
                options.append("optional=true")
            if draw(st.integers(0, 2)) == 0:
                options.append(f"rps={draw(st.sampled_from(['500', '1.5k', '2.5k', '5k']))}")
            lines.append(f"{caller} {arrow} {name}" + (f" [{', '.join(options)}]" if options else ""))
    return "\n".join(lines) + "\n"


def rule_elements(text: str, code: str) -> set[str]:
    result = lint_text(text, "design.arch", isolated=True, select=[code])
    return {f.element for f in result.findings if f.code == code}


def judged(text: str):
    """What the sweep breaks, by kind of failure, and what each rule flags; None when an entry
    point is broken already today (a unit short of its k before anything fails: the capacity
    rules' matter, not a failure's)."""
    loaded = load("design.arch", text)
    assert loaded.design is not None, loaded.findings
    w = WhatIf(loaded.design, DesignGraph(loaded.design))
    left = w.instances_left(Scenario())  # today: nothing failed
    for entry in w.today.entries:
        for ident in entry.required:
            unit = w.today.units[ident]
            if sum(left[m][0] for m in unit.members) < unit.k:
                return None
    by_instance, by_zone, by_host = set(), set(), {}
    for outcome in w.sweep():
        broken = {c for e in outcome.entries if e.status == "broken" for c in e.causes}
        if outcome.scenario.one_down:
            by_instance |= broken
            continue
        (domain,) = outcome.scenario.failed
        kind = w.today.domains.domains[domain].kind
        if kind == "host" and broken:
            by_host[domain] = broken
        elif kind in ("zone", "label", "anonymous"):
            by_zone |= broken
    on_host = set().union(*by_host.values())
    return by_instance, by_zone, by_host, on_host


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(designs())
def test_the_sweep_and_the_single_point_rules_agree(text):
    sweep = judged(text)
    assume(sweep is not None)
    by_instance, by_zone, by_host, on_host = sweep
    # one instance down: the component, or the one host it runs on (one finding for the machine)
    assert rule_elements(text, "R001") == (by_instance - on_host) | set(by_host), text
    # one zone down: what neither one instance nor one host already breaks
    assert rule_elements(text, "R002") == by_zone - by_instance - on_host, text
