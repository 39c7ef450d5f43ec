"""`archlint render`: the drawing of a design with its findings, driven through the real CLI.

The examples are drawn once, side by side, by a module fixture; the other tests draw small
designs of their own. Layout runs through whichever backend the machine has (system `dot`,
else pygraphviz); the tests that need one skip when there is none.
"""

from __future__ import annotations

import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, assert_no_traceback, every_example, run_cli, run_together

from archlint.diagnostics import Finding, Location, Severity
from archlint.linter import lint, lint_text
from archlint.render import build
from archlint.render.layout import find_backend
from archlint.render.styles import SEVERITY_COLORS

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.arch"))
RED, AMBER = SEVERITY_COLORS["error"], SEVERITY_COLORS["warning"]

needs_engine = pytest.mark.skipif(find_backend() is None, reason="no Graphviz layout engine installed")


def _pygraphviz():
    return pytest.importorskip("pygraphviz")


# --- reading an SVG -------------------------------------------------------------------------
class Drawing:
    """The parts of a Graphviz SVG, by the ids archlint gives them."""

    def __init__(self, path: Path):
        self.root = ET.parse(path).getroot()
        self.groups = {g.get("id"): g for g in self.root.iter(f"{SVG}g") if g.get("id")}

    def titles(self, cls: str) -> set[str]:
        return {g.find(f"{SVG}title").text for g in self.root.iter(f"{SVG}g") if g.get("class", "").split()[:1] == [cls]}

    def part(self, ident: str) -> ET.Element:
        return self.groups[ident]

    def strokes(self, ident: str) -> set[str]:
        return {e.get("stroke") for e in self.part(ident).iter() if e.get("stroke") not in (None, "none")}

    def tooltip(self, ident: str) -> str:
        return " ".join(a.get(f"{XLINK}title", "") for a in self.part(ident).iter(f"{SVG}a"))

    def classes(self, ident: str) -> list[str]:
        return self.part(ident).get("class", "").split()

    def text(self) -> str:
        return "\n".join("".join(t.itertext()) for t in self.root.iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """Every example drawn as SVG, the renders running side by side."""
    if find_backend() is None:
        pytest.skip("no Graphviz layout engine installed")
    return every_example(tmp_path_factory, "render", ".svg")


# --- the examples -----------------------------------------------------------------------------
@pytest.mark.parametrize("design_path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_draws_every_component_edge_group_and_finding(examples, design_path):
    result = lint([design_path])
    (design,) = result.designs
    drawing = Drawing(examples[design_path])

    assert drawing.titles("node") == set(design.components)
    edge_ids = {g for g in drawing.groups if g.startswith("edge:")}
    assert edge_ids == {f"edge:{e.element_id}" for e in design.edges}
    for group in design.groups:
        assert "cluster" in drawing.classes(f"group:{group}")

    drawn = set(design.components) | set(design.groups) | {e.element_id for e in design.edges}
    prefix = {**{c: "component" for c in design.components}, **{g: "group" for g in design.groups}}
    for finding in result.findings:
        if finding.element is None or finding.element not in drawn:
            continue
        ident = f"{prefix.get(finding.element, 'edge')}:{finding.element}"
        if finding.suppressed:
            continue
        worst = max((f.severity for f in result.active if f.element == finding.element), key=lambda s: s.rank)
        assert SEVERITY_COLORS[worst.value] in drawing.strokes(ident), ident
        assert finding.message in drawing.tooltip(ident)
    for finding in result.active:
        if finding.element is None:
            assert finding.rule in drawing.text()  # in the legend, not on a node


def test_flagged_elements_of_the_url_shortener_are_red_and_amber(examples):
    drawing = Drawing(examples[EXAMPLES / "url_shortener" / "naive.arch"])
    assert RED in drawing.strokes("component:nginx")
    assert "single-point-of-failure" in drawing.tooltip("component:nginx")
    assert "finding-error" in drawing.classes("component:nginx")
    assert AMBER in drawing.strokes("edge:api->urls")
    assert "uncached-read-path" in drawing.tooltip("edge:api->urls")
    assert RED not in drawing.strokes("component:browser") | drawing.strokes("edge:browser->nginx")
    legend = drawing.text()
    assert "missing-observability" in legend and "5 errors" in legend and "3 warnings" in legend
    labels = "".join(drawing.part("component:api").itertext())
    assert "×4, 1 zone" in labels and "sessions: local" in labels


def test_suppressed_findings_are_not_drawn(examples):
    path = EXAMPLES / "task_queue" / "reviewed.arch"  # its asynchronous work is outside the slo, with reasons
    suppressed = [f for f in lint([path]).findings if f.suppressed]
    assert suppressed, "the example suppresses two findings"
    drawing = Drawing(examples[path])
    assert not [g for g in drawing.groups if "finding" in drawing.classes(g)]
    assert "no findings" in drawing.text()


# --- determinism and --check ----------------------------------------------------------------
def _design(tmp_path: Path, text: str, name: str = "design.arch") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


SMALL = """\
title "Small"
client users
lb front [managed=true]
region eu "eu-west-1" {
  service api "API" [replicas=2, zones=2]
  database db "Orders" [engine=postgres]
}
users -> front -> api "orders" [proto=https, rps=200/s]
api -> db [op=read, reads=1k/s]
"""


def test_the_same_design_gives_byte_identical_dot_and_svg(examples, tmp_path):
    # Every run is a new process with its own hash seed, so an unsorted set would show here.
    design = EXAMPLES / "chat" / "reviewed.arch"
    again = tmp_path / "again.svg"
    svg, dot, dot_again = run_together(("render", design, "-o", again), ("render", design, "--format", "dot"),
                                       ("render", design, "--format", "dot"))
    assert svg.returncode == dot.returncode == dot_again.returncode == 0, svg.stderr + dot.stderr
    assert dot.stdout == dot_again.stdout
    assert again.read_bytes() == examples[design].read_bytes()
    text = again.read_text(encoding="utf-8")
    assert not re.search(r"20\d\d-\d\d-\d\d|\d\d:\d\d:\d\d", text)  # no timestamps
    assert "archlint render stamp" in text


def test_check_passes_when_up_to_date_and_fails_when_stale_or_missing(examples, tmp_path):
    original = EXAMPLES / "url_shortener" / "naive.arch"
    svg = examples[original]
    copy = _design(tmp_path, original.read_text(encoding="utf-8"), "naive.arch")
    changed = _design(tmp_path, copy.read_text(encoding="utf-8").replace('"Shortener API"', '"Link API"'), "changed.arch")
    fresh, copied, other_options, stale, missing = run_together(
        ("render", "--check", original, "-o", svg),
        ("render", "--check", copy, "-o", svg),
        ("render", "--check", original, "-o", svg, "--direction", "TB"),
        ("render", "--check", changed, "-o", svg),
        ("render", "--check", original, "-o", tmp_path / "missing.svg"),
    )
    assert fresh.returncode == 0 and "up to date" in fresh.stdout, fresh.stdout + fresh.stderr
    assert copied.returncode == 0, copied.stdout  # the same design, wherever it lives
    assert other_options.returncode == 1 and "--direction TB" in other_options.stdout
    assert stale.returncode == 1
    assert "out of date" in stale.stdout and f"archlint render {changed} -o {svg}" in stale.stdout
    assert missing.returncode == 1 and "missing" in missing.stdout and "archlint render" in missing.stdout


# --- engines ----------------------------------------------------------------------------------
def test_without_dot_on_path_pygraphviz_draws_the_svg(tmp_path):
    _pygraphviz()
    bare = tmp_path / "bin"
    bare.mkdir()
    assert shutil.which("dot", path=str(bare)) is None
    design = _design(tmp_path, SMALL)
    process = run_cli("render", design, "-o", tmp_path / "out.svg", env={"PATH": str(bare)})
    assert process.returncode == 0, process.stderr
    assert Drawing(tmp_path / "out.svg").titles("node") == {"users", "front", "api", "db"}


def test_with_no_engine_at_all_svg_fails_with_how_to_and_dot_still_works(tmp_path):
    bare = tmp_path / "bin"
    bare.mkdir()
    blocker = tmp_path / "site"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text("import sys\nsys.modules['pygraphviz'] = None\n", encoding="utf-8")
    hidden = {"PATH": str(bare), "PYTHONPATH": str(blocker)}
    design = _design(tmp_path, SMALL)

    dot_file = tmp_path / "out.dot"
    process, dot = run_together(
        ("render", design, "-o", tmp_path / "out.svg"),
        ("render", design, "-o", dot_file),
        env=hidden,
    )
    assert process.returncode == 2
    assert "no Graphviz layout engine" in process.stderr
    assert "pip install pygraphviz" in process.stderr and "`dot` is on PATH" in process.stderr
    assert_no_traceback(process)
    assert not (tmp_path / "out.svg").exists()
    assert dot.returncode == 0, dot.stderr
    assert dot_file.read_text(encoding="utf-8").startswith("digraph Small {")

    # --check of a DOT file compares bytes and needs no engine either.
    assert run_cli("render", "--check", design, "-o", dot_file, env=hidden).returncode == 0
    dot_file.write_text(dot_file.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_cli("render", "--check", design, "-o", dot_file, env=hidden).returncode == 1


def test_the_engines_variable_can_hide_every_backend(tmp_path):
    design = _design(tmp_path, SMALL)
    pinned = run_cli("render", design, "-o", tmp_path / "out.svg", env={"ARCHLINT_LAYOUT_ENGINES": "none"})
    assert pinned.returncode == 2 and "no Graphviz layout engine" in pinned.stderr


@needs_engine
def test_png_and_pdf_have_their_magic_bytes_and_carry_the_stamp(tmp_path):
    design = _design(tmp_path, SMALL)
    magic = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}
    targets = {fmt: tmp_path / f"design.{fmt}" for fmt in magic}
    for process in run_together(*(("render", design, "-o", target) for target in targets.values())):
        assert process.returncode == 0, process.stderr
    for fmt, target in targets.items():
        assert target.read_bytes().startswith(magic[fmt])
    for process in run_together(*(("render", "--check", design, "-o", target) for target in targets.values())):
        assert process.returncode == 0, process.stdout
    assert b"D:19700101000000" in (tmp_path / "design.pdf").read_bytes()  # no creation time


def test_a_design_too_big_for_dot_fails_fast_and_names_the_way_out(tmp_path):
    lines = [f'group g{n} {{\n' + "".join(f"  service s{n}_{i}\n" for i in range(100)) + "}\n" for n in range(16)]
    design = _design(tmp_path, "".join(lines))
    process = run_cli("render", design, "-o", tmp_path / "big.svg", "--isolated")
    assert process.returncode == 2
    assert "1,600 components" in process.stderr and "--engine sfdp" in process.stderr
    assert_no_traceback(process)


# --- safety ---------------------------------------------------------------------------------------
HOSTILE = r"""title "Evil \"title\" <b>bold</b> \\N & \u202e"
service api "Quote \" <angle> & amp \\ back \\N \\G \\l \\\" end \\" [engine="]; x [label=evil]"]
database db "שלום 🙂 مرحبا\nsecond line" [engine="<script>alert(1)</script>"]
queue q "label=<<b>x</b>> ] [fillcolor=red" [tags=["\\", "\""]]
boundary b "<TABLE> \\E" {
  worker w "\"; node [shape=star]; \""
}
api -> db "edge \"label\" \\ <tr> \\n" [proto="a\"b", rps=5/s]
api ~> q "]; injected [label=evil]; //"
q ~> w
"""


def test_hostile_labels_neither_break_the_dot_nor_inject_anything(tmp_path):
    pygraphviz = _pygraphviz()
    design = _design(tmp_path, HOSTILE)
    dot = tmp_path / "h.dot"
    process = run_cli("render", design, "-o", dot, "--isolated")
    assert process.returncode == 0, process.stderr
    source = dot.read_text(encoding="utf-8")
    assert "\\N" not in source and "\\G" not in source and "\\l" not in source
    graph = pygraphviz.AGraph(string=source)
    assert sorted(graph.nodes()) == ["api", "db", "q", "w"]
    assert sorted(graph.edges()) == [("api", "db"), ("api", "q"), ("q", "w")]
    for node in graph.nodes():
        assert graph.get_node(node).attr["shape"] != "star"
        assert graph.get_node(node).attr["fillcolor"] != "red"
    assert "evil" not in {graph.get_node(n).attr.get("label") for n in graph.nodes()}

    if find_backend() is None:
        return
    svg = tmp_path / "h.svg"
    assert run_cli("render", design, "-o", svg, "--isolated").returncode == 0
    drawing = Drawing(svg)  # well-formed XML, or this raises
    assert drawing.titles("node") == {"api", "db", "q", "w"}
    text = drawing.text()
    assert "<angle>" in text and "שלום 🙂 مرحبا" in text and "second line" in text
    assert "∖N ∖G ∖l" in text  # a backslash is drawn, never read as a Graphviz escape
    assert '"; node [shape=star]; "' in text
    assert "<script>alert(1)</script>" in text
    assert 'Quote " <angle>' in drawing.tooltip("component:api")


def _component(ident: str, label: str | None = None, kind: str = "service"):
    from archlint.model import Component

    here = Location(file="x.arch", line=1, column=1, end_line=1, end_column=2)
    return Component(id=ident, kind=kind, label=label, location=here, statement=here)


def test_hostile_ids_from_the_python_api_stay_one_name_each():
    pygraphviz = _pygraphviz()
    from archlint.model import Design, Edge

    here = Location(file="x.arch", line=1, column=1, end_line=1, end_column=2)
    ids = ['a"b', "c:d", "e\\", "<f>", "g\nh", "ünï 🙂", "node", "-1x"]
    components = {i: _component(i) for i in ids}
    edges = tuple(Edge(source=a, target=b, arrow="->", location=here, statement=here) for a, b in zip(ids, ids[1:]))
    design = Design(root="x.arch", files=("x.arch",), components=components, edges=edges)
    graph = pygraphviz.AGraph(string=build(design))
    assert len(graph.nodes()) == len(ids)
    assert len(graph.edges()) == len(edges)
    assert {"c:d", "<f>", "ünï 🙂", "node", 'a"b'} <= set(graph.nodes())


# --- what is marked where -------------------------------------------------------------------
def _finding(element: str | None, severity: str = "error", message: str = "broken", suppressed=False) -> Finding:
    here = Location(file="d.arch", line=1, column=1, end_line=1, end_column=2)
    return Finding(message=message, location=here, element=element, rule="some-rule", code="X001",
                   severity=Severity(severity), suppressed=suppressed)


def test_findings_mark_their_own_element_only():
    design = lint_text("service a\nqueue b\na -> b\na ~> b\n", isolated=True).designs[0]
    findings = [
        _finding("a~>b", "warning", "async edge problem"),
        _finding("b", "error", "hidden", suppressed=True),
        _finding("nowhere", "error", "about nothing drawn"),
        _finding(None, "warning", "about the whole design"),
    ]
    source = build(design, findings)
    sync = next(line for line in source.splitlines() if 'id="edge:a->b"' in line)
    asynchronous = next(line for line in source.splitlines() if 'id="edge:a~>b"' in line)
    queue = next(line for line in source.splitlines() if 'id="component:b"' in line)
    assert AMBER in asynchronous and "async edge problem" in asynchronous
    assert AMBER not in sync and RED not in sync
    assert RED not in queue and "hidden" not in source
    assert "about nothing drawn" not in source
    assert "about the whole design" in source.splitlines()[1]  # the graph label: the legend

    plain = build(design, None)
    assert "finding" not in plain and "async edge problem" not in plain


def test_direction_and_engine_reach_the_dot(tmp_path):
    design = _design(tmp_path, SMALL)
    process = run_cli("render", design, "--format", "dot", "--direction", "TB", "--engine", "sfdp")
    assert process.returncode == 0, process.stderr
    assert "rankdir=TB" in process.stdout and "layout=sfdp" in process.stdout
    assert "cluster_eu" in process.stdout


# --- refusing ---------------------------------------------------------------------------------
def test_refuses_to_write_over_the_design_or_its_includes(tmp_path):
    shared = _design(tmp_path, 'observability metrics [managed=true]\n', "shared.arch")
    main = _design(tmp_path, 'include "shared.arch"\nservice api\napi ~> metrics\n', "main.arch")
    before = {p: p.read_bytes() for p in (shared, main)}
    for process in run_together(*(("render", main, "--format", "dot", "-o", target, "--isolated")
                                  for target in (main, shared))):
        assert process.returncode == 2
        assert "refusing to write" in process.stderr
    assert {p: p.read_bytes() for p in (shared, main)} == before


def test_fatal_errors_are_reported_as_check_reports_them_and_nothing_is_drawn(tmp_path):
    design = _design(tmp_path, "servce api\nservice db [replicas=0]\n")
    process = run_cli("render", design, "-o", tmp_path / "out.svg", "--isolated")
    assert process.returncode == 1
    assert "error[L005] unknown-kind" in process.stderr and "did you mean `service`?" in process.stderr
    assert "error[L007] invalid-value" in process.stderr
    assert not (tmp_path / "out.svg").exists()


# --- the docs -----------------------------------------------------------------------------------
def test_every_arch_block_in_the_rendering_docs_is_a_valid_design():
    text = (ROOT / "docs" / "rendering.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```arch\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks
    from archlint.linter import FATAL_CODES

    for block in blocks:
        result = lint_text(block, path=str(ROOT / "docs" / "rendering.arch"), isolated=True)
        assert not [f for f in result.findings if f.code in FATAL_CODES], block
        assert build(result.designs[0], result.findings)
