"""The machine-readable formats, through the real command line: json-lines, sarif, github, junit.

Each CLI run costs a Python start-up, so every test runs the CLI once or twice on small designs
of its own (the examples may change) and checks as much as that one run can show. The pure
parts (escaping, XML) are tested in-process.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.diagnostics import Finding, Location, Severity
from archlint.linter import LintResult
from archlint.reporters import ReportContext, github, junit, sarif
from archlint.records import record as finding_record
from conftest import SHARED

SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"  # ../shared beside the repository, as in CI

SPOF = """\
client browser
service api [replicas=2, zones=2]
database orders
browser -> api -> orders
"""
SUPPRESSED = """\
client browser
service api [replicas=2, zones=2]
database orders  # archlint: ignore[single-point-of-failure] -- test
browser -> api -> orders
"""
SYNTAX_ERROR = """\
client browser
service api [replicas=2, zones=2
database orders
"""
CLEAN = """\
client browser
service api [replicas=2, zones=2]
browser -> api
"""
# Where the single point of failure `orders` is in SPOF: line 3, columns 10 to 16 (exclusive).
SPOF_REGION = {"startLine": 3, "startColumn": 10, "endLine": 3, "endColumn": 16}


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "archlint", *args],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


def write(directory: Path, **designs: str) -> None:
    for name, text in designs.items():
        (directory / f"{name}.arch").write_text(text, encoding="utf-8")


# --- json-lines -------------------------------------------------------------------------------
def test_json_lines_one_record_per_finding_suppressed_included(tmp_path):
    write(tmp_path, spof=SPOF, suppressed=SUPPRESSED)
    done = run(tmp_path, "spof.arch", "suppressed.arch", "--output-format", "json-lines", "--select", "R001")
    assert done.returncode == 1, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(records) == 2 and done.stdout.endswith("\n")
    keys = set(finding_record(Finding(message="m", location=Location(file="f", line=1, column=1, end_line=1,
                                                                    end_column=2))))
    assert all(set(record) == keys for record in records)
    by_file = {record["file"]: record for record in records}
    active, hidden = by_file["spof.arch"], by_file["suppressed.arch"]
    assert (active["code"], active["rule"], active["element"], active["suppressed"]) == \
        ("R001", "single-point-of-failure", "orders", False)
    assert (active["line"], active["column"], active["end_line"], active["end_column"]) == (3, 10, 3, 16)
    assert hidden["suppressed"] is True and hidden["suppression_reason"] == "test"


def test_json_lists_thousands_of_findings_one_a_line_as_json_lines_does(tmp_path):
    """Records are encoded a slice at a time: across slices the list is as it is within one."""
    (tmp_path / "many.arch").write_text("".join(f'service s{i} "café {i}" [state=memory]\n' for i in range(4100)),
                                        encoding="utf-8")
    document = run(tmp_path, "many.arch", "--output-format", "json")
    lines = run(tmp_path, "many.arch", "--output-format", "json-lines")
    records = json.loads(document.stdout)["findings"]
    assert len(records) == 4100 and [r["line"] for r in records] == list(range(1, 4101))
    assert records == [json.loads(line) for line in lines.stdout.splitlines()]
    listed = document.stdout.split('"findings": [\n    ')[1].split("\n  ]")[0].split(",\n    ")
    assert [json.loads(line) for line in listed] == records  # one record a line


def test_json_to_an_output_that_cannot_hold_a_character_gets_every_record_or_none(tmp_path):
    """The records go out a megabyte at a time to a UTF-8 output. One in another encoding
    (PYTHONIOENCODING, a legacy locale, a Windows pipe) that cannot hold a character of them
    gets them in one write: all of them or none, never a document cut after a megabyte."""
    design = "".join(f"service s{i} [state=memory]\n" for i in range(6000)) + 'service z [state="café"]\n'
    (tmp_path / "many.arch").write_text(design, encoding="utf-8")
    args = [sys.executable, "-m", "archlint", "many.arch", "--output-format", "json", "--no-cache"]
    whole = run(tmp_path, *args[3:])
    assert len(whole.stdout) > 1 << 20 and whole.stdout.index("café") > 1 << 20  # past the first megabyte
    ascii_only = subprocess.run(args, cwd=tmp_path, capture_output=True, timeout=60,
                                env={**os.environ, "PYTHONIOENCODING": "ascii"})
    out = ascii_only.stdout
    assert ascii_only.returncode in (1, 2), ascii_only.stderr
    if b'"rule"' in out:  # every record, or none: never a document cut after a megabyte of them
        assert len(json.loads(out)["findings"]) == 6001


@pytest.mark.parametrize("output_format", ["full", "json", "sarif", "github", "junit", "json-lines"])
def test_an_output_that_cannot_hold_the_report_is_a_usage_error_that_says_why(tmp_path, output_format):
    (tmp_path / "d.arch").write_text('client web "Café"\nservice api [state="café"]\nweb -> api\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "archlint", "d.arch", "--output-format", output_format, "--no-cache"],
                          cwd=tmp_path, capture_output=True, timeout=60, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert done.returncode == 2
    stderr = done.stderr.decode("ascii")
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert "the output's encoding (ascii) cannot hold a character of the report (U+00E9)" in stderr
    assert "-o" in stderr
    written = subprocess.run([sys.executable, "-m", "archlint", "d.arch", "--output-format", output_format, "--no-cache",
                              "-o", "report.out"], cwd=tmp_path, capture_output=True, timeout=60,
                             env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert written.returncode in (0, 1) and "é" in (tmp_path / "report.out").read_text(encoding="utf-8")


# --- sarif ------------------------------------------------------------------------------------
def _validate(document: dict) -> None:
    if not SCHEMA.exists():
        pytest.skip(f"the SARIF 2.1.0 schema is not at {SCHEMA}")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is needed to validate SARIF")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(document)


def _by_rule(run_: dict, rule_id: str) -> list[dict]:
    return [r for r in run_["results"] if r["ruleId"] == rule_id]


def test_sarif_is_valid_and_complete(tmp_path):
    (tmp_path / "designs").mkdir()
    write(tmp_path / "designs", spof=SPOF, suppressed=SUPPRESSED, broken=SYNTAX_ERROR)
    absolute = str(tmp_path / "designs" / "spof.arch")  # an absolute argument still gives a relative uri
    done = run(tmp_path, absolute, "designs/suppressed.arch", "designs/broken.arch", "--output-format", "sarif")
    assert done.returncode == 1, done.stderr
    document = json.loads(done.stdout)
    _validate(document)
    assert document["version"] == "2.1.0" and len(document["runs"]) == 1
    run_ = document["runs"][0]
    driver = run_["tool"]["driver"]
    from archlint import __version__

    assert (driver["name"], driver["version"]) == ("archlint", __version__)
    assert driver["informationUri"].startswith("https://")
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"
    assert run_["invocations"] == [{"executionSuccessful": True}]

    rules = driver["rules"]
    ids = [rule["id"] for rule in rules]
    assert len(ids) == len(set(ids)) and {"L001", "N001", "R001"} <= set(ids)
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert uri.startswith("designs/") and not uri.startswith("/") and "\\" not in uri
        assert list(result["partialFingerprints"]) == ["archlintFingerprint/v1"]
    spof_rule = rules[ids.index("R001")]
    assert spof_rule["name"] == "single-point-of-failure"
    assert spof_rule["helpUri"].endswith("docs/rules.md#single-point-of-failure")
    assert spof_rule["defaultConfiguration"] == {"level": "error"}
    assert spof_rule["properties"]["tags"] == ["reliability"]
    assert spof_rule["shortDescription"]["text"] and "## Why is this bad?" not in spof_rule["fullDescription"]["text"]
    assert spof_rule["help"]["markdown"].count("## ") >= 2 and spof_rule["help"]["text"]

    active, hidden = sorted(_by_rule(run_, "R001"), key=lambda r: "suppressions" in r)
    assert active["level"] == "error" and "orders" in active["message"]["text"]
    where = active["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"] == "designs/spof.arch"
    assert where["region"] == SPOF_REGION
    assert "suppressions" not in active
    assert hidden["suppressions"] == [{"kind": "inSource", "justification": "test"}]
    assert hidden["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "designs/suppressed.arch"
    (syntax,) = _by_rule(run_, "L001")
    assert syntax["level"] == "error"
    assert syntax["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_sarif_fingerprints_survive_moved_lines(tmp_path):
    write(tmp_path, spof=SPOF, broken=SYNTAX_ERROR)

    def results() -> dict:
        done = run(tmp_path, "spof.arch", "broken.arch", "--output-format", "sarif", "--select", "R001")
        return {r["ruleId"]: r for r in json.loads(done.stdout)["runs"][0]["results"]}

    before = results()
    write(tmp_path, spof="\n\n\n" + SPOF, broken="\n\n\n" + SYNTAX_ERROR)
    after = results()
    assert set(before) == set(after) == {"R001", "L001"}
    for rule_id in before:
        old = before[rule_id]["locations"][0]["physicalLocation"]["region"]["startLine"]
        new = after[rule_id]["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert new == old + 3
        assert before[rule_id]["partialFingerprints"] == after[rule_id]["partialFingerprints"]
    assert before["R001"]["partialFingerprints"] != before["L001"]["partialFingerprints"]


def test_sarif_run_errors_are_tool_notifications():
    location = Location(file="design.arch", line=2, column=3, end_line=2, end_column=7)
    result = LintResult(
        findings=[Finding(message="twice", location=location, element="x", rule="duplicate-id", code="L003",
                          severity=Severity.ERROR),
                  Finding(message="twice", location=location, element="x", rule="duplicate-id", code="L003",
                          severity=Severity.ERROR)],
        files=["design.arch"],
        errors=["missing.arch: no such file or directory"],
    )
    document = sarif.document(result, ReportContext())
    _validate(document)
    (invocation,) = document["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"] == [
        {"level": "error", "message": {"text": "missing.arch: no such file or directory"}}
    ]
    first, second = (r["partialFingerprints"]["archlintFingerprint/v1"] for r in document["runs"][0]["results"])
    assert first != second and second == first + ":2"
    # Told which rules ran, the driver lists those and the ones with results only.
    from archlint.selection import make_catalog

    narrowed = sarif.document(result, ReportContext(catalog=make_catalog(), enabled=frozenset({"R001"})))
    assert [rule["id"] for rule in narrowed["runs"][0]["tool"]["driver"]["rules"]] == ["L003", "R001"]
    assert narrowed["runs"][0]["results"][0]["ruleIndex"] == 0


def test_clean_run_exits_zero_and_output_file_gets_the_report(tmp_path):
    write(tmp_path, clean=CLEAN)
    done = run(tmp_path, "clean.arch", "--output-format", "sarif", "--select", "R001", "-o", "report.sarif")
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    document = json.loads((tmp_path / "report.sarif").read_text(encoding="utf-8"))
    _validate(document)
    assert document["runs"][0]["results"] == []


# --- github -----------------------------------------------------------------------------------
def test_github_escaping():
    text = "100% sure: a, b\r\nnext"
    assert github.escape_data(text) == "100%25 sure: a, b%0D%0Anext"
    assert github.escape_property(text) == "100%25 sure%3A a%2C b%0D%0Anext"
    assert github.escape_data("%0A") == "%250A"  # an escape already in the text stays text

    finding = Finding(message="line one: 50%, more\nline two", rule="single-point-of-failure", code="R001",
                      severity=Severity.INFO,
                      location=Location(file="a,b:c.arch", line=4, column=2, end_line=4, end_column=9))
    assert github.command(finding) == (
        "::notice file=a%2Cb%3Ac.arch,line=4,col=2,endLine=4,endColumn=9,title=R001 single-point-of-failure"
        "::line one: 50%25, more%0Aline two"
    )


def test_github_commands_through_the_cli(tmp_path):
    odd = "odd, name: 100%"
    write(tmp_path, **{odd: SPOF, "suppressed": SUPPRESSED})
    done = run(tmp_path, f"{odd}.arch", "suppressed.arch", "--output-format", "github")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert lines and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert not any("suppressed.arch" in line and "R001" in line for line in lines)  # suppressed: not shown
    (spof,) = [line for line in lines if "title=R001" in line]
    assert spof.startswith(
        "::error file=odd%2C name%3A 100%25.arch,line=3,col=10,endLine=3,endColumn=16,"
        "title=R001 single-point-of-failure::database `orders`"
    )
    properties, message = spof[len("::error "):].split("::", 1)
    assert "%" not in message and ":" not in properties.replace("%3A", "")


# --- junit ------------------------------------------------------------------------------------
def test_junit_through_the_cli(tmp_path):
    write(tmp_path, spof=SPOF, clean=CLEAN, suppressed=SUPPRESSED, broken=SYNTAX_ERROR)
    done = run(tmp_path, "spof.arch", "clean.arch", "suppressed.arch", "broken.arch",
               "--output-format", "junit", "--select", "R001")
    assert done.returncode == 1, done.stderr
    root = ET.fromstring(done.stdout)
    assert root.tag == "testsuites"
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert list(suites) == ["spof.arch", "clean.arch", "suppressed.arch", "broken.arch"]
    (case,) = suites["spof.arch"].findall("testcase")
    assert case.get("name") == "R001 single-point-of-failure"
    (failure,) = case.findall("failure")
    assert failure.get("type") == "R001" and failure.get("message").startswith("database `orders`")
    assert "->" in failure.get("message")  # escaped on the way out, intact on the way in
    for quiet in ("clean.arch", "suppressed.arch"):
        (passing,) = suites[quiet].findall("testcase")
        assert list(passing) == [] and suites[quiet].get("failures") == "0"
    assert suites["broken.arch"].find("testcase/failure").get("type") == "L001"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("4", "2", "0")


def test_junit_escapes_and_is_deterministic():
    nasty = 'a <b> & "c" \'d\' \x01 ]]>'
    finding = Finding(message=nasty, rule="single-point-of-failure", code="R001", severity=Severity.ERROR,
                      location=Location(file="x&y.arch", line=1, column=1, end_line=1, end_column=2))
    result = LintResult(findings=[finding], files=["x&y.arch"], errors=["boom <here>"])

    def render() -> str:
        out = io.StringIO()
        junit.report(result, out, color=False, context=ReportContext())
        return out.getvalue()

    text = render()
    assert text == render()
    root = ET.fromstring(text)
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == nasty.replace("\x01", "\ufffd")
    assert root.find("testsuite").get("name") == "x&y.arch"
    error = root.find("testsuite[@name='archlint']/testcase/error")
    assert error.get("message") == "boom <here>" and root.get("errors") == "1"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=30,
)


@given(_JSON)
@settings(max_examples=400, deadline=None)
def test_the_indenting_writer_writes_what_the_standard_library_writes(value):
    # SARIF and baselines are written indented through archlint.jsonwrite, which must agree with
    # json.dumps to the byte (the non-finite floats too).
    from archlint.jsonwrite import indented

    assert indented(value, 2) == json.dumps(value, indent=2, ensure_ascii=False)
    assert indented(value, 4) == json.dumps(value, indent=4, ensure_ascii=False)


def test_the_indenting_writer_leaves_what_it_does_not_know_to_the_standard_library():
    from archlint.jsonwrite import indented

    assert indented({1: [True], "a": {}}) == json.dumps({1: [True], "a": {}}, indent=2, ensure_ascii=False)
    with pytest.raises(TypeError):
        indented({"a": object()})
