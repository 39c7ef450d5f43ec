"""Baselines through the real CLI: `--write-baseline` records today's findings, `--baseline`
reports only new ones and says which entries match nothing any more."""

from __future__ import annotations

import json

import pytest

from conftest import assert_no_traceback, run_cli

from archlint import baseline

SPOF = """\
title "Shop"
client browser
service api [replicas=2, zones=2]
database orders
browser -> api -> orders
"""
# The same design with a second single point of failure.
SPOF_AND_CACHE = SPOF.replace("browser -> api -> orders\n", "cache sessions\nbrowser -> api -> orders\napi -> sessions\n")
FIXED = SPOF.replace("database orders", "database orders [replicas=2, zones=2]")
STALE = "archlint: warning: baseline entry no longer matches: designs/shop.arch R001 orders"


def _project(tmp_path, text=SPOF):
    (tmp_path / "archlint.toml").write_text('ignore = ["missing-observability"]\n')
    (tmp_path / "designs").mkdir(exist_ok=True)
    (tmp_path / "designs" / "shop.arch").write_text(text)
    return tmp_path / "designs" / "shop.arch"


def test_write_then_read_round_trip(tmp_path):
    _project(tmp_path)
    process = run_cli("designs", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert process.stdout == "" and "wrote 1 finding to the baseline `baseline.json`" in process.stderr
    written = (tmp_path / "baseline.json").read_text()
    assert json.loads(written) == {
        "schema": "archlint/baseline",
        "version": 1,
        "entries": [{"file": "designs/shop.arch", "code": "R001", "element": "orders", "count": 1}],
    }
    assert baseline.read(str(tmp_path / "baseline.json")) == [
        baseline.Entry("designs/shop.arch", "R001", "orders", None, 1)
    ]
    again = run_cli("designs", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert again.returncode == 0 and (tmp_path / "baseline.json").read_text() == written  # stable bytes

    process = run_cli("designs", "--baseline", "baseline.json", cwd=tmp_path)
    assert process.returncode == 0 and process.stderr == ""
    assert "All checks passed!" in process.stdout


def test_a_new_finding_fails_while_baselined_ones_do_not(tmp_path):
    design = _project(tmp_path)
    assert run_cli("designs", "--write-baseline", "baseline.json", cwd=tmp_path).returncode == 0
    design.write_text(SPOF_AND_CACHE)
    process = run_cli("designs", "--baseline", "baseline.json", "--output-format", "json", cwd=tmp_path)
    assert process.returncode == 1
    findings = json.loads(process.stdout)["findings"]
    assert [(f["code"], f["element"]) for f in findings] == [("R001", "sessions")]


def test_a_fixed_finding_is_a_stale_entry_that_does_not_change_the_exit_code(tmp_path):
    design = _project(tmp_path)
    assert run_cli("designs", "--write-baseline", "baseline.json", cwd=tmp_path).returncode == 0
    design.write_text(FIXED)
    process = run_cli("designs", "--baseline", "baseline.json", cwd=tmp_path)
    assert process.returncode == 0
    assert process.stderr.splitlines() == [f"{STALE} \N{EM DASH} remove it with --write-baseline"]
    # A run over other files says nothing about this one.
    (tmp_path / "other.arch").write_text("service a [replicas=2, zones=2]\n")
    partial = run_cli("other.arch", "--baseline", "baseline.json", cwd=tmp_path)
    assert partial.returncode == 0 and partial.stderr == ""


def test_lines_moving_do_not_break_the_match(tmp_path):
    design = _project(tmp_path)
    assert run_cli("designs", "--write-baseline", "baseline.json", cwd=tmp_path).returncode == 0
    design.write_text("# a comment\n\n\n" + SPOF.replace("service api", "\n\nservice api"))
    process = run_cli("designs", "--baseline", "baseline.json", cwd=tmp_path)
    assert process.returncode == 0 and process.stderr == "", process.stdout + process.stderr


def test_paths_are_relative_to_the_baseline_file(tmp_path):
    _project(tmp_path)
    (tmp_path / "ci").mkdir()
    assert run_cli("designs", "--write-baseline", "ci/baseline.json", cwd=tmp_path).returncode == 0
    assert json.loads((tmp_path / "ci" / "baseline.json").read_text())["entries"][0]["file"] == "../designs/shop.arch"
    process = run_cli("shop.arch", "--baseline", "../ci/baseline.json", cwd=tmp_path / "designs")
    assert process.returncode == 0 and process.stderr == ""


def test_counts_and_design_wide_findings(tmp_path):
    # Two blocks of one document with the same single point of failure, and no telemetry.
    block = "```arch\n" + SPOF.replace('title "Shop"\n', "") + "```\n"
    (tmp_path / "design.md").write_text("# Before\n\n" + block + "\n# Still before\n\n" + block)
    assert run_cli("design.md", "--isolated", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    entries = json.loads((tmp_path / "b.json").read_text())["entries"]
    assert [(e["code"], e["element"], e["count"]) for e in entries] == [("O001", None, 2), ("R001", "orders", 2)]
    assert entries[0]["message"].startswith("no observability component")
    assert run_cli("design.md", "--isolated", "--baseline", "b.json", cwd=tmp_path).returncode == 0
    (tmp_path / "design.md").write_text("# Before\n\n" + block + "\n# Three times\n\n" + block + "\n" + block)
    process = run_cli("design.md", "--isolated", "--baseline", "b.json", "--output-format", "concise", cwd=tmp_path)
    assert process.returncode == 1
    assert [line.split(": ")[1].split()[0] for line in process.stdout.splitlines()[:-1]] == ["O001", "R001"]


def test_designs_that_do_not_load_are_never_baselined_and_the_writer_says_which(tmp_path):
    (tmp_path / "broken.arch").write_text("service a [\n")
    (tmp_path / "fine.arch").write_text("database d\nservice s [replicas=2, zones=2]\ns -> d\n")
    process = run_cli(".", "--isolated", "--write-baseline", "b.json", cwd=tmp_path)
    assert process.returncode == 2 and not (tmp_path / "b.json").exists()
    assert "not written: designs that do not load are not checked" in process.stderr
    assert "  broken.arch:1:" in process.stderr and "fine.arch" not in process.stderr
    assert_no_traceback(process)
    (tmp_path / "b.json").write_text('{"schema": "archlint/baseline", "version": 1, "entries": []}')
    assert run_cli("broken.arch", "--isolated", "--baseline", "b.json", cwd=tmp_path).returncode == 1


def test_a_design_wide_finding_stays_matched_when_its_message_changes(tmp_path):
    """The observability finding counts the application components in its message; the entry
    is keyed on the design, so adding a service does not resurface it."""
    design = tmp_path / "shop.arch"
    design.write_text("client web\nservice api [replicas=2, zones=2]\nweb -> api\n")
    assert run_cli("shop.arch", "--isolated", "--write-baseline", "b.json", cwd=tmp_path).returncode == 0
    entry, = json.loads((tmp_path / "b.json").read_text())["entries"]
    assert (entry["code"], entry["element"]) == ("O001", None) and "1 application component" in entry["message"]
    design.write_text("client web\nservice api [replicas=2, zones=2]\nservice b [replicas=2, zones=2]\n"
                      "web -> api -> b\n")
    process = run_cli("shop.arch", "--isolated", "--baseline", "b.json", "--output-format", "json", cwd=tmp_path)
    assert process.returncode == 0 and process.stderr == "", process.stdout + process.stderr
    assert json.loads(process.stdout)["findings"] == []


def test_write_baseline_into_a_missing_directory_is_a_clear_error(tmp_path):
    _project(tmp_path)
    process = run_cli("designs", "--write-baseline", "nowhere/b.json", cwd=tmp_path)
    assert process.returncode == 2 and "the directory `nowhere` does not exist" in process.stderr
    assert "internal error" not in process.stderr and "tmp" not in process.stderr


def test_no_baseline_is_written_when_the_run_fails(tmp_path):
    process = run_cli("missing.arch", "--isolated", "--write-baseline", "b.json", cwd=tmp_path)
    assert process.returncode == 2 and not (tmp_path / "b.json").exists()
    assert "not written" in process.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file (write one with `--write-baseline b.json`)"),
        ("{not json", "not valid JSON"),
        ('{"findings": []}', "not an archlint baseline"),
        ('{"schema": "archlint/baseline", "version": 9, "entries": []}', "version 9"),
        ('{"schema": "archlint/baseline", "version": 1, "entries": [{"file": "a.arch", "code": "R001", '
         '"element": "x", "count": 0}]}', "entry 1: `count` must be a whole number >= 1"),
        ('{"schema": "archlint/baseline", "version": 1, "entries": [{"file": "a.arch", "code": "R001", '
         '"element": null, "message": 3}]}', "entry 1: `message` must be a string"),
    ],
    ids=["missing", "not-json", "not-a-baseline", "future-version", "bad-count", "bad-message"],
)
def test_what_is_wrong_with_a_baseline(tmp_path, monkeypatch, content, message):
    monkeypatch.chdir(tmp_path)
    if content is not None:
        (tmp_path / "b.json").write_text(content)
    with pytest.raises(baseline.BaselineError) as error:
        baseline.read("b.json")
    assert str(error.value).startswith("baseline `b.json`: ") and message in str(error.value)


@pytest.mark.parametrize("content", [None, "{not json"], ids=["missing", "not-json"])
def test_a_missing_or_malformed_baseline_is_a_usage_error(tmp_path, content):
    (tmp_path / "d.arch").write_text(SPOF)
    if content is not None:
        (tmp_path / "b.json").write_text(content)
    process = run_cli("d.arch", "--isolated", "--baseline", "b.json", cwd=tmp_path)
    assert process.returncode == 2 and process.stdout == ""
    assert process.stderr.startswith("archlint: error: baseline `b.json`: ") and len(process.stderr.splitlines()) == 1
    assert_no_traceback(process)


def test_baseline_and_write_baseline_exclude_each_other(tmp_path):
    process = run_cli("--baseline", "a.json", "--write-baseline", "b.json", cwd=tmp_path)
    assert process.returncode == 2 and "not allowed with argument" in process.stderr


def test_the_documented_baseline(tmp_path):
    """The example of docs/workflows.md: the design, the command, what it says and writes."""
    from conftest import ROOT

    from archlint import markdown

    text = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    section = text[text.index("## Baselines"):text.index("## Configuration reference")]
    lines = section.split("\n")
    block = {b.info: "\n".join(lines[b.start - 1 : b.end]) + "\n" for b in markdown.blocks(section)}
    (tmp_path / "designs").mkdir()
    (tmp_path / "designs" / "shop.arch").write_text(block["arch"])
    command, said = block["console"].split("\n")[:2]
    assert command == "$ archlint designs/ --write-baseline archlint-baseline.json"
    process = run_cli(*command.split()[2:], "--isolated", cwd=tmp_path)
    assert process.returncode == 0 and process.stderr == said + "\n"
    assert (tmp_path / "archlint-baseline.json").read_text() == block["json"]
