"""Semantic diagnostics and includes, from data: each at its file, line and column."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from archlint.linter import lint
from archlint.loader import load

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = tomllib.loads((Path(__file__).parent / "semantic_cases.toml").read_text(encoding="utf-8"))["case"]


def _write(root: Path, files: dict[str, str]) -> None:
    (root / ".git").mkdir()  # the project root that includes must stay inside
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_case(case, tmp_path, monkeypatch):
    _write(tmp_path, case["files"])
    monkeypatch.chdir(tmp_path)
    result = lint("main.arch", isolated=True, select=["L"])
    got = [f"{f.code}@{f.location.file}:{f.location.line}:{f.location.column}" for f in result.findings]
    assert got == case["expect"], [f.message for f in result.findings]
    messages = " | ".join(f.message for f in result.findings)
    for fragment in case.get("says", []):
        assert fragment in messages


def test_group_membership_from_an_include(tmp_path, monkeypatch):
    _write(tmp_path, {"main.arch": 'region eu {\n  include "x.arch"\n}\n', "x.arch": "service api\n"})
    monkeypatch.chdir(tmp_path)
    design = load("main.arch").design
    assert design.components["api"].group == "eu"
    assert design.groups["eu"].components == ("api",)
    assert design.components["api"].location.file == "x.arch"
    assert design.files == ("main.arch", "x.arch")


def test_include_outside_the_project_is_refused(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (tmp_path / "secret.arch").write_text("service leaked\n")
    (project / "main.arch").write_text('include "../secret.arch"\n')
    monkeypatch.chdir(project)
    result = lint("main.arch", isolated=True)
    assert [(f.code, f.location.line, f.location.column) for f in result.findings] == [("L008", 1, 9)]
    assert "outside the project" in result.findings[0].message
    assert "leaked" not in " ".join(result.sources.values())


def test_include_outside_allowed_by_config(tmp_path, monkeypatch):
    project = tmp_path / "project"
    project.mkdir()
    (project / ".git").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "obs.arch").write_text("observability metrics\n")
    (project / "archlint.toml").write_text('include-paths = ["../shared"]\n')
    (project / "main.arch").write_text('include "../shared/obs.arch"\nservice api\napi ~> metrics\n')
    monkeypatch.chdir(project)
    result = lint("main.arch", select=["L"])
    assert result.findings == []


def test_typed_values_in_si_units(tmp_path):
    path = tmp_path / "d.arch"
    path.write_text(
        'service api [replicas=6, zones=[a, b, a], latency=15ms, capacity=2k, availability=99.95%]\n'
        'database db [replica_of=db2]\ndatabase db2\n'
        'api -> db [reads=300/min, writes=1.5k/s, timeout=2s, signal=logs]\n'
    )
    design = load(str(path)).design
    api = design.components["api"]
    assert (api.replicas, api.zones, api.zone_ids) == (6, 2, ("a", "b", "a"))
    assert api.latency == pytest.approx(0.015) and api.capacity == 2000 and api.availability == 99.95
    assert api.state == "stateless" and design.components["db"].durable is True
    edge = design.edges[0]
    assert edge.reads == pytest.approx(5.0) and edge.writes == 1500 and edge.timeout == 2 and edge.signal == ("logs",)
    assert api.written("zones").text == "[a, b, a]"
    assert api.written("managed") is None and api.managed is False


def _places(element) -> dict[str, tuple[int, int, int, int]]:
    return {name: (a.line, a.column, a.value_line, a.end_column) for name, a in element.attributes.items()}


def test_elements_writing_the_same_bracket_share_it_each_in_its_place(tmp_path, monkeypatch):
    text = ("service a [replicas=3, zones=3]\n"  # line 1
            "\n"
            "service b [replicas=3, zones=3]\n"  # 3: the same bracket at the same columns
            "service cc [replicas=3, zones=3]\n"  # 4: the same bracket further right
            "service d {\n"  # 5: block form, the attributes on the lines below
            "  replicas = 3\n"
            "}\n"
            "service e {\n"
            "  replicas = 3\n"
            "}\n")
    _write(tmp_path, {"main.arch": text})
    monkeypatch.chdir(tmp_path)
    design = load("main.arch").design
    a, b, cc, d, e = (design.components[x] for x in ("a", "b", "cc", "d", "e"))
    assert a.as_written is b.as_written and d.as_written is e.as_written
    assert _places(a) == {"replicas": (1, 12, 1, 22), "zones": (1, 24, 1, 31)}
    assert _places(b) == {"replicas": (3, 12, 3, 22), "zones": (3, 24, 3, 31)}
    assert _places(cc) == {"replicas": (4, 13, 4, 23), "zones": (4, 25, 4, 32)}
    assert _places(d) == {"replicas": (6, 3, 6, 15)} and _places(e) == {"replicas": (9, 3, 9, 15)}
    assert b.written("zones").value_location.line == 3 and b.written("absent") is None
    assert (b.replicas, b.zones) == (3, 3)


def test_an_edge_written_again_keeps_each_attribute_where_it_was_written(tmp_path, monkeypatch):
    text = ("service a\nservice b\nservice c\n"
            "a ->\n  b -> c [timeout=1s]\n"  # lines 4-5: one statement, two hops
            "b -> c [retries=2]\n")  # line 6: a hop again, with one more attribute
    _write(tmp_path, {"main.arch": text})
    monkeypatch.chdir(tmp_path)
    design = load("main.arch").design
    ab, bc = design.edges
    assert _places(ab) == {"timeout": (5, 11, 5, 21)}
    assert _places(bc) == {"timeout": (5, 11, 5, 21), "retries": (6, 9, 6, 18)}
    assert (bc.timeout, bc.retries) == (1.0, 2)


def test_a_bracket_with_a_problem_is_reported_wherever_it_is_written(tmp_path, monkeypatch):
    _write(tmp_path, {"main.arch": "service a [replicas=3, replica=2]\nservice b [replicas=3, replica=2]\n"})
    monkeypatch.chdir(tmp_path)
    result = lint("main.arch", isolated=True, select=["L"])
    assert [(f.code, f.location.line, f.location.column) for f in result.findings] == [("L006", 1, 24), ("L006", 2, 24)]
