"""`archlint render --fail/--cold-cache/--load`: the drawing of a what-if scenario, through the
real CLI and real Graphviz. Its marks are read back from the SVG (ids and classes) and must be
exactly what `archlint analyze` says for the same scenario in JSON."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import assert_no_traceback, run_cli, run_together

from archlint.render.layout import find_backend

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

needs_engine = pytest.mark.skipif(find_backend() is None, reason="no Graphviz layout engine installed")

# Two zones of API replicas needing 4 of 6; auth and its users store have one path in; the
# search index is optional; a queue's work needs the database too; a cache fronts the database.
DESIGN = """\
title "What-if"
client browser "Browsers"
lb alb "LB" [managed=true]
zone a "A" {
  service api_a "API a" [replicas=3, capacity=1k]
}
zone b "B" {
  service api_b "API b" [replicas=3, capacity=1k]
}
service auth "Auth" [replicas=2, zones=2]
database users "Users" [mode=primary_replica, replicas=2, zones=2]
database db "Orders" [mode=primary_replica, replicas=2, zones=2, capacity=3k]
cache hot "Hot" [replicas=2, zones=2, caches=[db], hit_rate=90%]
search idx "Index"
queue jobs "Jobs" [managed=true]
worker mailer "Mailer" [replicas=2, zones=2]
browser -> alb -> api_a, api_b [rps=2k]
api_a, api_b -> auth -> users
api_a, api_b -> hot [reads=10k/s]
api_a, api_b -> db [reads=1k/s]
api_a, api_b -> idx [optional=true]
api_a, api_b ~> jobs
jobs ~> mailer
mailer -> db
"""


@pytest.fixture
def design(tmp_path) -> Path:
    path = tmp_path / "design.arch"
    path.write_text(DESIGN, encoding="utf-8")
    return path


def marked(svg: Path) -> dict[str, set[str]]:
    """Each what-if class of the drawing -> the ids of the elements that carry it."""
    root = ET.parse(svg).getroot()
    found: dict[str, set[str]] = {}
    for g in root.iter(f"{SVG}g"):
        for css in g.get("class", "").split():
            if css.startswith("whatif-"):
                found.setdefault(css, set()).add(g.get("id"))
    return found


def text(svg: Path) -> str:
    root = ET.parse(svg).getroot()
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def tooltip(svg: Path, ident: str) -> str:
    root = ET.parse(svg).getroot()
    part = next(g for g in root.iter(f"{SVG}g") if g.get("id") == ident)
    return " ".join(a.get(f"{XLINK}title", "") for a in part.iter(f"{SVG}a"))


def expected(scenario: dict, design_groups: set[str]) -> dict[str, set[str]]:
    """What the JSON of `analyze` says the drawing must mark, as element ids."""
    blast = scenario["blast_radius"]

    def where(ident: str) -> str:
        if "->" in ident or "~>" in ident:
            return f"edge:{ident}"
        return f"group:{ident}" if ident in design_groups else f"component:{ident}"

    def entry(ident: str) -> str:
        return f"edge:{ident}" if "~>" in ident else f"component:{ident}"

    marks = {
        "whatif-down": {where(c) for c in blast["down"]} | {where(d) for d in blast["failed_domains"]},
        "whatif-short": {where(c["id"]) for c in blast["too_few_instances"]},
        "whatif-overloaded": {where(c["id"]) for c in blast["overloaded"]},
        "whatif-cold": {where(c) for c in blast["cold_caches"]},
        "whatif-cut-off": {where(c) for status in ("broken", "degraded") for c in blast["cut_off"][status]},
        "whatif-cut": {where(e) for status in ("broken", "degraded") for e in blast["cut_edges"][status]},
    }
    for status in ("broken", "degraded"):  # the entry point's status a cut carries
        marks[f"whatif-{status}"] = {where(c) for c in blast["cut_off"][status] + blast["cut_edges"][status]}
    for status in ("broken", "overloaded", "degraded"):
        marks[f"whatif-entry-{status}"] = {entry(e["entry"]) for e in scenario["entries"] if e["status"] == status}
    # The JSON's own figures: survivors at 1 or more are the overloaded ones.
    assert {c["id"] for c in blast["overloaded"]} == {
        c["id"] for c in scenario["components"] if (c["utilization"] or 0) >= 1 and c["instances_left"] > 0}
    return {css: ids for css, ids in marks.items() if ids}


def draw_and_analyse(design: Path, tmp_path: Path, *scenario: str):
    out = tmp_path / "whatif.svg"
    drawn, analysed = run_together(("render", design, *scenario, "-o", out),
                                   ("analyze", design, *scenario, "--output-format", "json"))
    for process in (drawn, analysed):
        assert_no_traceback(process)
        assert process.returncode == 0, process.stderr
    (record,) = json.loads(analysed.stdout)["scenarios"]
    return out, record


SCENARIOS = [
    ("--fail", "auth"),
    ("--fail", "idx"),
    ("--fail", "db"),
    ("--fail", "a"),
    ("--cold-cache", "hot"),
    ("--fail", "b", "--load", "2x"),
    ("--fail", "users", "--fail", "idx"),
]


@needs_engine
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: " ".join(s))
def test_the_drawing_marks_exactly_what_analyze_says(design, tmp_path, scenario):
    svg, record = draw_and_analyse(design, tmp_path, *scenario)
    marks = marked(svg)
    assert marks == expected(record, {"a", "b"})
    legend = text(svg)
    assert f"What if: {record['scenario']}" in legend
    for word in ("DOWN", "TOO FEW", "ENTRY BROKEN", "CUT OFF", "OVERLOADED", "ENTRY DEGRADED", "COLD"):
        assert word in legend  # the key is there whatever the scenario marks
    assert "finding" not in {c for g in ET.parse(svg).getroot().iter(f"{SVG}g") for c in g.get("class", "").split()}


@needs_engine
def test_auth_down_cuts_off_its_store_and_breaks_both_entry_points(design, tmp_path):
    svg, record = draw_and_analyse(design, tmp_path, "--fail", "auth")
    marks = marked(svg)
    assert marks["whatif-down"] == {"component:auth"}
    assert marks["whatif-cut-off"] == {"component:users"}  # reached only through auth
    assert marks["whatif-cut"] == {"edge:api_a->auth", "edge:api_b->auth", "edge:auth->users"}
    assert marks["whatif-entry-broken"] == {"component:browser"}
    assert "jobs~>mailer" not in str(marks)  # the mailer's work never calls auth
    # Not only a colour: the words are on the labels, the reasons in the tooltips.
    labels = text(svg)
    assert "ENTRY BROKEN" in labels and "CUT OFF" in labels and "DOWN" in labels
    assert "`auth` has 0 of the 1 instances needed" in tooltip(svg, "component:browser")


@needs_engine
def test_an_optional_loss_is_amber_and_a_zone_loss_marks_the_zone(design, tmp_path):
    svg, _ = draw_and_analyse(design, tmp_path, "--fail", "idx")
    marks = marked(svg)
    assert marks["whatif-entry-degraded"] == {"component:browser"}
    assert marks["whatif-cut"] == {"edge:api_a->idx", "edge:api_b->idx"}
    assert "whatif-entry-broken" not in marks
    svg, _ = draw_and_analyse(design, tmp_path, "--fail", "a")
    marks = marked(svg)
    assert marks["whatif-down"] == {"group:a", "component:api_a"}
    assert marks["whatif-short"] == {"component:api_b"}  # 3 of the 4 needed
    assert marks["whatif-overloaded"] == {"component:api_b"}


@needs_engine
def test_a_cold_cache_overloads_the_store_behind_it(design, tmp_path):
    svg, record = draw_and_analyse(design, tmp_path, "--cold-cache", "hot")
    marks = marked(svg)
    assert marks["whatif-cold"] == {"component:hot"}
    assert marks["whatif-overloaded"] == {"component:db"}
    assert marks["whatif-entry-overloaded"] == {"component:browser", "edge:jobs~>mailer"}
    assert "OVERLOADED: 3.33 OF CAPACITY" in text(svg)  # (2k + 0.9 x 20k) / (2 x 3k)


@needs_engine
def test_a_scenario_drawing_is_byte_identical_run_after_run(design, tmp_path):
    first, second = tmp_path / "1.svg", tmp_path / "2.svg"
    runs = run_together(("render", design, "--fail", "a", "--cold-cache", "hot", "-o", first),
                        ("render", design, "--fail", "a", "--cold-cache", "hot", "-o", second))
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert first.read_bytes() == second.read_bytes()


@needs_engine
def test_check_knows_a_scenario_drawing(design, tmp_path):
    out = tmp_path / "whatif.svg"
    assert run_cli("render", design, "--fail", "db", "-o", out).returncode == 0
    assert run_cli("render", design, "--fail", "db", "-o", out, "--check").returncode == 0
    stale = run_cli("render", design, "--fail", "auth", "-o", out, "--check")
    assert stale.returncode == 1
    assert "--fail auth" in stale.stderr + stale.stdout  # the command that redraws it


def test_an_unknown_name_is_a_usage_error_with_a_suggestion(design, tmp_path):
    out = tmp_path / "whatif.svg"
    process = run_cli("render", design, "--fail", "atuh", "-o", out)
    assert_no_traceback(process)
    assert process.returncode == 2
    assert "no component, zone, region or host group of that name (did you mean `auth`?)" in process.stderr
    assert not out.exists()
    process = run_cli("render", design, "--cold-cache", "db", "-o", out)
    assert process.returncode == 2 and "it is a database, not a cache" in process.stderr
    process = run_cli("render", design, "--load", "fast", "-o", out)
    assert process.returncode == 2 and "expected a factor such as `10x`" in process.stderr


def test_the_dot_of_a_scenario_needs_no_engine(design):
    process = run_cli("render", design, "--fail", "auth", "--output-format", "dot")
    assert process.returncode == 0, process.stderr
    assert 'id="component:auth"' in process.stdout and "whatif-down" in process.stdout
    plain = run_cli("render", design, "--output-format", "dot")
    assert "whatif" not in plain.stdout
