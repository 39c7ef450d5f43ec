"""The rules and the numbers are one model (ANALYSIS.md, "Agreement"): over generated designs,
the what-if sweep breaks an entry point by one instance down exactly where
`single-point-of-failure` (R001) flags that component, and by a zone down exactly where
`zone-single-point-of-failure` (R002) flags what a zone loss adds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint import lint_text
from archlint.analysis.scenarios import WhatIf
from archlint.graph import DesignGraph
from archlint.loader import load


@st.composite
def designs(draw):
    """Small designs: a client, an optional load balancer, services and stores, each with drawn
    replicas, zones, mode and management, called over required or optional edges."""
    lines = ['client user "User"']
    names = []
    count = draw(st.integers(2, 6))
    for i in range(count):
        kind = draw(st.sampled_from(["service", "service", "database", "cache", "lb", "queue", "worker"]))
        attrs = []
        replicas = draw(st.sampled_from([None, 1, 2, 3]))
        if replicas is not None:
            attrs.append(f"replicas={replicas}")
        if draw(st.booleans()):
            attrs.append(f"zones={draw(st.integers(1, 3))}")
        if kind == "database" and draw(st.booleans()):
            attrs.append(f"mode={draw(st.sampled_from(['single', 'primary_replica', 'cluster']))}")
        if draw(st.integers(0, 5)) == 0:
            attrs.append("managed=true")
        name = f"c{i}"
        names.append((name, kind))
        lines.append(f'{kind} {name} "{name}"' + (f" [{', '.join(attrs)}]" if attrs else ""))
    lines.append(f"user -> {names[0][0]}")
    for i, (name, kind) in enumerate(names[1:], 1):
        caller, caller_kind = names[draw(st.integers(0, i - 1))]
        arrow = "~>" if kind == "queue" or caller_kind == "queue" else "->"
        optional = " [optional=true]" if arrow == "->" and draw(st.integers(0, 4)) == 0 else ""
        lines.append(f"{caller} {arrow} {name}{optional}")
    return "\n".join(lines) + "\n"


def rule_elements(text: str, code: str) -> set[str]:
    result = lint_text(text, "design.arch", isolated=True, select=[code])
    return {f.element for f in result.findings if f.code == code}


def sweep_causes(text: str):
    loaded = load("design.arch", text)
    assert loaded.design is not None, loaded.findings
    w = WhatIf(loaded.design, DesignGraph(loaded.design))
    by_instance, by_zone = set(), set()
    for outcome in w.sweep():
        for entry in outcome.entries:
            if entry.status == "broken":
                (by_instance if outcome.scenario.one_down else by_zone).update(entry.causes)
    return by_instance, by_zone


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs())
def test_the_sweep_and_the_single_point_rules_agree(text):
    by_instance, by_zone = sweep_causes(text)
    assert by_instance == rule_elements(text, "R001"), text
    assert by_zone - by_instance == rule_elements(text, "R002"), text
