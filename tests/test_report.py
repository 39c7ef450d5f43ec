"""`archlint report`: the HTML design review, read back without a browser.

Each report is made by the real CLI and parsed with html5lib, as a browser would parse it: the
checks are on the document's structure (every finding listed and linked to an element of the
inline SVG, hostile labels as text, nothing loaded from anywhere), never on its wording.
The browser itself is driven in tests/test_report_browser.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import EXAMPLES, assert_no_traceback, every_example, run_cli

from archlint.render.layout import find_backend

html5lib = pytest.importorskip("html5lib", reason="html5lib (the `test` extra) parses the reports")

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.arch"))
needs_engine = pytest.mark.skipif(find_backend() is None, reason="no Graphviz layout engine installed")


class Report:
    """A report as the HTML parser sees it."""

    def __init__(self, path: Path):
        self.source = path.read_text(encoding="utf-8")
        self.root = html5lib.parse(self.source, treebuilder="etree", namespaceHTMLElements=False)

    def all(self, tag: str):
        return list(self.root.iter(tag))

    def by_class(self, cls: str, tag: str | None = None):
        return [e for e in self.root.iter(tag) if cls in (e.get("class") or "").split()]

    def svg_ids(self) -> set[str]:
        return {g.get("id") for g in self.root.iter(f"{SVG}g") if g.get("id")}

    def text(self, element=None) -> str:
        return "".join((element if element is not None else self.root).itertext())

    def findings(self):
        return self.by_class("finding", "li")


def _write(tmp_path: Path, text: str, name: str = "design.arch") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _report(design: Path, out: Path, *args, expect: int = 0, env=None) -> Report:
    process = run_cli("report", design, "-o", out, "--isolated", *args, env=env)
    assert process.returncode == expect, process.stderr
    assert_no_traceback(process)
    return Report(out)


def _active(design: Path, *args) -> list[dict]:
    process = run_cli("check", design, "--isolated", "--output-format", "json", *args)
    return [f for f in json.loads(process.stdout)["findings"] if not f["suppressed"]]


# --- every finding, linked ------------------------------------------------------------------
@pytest.fixture(scope="module")
def example_reports(tmp_path_factory):
    if find_backend() is None:
        pytest.skip("no Graphviz layout engine installed")
    return every_example(tmp_path_factory, "report", ".html", "--isolated")


@pytest.mark.parametrize("design_path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_finding_is_listed_and_linked_to_its_element_on_the_diagram(example_reports, design_path):
    report = Report(example_reports[design_path])
    expected = _active(design_path, "--isolated")
    rows = report.findings()
    assert len(rows) == len(expected)
    messages = sorted(report.text(m) for row in rows for m in row.iter("span") if m.get("class") == "message")
    assert messages == sorted(f["message"].replace("`", "") for f in expected)  # `quoted` parts as <code>
    svg_ids = report.svg_ids()
    for row in rows:
        target = row.get("data-element")
        links = [a for a in row.iter("a") if "locate" in (a.get("class") or "")]
        if target is None:
            assert not links  # about the design as a whole
            continue
        assert target in svg_ids, target
        (link,) = links
        assert link.get("href") == f"#{target}" and link.get("data-element") == target
    with_element = {f"{f['element']}" for f in expected if f["element"]}
    linked = {row.get("data-element").split(":", 1)[1] for row in rows if row.get("data-element")}
    assert linked == with_element
    # each element with findings has its panel, and each panel lists exactly its findings
    panels = {p.get("data-element"): p for p in report.by_class("panel", "div") if p.get("data-element")}
    assert set(panels) == {row.get("data-element") for row in rows if row.get("data-element")}
    for target, panel in panels.items():
        in_list = {row.get("id") for row in rows if row.get("data-element") == target}
        in_panel = {a.get("href")[1:] for a in panel.iter("a")}
        assert in_panel == in_list


@pytest.mark.parametrize("design_path", EXAMPLE_FILES[:2], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_summary_counts_by_severity_and_rule_match_the_findings(example_reports, design_path):
    report = Report(example_reports[design_path])
    expected = _active(design_path, "--isolated")
    summary = next(s for s in report.all("section") if s.get("id") == "summary")
    tables = list(summary.iter("table"))
    rows = [[report.text(td).strip() for td in tr.iter("td")] for tr in tables[0].iter("tr")][1:]
    by_severity = {cells[0].split()[-1]: int(cells[1]) for cells in rows}
    for severity in ("error", "warning", "info"):
        assert by_severity[severity] == sum(f["severity"] == severity for f in expected)
    verdict = report.by_class("verdict")[0]
    assert ("verdict-failed" in verdict.get("class")) == any(f["severity"] == "error" for f in expected)


# --- safety -----------------------------------------------------------------------------------
HOSTILE = r"""title "</title><script>alert('title')</script>"
service api "<img src=x onerror=alert(1)>" [replicas=1, tech="</style><script>alert(2)</script>"]
database db "\"><svg onload=alert(3)> & &amp; <!-- -->" [engine="<iframe src=https://example.com>"]
group g "</section><a href=https://example.com>x</a>" {
  worker w "javascript:alert(4)"
}
api -> db "</svg><script>alert(5)</script>" [proto="a\"b"]
api -> w
"""


@needs_engine
def test_hostile_labels_are_text_and_nothing_else_runs_or_loads(tmp_path):
    report = _report(_write(tmp_path, HOSTILE), tmp_path / "review.html")
    scripts = report.all("script") + report.all(f"{SVG}script")
    assert len(scripts) == 1 and not scripts[0].get("src")  # ours, inline
    for element in report.root.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name.endswith("href") or name == "src":
                assert value.startswith("#"), (element.tag, name, value)
    assert not report.all("iframe") and not report.all("img") and not report.all(f"{SVG}svg")[1:]
    text = report.text()
    for label in ("<img src=x onerror=alert(1)>", "</svg><script>alert(5)</script>", "javascript:alert(4)",
                  "</section><a href=https://example.com>x</a>"):
        assert label in text
    assert report.all("title")[0].text.startswith("Design review: </title><script>")
    policy = next(m.get("content") for m in report.all("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy and "unsafe" not in policy


@needs_engine
def test_the_page_loads_nothing_and_its_policy_allows_exactly_its_own_style_and_script(example_reports):
    import base64
    import hashlib

    report = Report(example_reports[EXAMPLES / "url_shortener" / "naive.arch"])
    assert not report.all("link") and not report.all("img")
    for element in report.root.iter():
        for name in ("src", "href", "{http://www.w3.org/1999/xlink}href"):
            value = element.get(name)
            assert value is None or value.startswith("#"), value
    policy = next(m.get("content") for m in report.all("meta") if m.get("http-equiv") == "Content-Security-Policy")

    def digest(element):
        return base64.b64encode(hashlib.sha256(element.text.encode("utf-8")).digest()).decode()

    assert f"'sha256-{digest(report.all('style')[0])}'" in policy
    assert f"'sha256-{digest(report.all('script')[0])}'" in policy


# --- determinism and --check --------------------------------------------------------------------
@needs_engine
def test_the_same_design_gives_the_same_bytes_and_check_tells_a_stale_report(tmp_path):
    design = _write(tmp_path, (EXAMPLES / "url_shortener" / "naive.arch").read_text(encoding="utf-8"))
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    _report(design, first)
    _report(design, second)
    assert first.read_bytes() == second.read_bytes()

    check = run_cli("report", "--check", design, "-o", first, "--isolated", env={"ARCHLINT_LAYOUT_ENGINES": "none"})
    assert check.returncode == 0 and "up to date" in check.stdout  # no layout needed
    other = run_cli("report", "--check", design, "-o", first, "--isolated", "--fail-on", "warning")
    assert other.returncode == 1 and "--fail-on warning" in other.stdout  # other settings: stale

    design.write_text(design.read_text(encoding="utf-8") + "\n# a comment changes the input's hash\n",
                      encoding="utf-8")
    stale = run_cli("report", "--check", design, "-o", first, "--isolated")
    assert stale.returncode == 1 and "out of date" in stale.stdout
    assert f"archlint report {design} -o {first} --isolated" in stale.stdout
    missing = run_cli("report", "--check", design, "-o", tmp_path / "none.html", "--isolated")
    assert missing.returncode == 1 and "missing" in missing.stdout
    assert not (tmp_path / "none.html").exists()


def test_check_needs_an_output_and_config_options_exclude_each_other(tmp_path):
    design = _write(tmp_path, "service api\n")
    assert run_cli("report", "--check", design).returncode == 2
    assert run_cli("report", design, "--config", "x.toml", "--isolated").returncode == 2


# --- what the report holds ----------------------------------------------------------------------
MARKDOWN = """# Checkout: before and after the review

