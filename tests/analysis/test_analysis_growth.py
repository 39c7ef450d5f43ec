"""The numbers stay linear in the design: the work of the seven numbers rules (which run in every
lint) and of `archlint analyze`'s document, at N and at 2N, counted as Python calls, not timed
(tests/test_growth.py explains the method). Each design is a shape where the work could grow
faster than the design: thousands of entry points, a balancer over a service in each of many
zones, many clients through one front door to a large backend."""

from __future__ import annotations

from archlint import lint_text
from archlint.analysis import Analysis
from archlint.analysis.export import document
from archlint.graph import DesignGraph
from archlint.loader import load
from archlint.registry import builtin_rules

from test_growth import LINEAR, _work  # the same counting, the same bar as every growth test

SLO = "slo [availability=99.95%, latency=200ms]\n"


def _cells(n: int) -> str:
    """One client, and n cells of a service, its store, a queue and the worker that drains it:
    n + 1 entry points, each needing a few components."""
    lines = [SLO, "client web", "lb front [managed=true, availability=99.99%, latency=5ms]", "web -> front"]
    for i in range(n):
        lines += [
            f"service s{i} [replicas=3, zones=3, availability=99.9%, latency=20ms, capacity=1k]",
            f"database d{i} [mode=primary_replica, availability=99.95%, latency=5ms, capacity=2k]",
            f"queue q{i} [managed=true, availability=99.9%]",
            f"worker w{i} [replicas=2, availability=99.5%, latency=50ms]",
            f"front -> s{i} [rps=200/s, timeout=1s]",
            f"s{i} -> d{i} [reads=150/s, writes=50/s, timeout=100ms, retries=2]",
            f"s{i} ~> q{i} ~> w{i} [rps=20/s]",
            f"w{i} -> d{i} [writes=20/s, timeout=100ms]",
        ]
    return "\n".join(lines) + "\n"


def _zones(n: int) -> str:
    """A balancer over n services, each in its own zone: one tier spread over n zones."""
    lines = [SLO, "client web", "lb front [replicas=2, zones=2, availability=99.99%]", "web -> front"]
    for i in range(n):
        lines += [f"zone z{i} [availability=99.9%] {{", f"  service s{i} [replicas=2, availability=99.9%]", "}",
                  f"front -> s{i}"]
    return "\n".join(lines) + "\n"


def _front_door(n: int) -> str:
    """n clients through one balancer to n services: n entry points that each need n components."""
    lines = [SLO, "lb front [managed=true, availability=99.99%]"]
    for i in range(n):
        lines += [f"client c{i}", f"c{i} -> front", f"service s{i} [replicas=2, availability=99.9%, latency=10ms]",
                  f"front -> s{i}"]
    return "\n".join(lines) + "\n"


NUMBERS_RULES = ("R101", "R102", "P101", "C001", "C002", "C003", "C004")


def _lint_growth(make, size: int, tmp_path) -> float:
    """The seven numbers rules, as a lint runs them, on one graph per design."""
    rules = [spec for spec in builtin_rules() if spec.code in NUMBERS_RULES]
    assert len(rules) == len(NUMBERS_RULES)
    lint_text(make(4), isolated=True)  # imports out of the count

    def judge(design):
        def run():
            graph = DesignGraph(design)
            for spec in rules:
                list(spec.check(design, graph, spec.options() if spec.options is not None else None))
        return run

    small, large = (_design(tmp_path, make(n), f"d{n}.arch") for n in (size, 2 * size))
    return _work(judge(large)) / _work(judge(small))


def _design(tmp_path, text: str, name: str):
    path = tmp_path / name
    path.write_text(text)
    loaded = load(str(path))
    assert loaded.design is not None and not [f for f in loaded.findings if f.severity.value == "error"]
    return loaded.design


def _analysis_growth(make, size: int, tmp_path) -> float:
    designs = [_design(tmp_path, make(n), f"d{n}.arch") for n in (size, 2 * size)]

    def analyse(design):
        return lambda: document(Analysis(design, DesignGraph(design)))

    analyse(designs[0])()  # imports out of the count
    return _work(analyse(designs[1])) / _work(analyse(designs[0]))


def test_thousands_of_entry_points_are_linear(tmp_path):
    numbers = document(Analysis(*_loaded(tmp_path, _cells(3))))
    assert len(numbers["entries"]) == 4 and numbers["entries"][0]["latency_p99_seconds"] > 0
    assert _lint_growth(_cells, 150, tmp_path) < LINEAR
    assert _analysis_growth(_cells, 150, tmp_path) < LINEAR


def test_a_tier_over_many_zones_is_one_unit_in_linear_work(tmp_path):
    analysis = Analysis(*_loaded(tmp_path, _zones(4)))
    assert analysis.units["s0"].members == ("s0", "s1", "s2", "s3")  # one tier, spread over four zones
    assert _lint_growth(_zones, 150, tmp_path) < LINEAR
    assert _analysis_growth(_zones, 150, tmp_path) < LINEAR


def test_clients_through_one_front_door_share_their_numbers(tmp_path):
    analysis = Analysis(*_loaded(tmp_path, _front_door(3)))
    first, second = (analysis.numbers(e) for e in analysis.entries[:2])
    assert first.entry.required == ("front", "s0", "s1", "s2") and first.availability == second.availability
    assert first.entry.witness("s1") == ["c0", "front", "s1"] and second.entry.witness("s1") == ["c1", "front", "s1"]
    assert _lint_growth(_front_door, 150, tmp_path) < LINEAR


def _loaded(tmp_path, text: str):
    design = _design(tmp_path, text, "small.arch")
    return design, DesignGraph(design)