Before:

```arch
title "Before"
client web
service api
database db
web -> api -> db
```

After:

```arch
title "After"
client web
service api [replicas=2, zones=2]
database db [replicas=2, zones=2, mode=primary_replica]
web -> api -> db
```
"""


@needs_engine
def test_a_markdown_document_gets_one_diagram_per_design_and_findings_link_to_their_own(tmp_path):
    doc = _write(tmp_path, MARKDOWN, "design.md")
    report = _report(doc, tmp_path / "review.html")
    assert len(report.all(f"{SVG}svg")) == 2
    ids = report.svg_ids()
    assert {"d1-component:api", "d2-component:api"} <= ids
    rows = report.findings()
    assert rows and all(row.get("data-element", "").startswith("d1-") for row in rows if row.get("data-element"))
    assert [h.text for h in report.all("h3") if (h.get("id") or "").startswith("design-")] == \
        ["Design 1: Before", "Design 2: After"]


@needs_engine
def test_suppressions_with_their_reasons_and_the_baseline_in_use(tmp_path):
    design = _write(tmp_path, """\
client web
service api [replicas=2, zones=2]
database db  # archlint: ignore[single-point-of-failure] -- a managed restore is tested monthly (ADR-7)
cache sessions
web -> api -> db
api -> sessions
""")
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", design, "--isolated", "--write-baseline", baseline).returncode == 0
    with design.open("a", encoding="utf-8") as handle:
        handle.write("service extra\napi -> extra\n")
    report = _report(design, tmp_path / "review.html", "--baseline", baseline)
    section = next(s for s in report.all("section") if s.get("id") == "suppressions")
    text = report.text(section)
    assert "a managed restore is tested monthly (ADR-7)" in text
    assert "baseline.json" in text
    held = [t for t in section.iter("table") if "held back" in report.text(t.find("caption"))]
    assert len(held) == 1 and "sessions" in report.text(held[0])
    listed = {row.get("data-element") for row in report.findings()}
    assert "component:extra" in listed and "component:sessions" not in listed and "component:db" not in listed
    inputs = report.text(next(s for s in report.all("section") if s.get("id") == "inputs"))
    assert hashlib.sha256(design.read_bytes()).hexdigest() in inputs
    assert hashlib.sha256(baseline.read_bytes()).hexdigest() in inputs


@needs_engine
def test_fail_on_decides_the_verdict(tmp_path):
    design = _write(tmp_path, "client web\nservice api [replicas=3]\nweb -> api\n")  # a warning only
    passed = _report(design, tmp_path / "a.html")
    assert "verdict-passed" in passed.by_class("verdict")[0].get("class")
    failed = _report(design, tmp_path / "b.html", "--fail-on", "warning")
    assert "verdict-failed" in failed.by_class("verdict")[0].get("class")


def test_a_design_too_big_to_lay_out_gets_a_report_without_its_diagram(tmp_path):
    lines = [f"group g{n} {{\n" + "".join(f"  service s{n}_{i}\n" for i in range(100)) + "}\n" for n in range(16)]
    design = _write(tmp_path, "client web\nweb -> s0_0\n" + "".join(lines))
    report = _report(design, tmp_path / "review.html", env={"ARCHLINT_LAYOUT_ENGINES": "none"})
    assert not report.all(f"{SVG}svg")
    assert "1,601 components" in report.text(report.by_class("refused")[0])
    assert report.findings() and not any(row.get("data-element") for row in report.findings())


@needs_engine
def test_headings_run_in_order_and_every_table_has_headers_and_a_caption(tmp_path):
    design = _write(tmp_path, "client web\nservice api\ndatabase db\nweb -> api -> db\n")
    report = _report(design, tmp_path / "review.html")
    levels = [int(e.tag[1]) for e in report.root.iter() if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
    for table in report.all("table"):
        assert table.find("caption") is not None and list(table.iter("th"))
    for badge in report.by_class("sev", "span"):  # severity in words, not colour alone
        assert report.text(badge).split()[-1] in ("error", "warning", "info")
    assert report.root.get("lang") == "en"


# --- refusals -----------------------------------------------------------------------------------
def test_a_design_with_fatal_errors_is_reported_as_check_reports_it_and_nothing_is_written(tmp_path):
    design = _write(tmp_path, "service api\napi -> nowhere\n")
    out = tmp_path / "review.html"
    process = run_cli("report", design, "-o", out, "--isolated")
    assert process.returncode == 1 and "nowhere" in process.stderr
    assert not out.exists()
    assert_no_traceback(process)


def test_refuses_to_write_over_the_design_and_without_an_engine_says_how_to_get_one(tmp_path):
    design = _write(tmp_path, "service api\n")
    before = design.read_bytes()
    process = run_cli("report", design, "-o", design, "--isolated")
    assert process.returncode == 2 and "refusing" in process.stderr
    assert design.read_bytes() == before
    out = tmp_path / "review.html"
    process = run_cli("report", design, "-o", out, "--isolated", env={"ARCHLINT_LAYOUT_ENGINES": "none"})
    assert process.returncode == 2 and "pygraphviz" in process.stderr and not out.exists()
    assert_no_traceback(process)


def test_refuses_to_write_over_the_configuration_or_the_baseline_it_read(tmp_path):
    design = _write(tmp_path, "service api\n")
    config = tmp_path / "archlint.toml"
    config.write_text("ignore = []\n")
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", design, "--config", config, "--write-baseline", baseline, cwd=tmp_path).returncode == 0
    for target, extra in ((config, ["--config", config]), (baseline, ["--baseline", baseline])):
        before = target.read_bytes()
        process = run_cli("report", design, "-o", target, *extra, cwd=tmp_path)
        assert_no_traceback(process)
        assert process.returncode == 2 and "which this run read" in process.stderr, process.stderr
        assert target.read_bytes() == before


# --- the analysis per entry point and the what-if sweep -------------------------------------------
def _analyze(design: Path, *args) -> dict:
    process = run_cli("analyze", design, "--output-format", "json", *args)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def _section(report: Report, ident: str):
    return next(s for s in report.all("section") if s.get("id") == ident)


def _rows(report: Report, table) -> list[list]:
    return [list(tr.iter("td")) for tr in table.find("tbody").iter("tr")]


def _table(report: Report, section, first_header: str):
    found = [t for t in section.iter("table") if report.text(t.find("thead")).startswith(first_header)]
    return found[0] if found else None


def _plain(text: str) -> str:
    return " ".join(text.replace("`", "").split())


def assert_entry_figures(report: Report, document: dict) -> None:
    """Every entry point of the analysis document is a row of the page, with its figures."""
    from archlint.analysis import words

    section = _section(report, "analysis")
    table = _table(report, section, "entry point")
    if not document["entries"]:
        assert table is None and "No entry point" in report.text(section)
        return
    rows = {report.text(cells[0].find(".//code")): cells for cells in _rows(report, table)}
    assert sorted(rows) == sorted(e["entry"] for e in document["entries"])
    components = {c["id"]: c for c in document["components"]}
    at_load = document["load_factor"] != 1.0
    for entry in document["entries"]:
        elements = rows[entry["entry"]]
        cells = [_plain(report.text(c)) for c in elements]
        assert len(cells) == 6
        assert cells[1].startswith(words.percent(entry["availability"]))
        assert cells[2].startswith(words.minutes(entry["downtime_minutes"]))
        if entry["budget_minutes"] is not None:
            assert f"of a {words.minutes(entry['budget_minutes'])} budget" in cells[2]
        if entry["latency_p99_seconds"] is not None:
            assert cells[3].startswith(words.seconds(entry["latency_p99_seconds"]))
            assert [report.text(c) for c in elements[3].iter("code")] == entry["latency_path"]
        else:
            assert cells[3].startswith("no figure")
        for ident in entry["unstated_availability"][:5] + entry["unstated_latency"][:5]:
            assert ident in cells[-1]
        for key, before in (("utilization", ""), ("utilization_at_load", f"at {document['load_factor']:g}x: ")):
            judged = [components[c] for c in entry["required"] if components.get(c, {}).get(key) is not None]
            if key == "utilization_at_load" and not at_load:
                continue
            if judged:
                busiest = max(judged, key=lambda c: (c[key], c["id"]))
                assert f"{before}{busiest['id']} {words.ratio(busiest[key])}" in cells[4]
            else:
                assert cells[4] == "-"


def sweep_rows(report: Report) -> list[tuple[int, str, str]]:
    """The ranked failures on the page: (rank, failure, its cell of effects)."""
    table = _table(report, _section(report, "whatif"), "rank")
    if table is None:
        return []
    return [(int(report.text(cells[0])), _plain(report.text(cells[1])), _plain(report.text(cells[2])))
            for cells in _rows(report, table)]


def swept_harm(document: dict) -> list[tuple[int, str, dict]]:
    """What `analyze --sweep` ranks: (rank, failure, entry point -> status) for each that harms."""
    return [(s["sweep_rank"], _plain(s["scenario"]), {e["entry"]: e["status"] for e in s["entries"] if e["status"] != "ok"})
            for s in document["scenarios"] if s["sweep_rank"] is not None and any(e["status"] != "ok" for e in s["entries"])]


@pytest.mark.parametrize("design_path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_entry_point_of_analyze_is_in_the_report_with_its_figures(example_reports, design_path):
    report = Report(example_reports[design_path])
    assert_entry_figures(report, _analyze(design_path))


@pytest.mark.parametrize("design_path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_the_sweep_is_ranked_as_analyze_ranks_it_and_each_failure_links_to_its_element(example_reports, design_path):
    report = Report(example_reports[design_path])
    expected = swept_harm(_analyze(design_path, "--sweep"))
    rows = sweep_rows(report)
    assert [(rank, failure) for rank, failure, _ in rows] == [(rank, failure) for rank, failure, _ in expected]
    for (_, _, effects), (_, _, statuses) in zip(rows, expected):
        for entry, status in statuses.items():
            assert f"{status}: " in effects and entry in effects
    section = _section(report, "whatif")
    svg_ids = report.svg_ids()
    links = [a for a in section.iter("a") if "locate" in (a.get("class") or "")]
    assert len(links) == len(rows)  # every failure here is of a drawn component or group
    for link in links:
        assert link.get("data-element") in svg_ids and link.get("href") == f"#{link.get('data-element')}"
    if not expected:
        assert "Nothing breaks" in report.text(section)


NUMBERS = """\
title "Checkout"
slo [availability=99.95%, latency=200ms]
client web "Shoppers"
service api [replicas=3, zones=3, availability=99.9%, latency=40ms, capacity=500]
database db [replicas=2, zones=2, mode=primary_replica, availability=99.95%, latency=10ms, capacity=2000]
cache sessions [latency=1ms]
web -> api [rps=900, timeout=1s, retries=2]
api -> db [reads=1200, writes=300]
api -> sessions [optional=true, rps=900]
"""


@needs_engine
def test_load_judges_capacity_and_the_sweep_at_that_load_as_analyze_does(tmp_path):
    design = _write(tmp_path, NUMBERS)
    report = _report(design, tmp_path / "review.html", "--load", "3x")
    document = _analyze(design, "--load", "3x", "--sweep")
    assert_entry_figures(report, document)
    table = _table(report, _section(report, "analysis"), "entry point")
    headers = [report.text(th) for th in table.iter("th")]
    assert "busiest needed at 1x and 3x" in headers
    capacity = _table(report, _section(report, "analysis"), "component")
    cells = {report.text(c[0]): [report.text(x) for x in c] for c in _rows(report, capacity)}
    for record in document["components"]:
        if record["utilization_at_load"] is not None:
            assert cells[record["id"]][5].startswith(f"{record['utilization_at_load']:.2f}")
    assert "over capacity" in report.text(_section(report, "analysis"))  # api at 3x: 2700/s on 3 x 500/s
    rows = sweep_rows(report)
    assert [(r, f) for r, f, _ in rows] == [(r, f) for r, f, _ in swept_harm(document)] and rows
    assert "overloaded: web" in rows[0][2]
    inputs = report.text(_section(report, "inputs"))
    assert "3x" in inputs


@needs_engine
def test_a_design_without_numbers_says_so_and_names_what_is_missing(tmp_path):
    design = _write(tmp_path, "client web\nservice api\ndatabase db\nweb -> api -> db\n")
    report = _report(design, tmp_path / "review.html")
    section = _section(report, "analysis")
    assert "This design states no numbers" in report.text(section)
    assert "no slo" in _plain(report.text(section))
    missing = _table(report, section, "component")
    assert {report.text(c[0]): report.text(c[1]) for c in _rows(report, missing)} == \
        {"api": "availability, latency", "db": "availability, latency"}
    assert_entry_figures(report, _analyze(design))


@needs_engine
def test_no_entry_point_is_said_in_words(tmp_path):
    design = _write(tmp_path, "service api [availability=99.9%]\n")
    report = _report(design, tmp_path / "review.html")
    assert "No entry point" in report.text(_section(report, "analysis"))


@needs_engine
def test_the_sweep_runs_by_itself_on_small_designs_only_and_the_page_says_what_was_left_out(tmp_path):
    from archlint.report.figures import SWEEP_AUTO_LIMIT

    # One more component than the limit (too many for `dot`: the page goes without its diagram).
    services = "".join(f"service s{i} [availability=99.9%]\nweb -> s{i}\n" for i in range(SWEEP_AUTO_LIMIT))
    big = _write(tmp_path, "client web\n" + services, "big.arch")
    report = _report(big, tmp_path / "big.html")
    skipped = report.text(_section(report, "whatif"))
    assert "not run" in skipped and f"{SWEEP_AUTO_LIMIT + 1:,} components" in skipped and "--sweep" in skipped
    assert not sweep_rows(report)
    assert_entry_figures(report, _analyze(big))

    # At a load factor every failure re-judges every load: the limit is lower.
    from archlint.report.figures import SWEEP_AUTO_LIMIT_AT_LOAD

    services = "".join(f"service s{i} [replicas=2]\nweb -> s{i} [rps=10/s]\n" for i in range(SWEEP_AUTO_LIMIT_AT_LOAD))
    middle = _write(tmp_path, "client web\n" + services, "middle.arch")
    at_load = report.text(_section(_report(middle, tmp_path / "load.html", "--engine", "sfdp", "--load", "2x"), "whatif"))
    assert "not run" in at_load and "at a load factor (2x)" in at_load, at_load
    assert len(sweep_rows(_report(middle, tmp_path / "1x.html", "--engine", "sfdp"))) == SWEEP_AUTO_LIMIT_AT_LOAD  # each zone

    small = _write(tmp_path, NUMBERS)
    off = _report(small, tmp_path / "off.html", "--no-sweep")
    assert "--no-sweep" in report.text(_section(off, "whatif")) and not sweep_rows(off)
    check = run_cli("report", "--check", small, "-o", tmp_path / "off.html", "--isolated")
    assert check.returncode == 1 and "out of date" in check.stdout  # the settings are part of the report
    assert run_cli("report", "--check", small, "-o", tmp_path / "off.html", "--isolated", "--no-sweep").returncode == 0


@needs_engine
def test_nothing_breaks_is_said_when_no_single_failure_harms(tmp_path):
    design = _write(tmp_path, "client web\nservice api [replicas=3, zones=3, availability=99.9%]\nweb -> api\n")
    report = _report(design, tmp_path / "review.html", "--engine", "sfdp")
    section = report.text(_section(report, "whatif"))
    assert "Nothing breaks" in section and not sweep_rows(report)
    assert not swept_harm(_analyze(design, "--sweep"))


HOSTILE_NUMBERS = """# <script>alert('doc')</script>

```arch
title "</h3><script>alert('before')</script>"
slo [availability=99.9%]
client web "<img src=x onerror=alert('client')>"
service api "</td></tr></table><script>alert('api')</script>" [availability=99%]
web -> api [rps=10]
```

```arch
title "<style>body{display:none}</style>"
client web "\\"><svg onload=alert('after')>"
service api [replicas=2, zones=2]
web -> api
```
"""


@needs_engine
def test_hostile_labels_and_titles_in_the_numbers_are_text(tmp_path):
    doc = _write(tmp_path, HOSTILE_NUMBERS, "design.md")
    report = _report(doc, tmp_path / "review.html")
    assert len(report.all("script")) == 1 and not report.all("img") and not report.all("style")[1:]
    analysis, whatif = report.text(_section(report, "analysis")), report.text(_section(report, "whatif"))
    assert "<img src=x onerror=alert('client')>" in analysis
    assert "Design 1: </h3><script>alert('before')</script>" in analysis
    assert "Design 2: <style>body{display:none}</style>" in whatif
    assert "\"><svg onload=alert('after')>" in analysis
    headings = [report.text(h) for h in _section(report, "analysis").iter("h3")]
    assert len(headings) == 2  # the titles did not close or open any element
    for element in report.root.iter():
        assert not any(name.lower().startswith("on") for name in element.attrib)
