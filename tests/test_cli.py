"""The CLI as a user meets it: exit codes, output shape, colour, errors on stderr."""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

from conftest import EXAMPLES, ROOT, assert_no_traceback, run_cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NAIVE = EXAMPLES / "url_shortener" / "naive.arch"
REVIEWED = EXAMPLES / "url_shortener" / "reviewed.arch"


def test_version():
    from archlint import __version__

    process = run_cli("--version")
    assert process.returncode == 0 and process.stdout.strip() == f"archlint {__version__}"


def test_help_lists_commands():
    process = run_cli("--help")
    assert process.returncode == 0
    for command in ("check", "rules", "explain", "render"):
        assert command in process.stdout


def test_naive_example_fails_with_full_report():
    process = run_cli(NAIVE.relative_to(ROOT))
    assert process.returncode == 1, process.stderr
    out = process.stdout
    assert re.search(r"^error\[R001\] single-point-of-failure: ", out, re.MULTILINE)
    assert re.search(r"^ +--> examples/url_shortener/naive\.arch:\d+:\d+$", out, re.MULTILINE)
    assert re.search(r"^ *\d+ \| .+$", out, re.MULTILINE)  # the code frame
    assert re.search(r"^ +\| +\^+$", out, re.MULTILINE)  # the caret under the place
    assert re.search(r"^Found \d+ errors?", out, re.MULTILINE)
    assert not ANSI.search(out), "no colour when stdout is not a terminal"
    assert_no_traceback(process)


def test_reviewed_example_passes():
    process = run_cli(REVIEWED.relative_to(ROOT))
    assert process.returncode == 0, process.stdout
    assert "All checks passed!" in process.stdout


def test_caret_sits_under_the_reported_column(tmp_path):
    design = tmp_path / "d.arch"
    design.write_text("client c\nservice api [replicas=2, zones=2]\ndatabase orders\nc -> api -> orders\n")
    process = run_cli(design, "--isolated")
    lines = process.stdout.splitlines()
    frame = next(i for i, line in enumerate(lines) if line.endswith("database orders"))
    code_start = lines[frame].index("database orders")
    caret = lines[frame + 1]
    assert caret.index("^") - code_start == len("database ") and caret.count("^") == len("orders")


def test_color_always_and_no_color(tmp_path):
    forced = run_cli(NAIVE, "--color", "always")
    assert ANSI.search(forced.stdout)
    env_off = run_cli(NAIVE, "--color", "auto", env={"NO_COLOR": "1", "FORCE_COLOR": "1"})
    assert not ANSI.search(env_off.stdout)


def test_concise_format():
    process = run_cli(NAIVE.relative_to(ROOT), "--output-format", "concise")
    first = process.stdout.splitlines()[0]
    assert re.match(r"^examples/url_shortener/naive\.arch:\d+:\d+: [A-Z]+\d{3} \[[a-z-]+\] \S", first)


def test_directory_means_every_arch_file_below(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.arch").write_text("service x [replcas=1]\n")
    (tmp_path / "two.arch").write_text("service y [replcas=1]\n")
    (tmp_path / "notes.txt").write_text("service z [replcas=1]\n")
    process = run_cli(".", "--isolated", "--output-format", "concise", cwd=tmp_path)
    files = sorted({line.split(":")[0] for line in process.stdout.splitlines() if ".arch:" in line})
    assert files == ["a/one.arch", "two.arch"] or files == ["./a/one.arch", "./two.arch"]


def test_missing_file_is_a_usage_error():
    process = run_cli("does/not/exist.arch")
    assert process.returncode == 2
    assert "no such file" in process.stderr
    assert_no_traceback(process)


def test_mistyped_command_suggests_the_command():
    process = run_cli("explian")
    assert process.returncode == 2 and "did you mean `archlint explain`?" in process.stderr


def test_mistyped_command_with_arguments_suggests_the_command():
    process = run_cli("explian", "R001")
    assert process.returncode == 2 and "did you mean `archlint explain`?" in process.stderr
    assert "no such file" not in process.stderr


@pytest.mark.parametrize("command", ["check", "rules", "render"])
def test_every_command_spells_output_format_the_same_and_shares_the_config_options(command):
    process = run_cli(command, "--help")
    assert process.returncode == 0
    assert "--output-format" in process.stdout and "--format" not in process.stdout.replace("--output-format", "")
    assert "--config FILE" in process.stdout and "--isolated" in process.stdout
    both = run_cli(command, "--config", "x.toml", "--isolated", *(["design.arch"] if command == "render" else []))
    assert both.returncode == 2 and "--config and --isolated cannot be used together" in both.stderr


def test_the_old_format_spelling_still_works_unlisted():
    old, new = run_cli("rules", "--format", "json", "--isolated"), run_cli("rules", "--output-format", "json", "--isolated")
    assert old.returncode == new.returncode == 0 and old.stdout == new.stdout
    assert json.loads(new.stdout)[0]["code"]


def test_unknown_option_is_a_usage_error():
    process = run_cli("--frobnicate", NAIVE)
    assert process.returncode == 2 and "usage:" in process.stderr
    assert_no_traceback(process)


def test_unreadable_file_exits_2(tmp_path, permissions_bind):
    design = tmp_path / "secret.arch"
    design.write_text("service a\n")
    design.chmod(0)
    process = run_cli(design, obey_permissions=True)
    assert process.returncode == 2 and "permission denied" in process.stderr


def test_invalid_utf8_points_at_the_byte(tmp_path):
    design = tmp_path / "bad.arch"
    design.write_bytes(b"service a\nservice b \"caf\xff\"\n")
    process = run_cli(design, "--isolated", "--output-format", "concise")
    assert process.returncode == 1
    assert "bad.arch:2:15: L001" in process.stdout and "invalid UTF-8" in process.stdout


def test_bom_and_crlf_are_read(tmp_path):
    design = tmp_path / "win.arch"
    design.write_bytes(b"\xef\xbb\xbfservice a\r\nservice b [replcas=2]\r\na -> b\r")
    process = run_cli(design, "--isolated", "--output-format", "concise", "--select", "L")
    assert "win.arch:2:12: L006" in process.stdout, process.stdout


def test_config_error_names_file_and_key(tmp_path):
    (tmp_path / "archlint.toml").write_text('selct = ["R"]\n')
    (tmp_path / "d.arch").write_text("service a\n")
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2
    assert "archlint.toml" in process.stderr and "`selct`" in process.stderr and "did you mean `select`?" in process.stderr
    assert_no_traceback(process)


def test_unknown_rule_on_the_command_line(tmp_path):
    (tmp_path / "d.arch").write_text("service a\n")
    process = run_cli("d.arch", "--isolated", "--select", "single-point-of-failur", cwd=tmp_path)
    assert process.returncode == 2 and "did you mean `single-point-of-failure`?" in process.stderr


def test_rules_lists_every_rule():
    process = run_cli("rules")
    assert process.returncode == 0
    for name in ("single-point-of-failure", "stateful-app-server", "uncached-read-path", "missing-observability",
                 "syntax-error", "unused-suppression"):
        assert name in process.stdout


def test_explain_renders_the_rule_documentation():
    process = run_cli("explain", "single-point-of-failure")
    assert process.returncode == 0
    for section in ("Why is this bad?", "Anti-pattern", "Best practice", "Options", "References"):
        assert section in process.stdout
    assert run_cli("explain", "R001").stdout == process.stdout


def test_explain_unknown_rule():
    process = run_cli("explain", "single-point-of-failur")
    assert process.returncode == 2 and "did you mean `single-point-of-failure`?" in process.stderr


def test_report_to_a_file_and_never_over_the_input(tmp_path):
    design = tmp_path / "d.arch"
    design.write_text("service a [replcas=1]\n")
    report = tmp_path / "report.json"
    process = run_cli(design, "--isolated", "--output-format", "json", "-o", report)
    assert process.stdout == "" and report.read_text().startswith("{")
    refused = run_cli(design, "--isolated", "-o", design)
    assert refused.returncode == 2 and design.read_text() == "service a [replcas=1]\n"


def test_exit_codes_follow_fail_on(tmp_path):
    design = tmp_path / "d.arch"
    design.write_text("service a [replcas=1]\n")  # a warning only
    assert run_cli(design, "--isolated").returncode == 0
    assert run_cli(design, "--isolated", "--strict").returncode == 1
    assert run_cli(design, "--isolated", "--fail-on", "warning").returncode == 1
    assert run_cli(design, "--isolated", "--strict", "--exit-zero").returncode == 0


def test_python_dash_m_and_console_script_agree():
    import shutil
    import subprocess
    import sys

    script = shutil.which("archlint", path=os.path.dirname(sys.executable))
    if script is None:
        pytest.skip("the console script is not installed beside this interpreter")
    console = subprocess.run([script, "--version"], capture_output=True, text=True)
    assert console.stdout == run_cli("--version").stdout


def test_nothing_to_check_says_so(tmp_path):
    process = run_cli(".", "--isolated", cwd=tmp_path)
    assert process.returncode == 0
    assert "No design files were checked." in process.stdout and "All checks passed!" not in process.stdout
    assert "no design files found" in process.stderr


def test_a_failed_run_does_not_claim_success(tmp_path):
    process = run_cli("nowhere.arch", "--isolated", cwd=tmp_path)
    assert process.returncode == 2 and "All checks passed!" not in process.stdout


def test_lower_case_codes_are_codes(tmp_path):
    assert run_cli("explain", "r001").returncode == 0
    design = tmp_path / "d.arch"
    design.write_text("client c\nservice api\nc -> api\n")
    process = run_cli(design, "--isolated", "--select", "r001", "--output-format", "concise")
    assert process.returncode == 1 and "R001" in process.stdout


def test_a_conflicting_repeated_edge_is_an_error_but_the_rules_still_judge(tmp_path):
    design = tmp_path / "d.arch"
    design.write_text("client c\nservice api\nc -> api [rps=1]\nc -> api [rps=2]\n")
    process = run_cli(design, "--isolated", "--output-format", "concise")
    assert "L004" in process.stdout and "R001" in process.stdout


def test_statistics_prints_only_the_table():
    process = run_cli(NAIVE, "--statistics", "--isolated", env={"NO_COLOR": "1"})
    assert process.returncode == 1
    lines = process.stdout.strip().splitlines()
    assert "-->" not in process.stdout and "R001" in process.stdout
    assert re.fullmatch(r"\s*\d+  R001\s+single-point-of-failure", next(l for l in lines if "R001" in l))
    assert lines[-1].startswith("Found ")


def test_concise_keeps_the_did_you_mean_of_a_syntax_error(tmp_path):
    (tmp_path / "d.arch").write_text("service order-api\n")
    process = run_cli("d.arch", "--isolated", "--output-format", "concise", cwd=tmp_path)
    assert process.returncode == 1
    assert process.stdout.splitlines()[0] == (
        "d.arch:1:14: L001 [syntax-error] unexpected `-` in an identifier "
        "(help: identifiers cannot contain `-`; did you mean `order_api`?)")


def test_output_into_a_missing_directory_says_so(tmp_path):
    process = run_cli(NAIVE, "-o", tmp_path / "nowhere" / "report.json", "--output-format", "json")
    assert process.returncode == 2
    assert "cannot write" in process.stderr and "nowhere` does not exist" in process.stderr
    assert ".tmp" not in process.stderr and "internal error" not in process.stderr


def test_a_design_from_stdin_is_reported_under_its_stdin_filename(tmp_path):
    (tmp_path / "archlint.toml").write_text("")  # the project root: includes stay below it
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "obs.arch").write_text("observability metrics [managed=true]\n")
    text = 'include "../shared/obs.arch"\nclient c\nservice a\nc -> a\na ~> metrics\n'
    process = run_cli("-", "--stdin-filename", "designs/x.arch", "--isolated", "--output-format", "concise",
                      cwd=tmp_path, input=text)
    assert process.returncode == 1, process.stderr
    assert process.stdout.splitlines()[0].startswith("designs/x.arch:3:9: R001 [single-point-of-failure]")
    bare = run_cli("-", "--isolated", "--output-format", "concise", cwd=tmp_path, input="servce a\n")
    assert bare.returncode == 1 and bare.stdout.startswith("<stdin>:1:1: L005")
    both = run_cli("-", "x.arch", cwd=tmp_path, input="")
    assert both.returncode == 2 and "only PATH" in both.stderr


@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_standard_stream_is_written_to_nowhere_and_the_exit_code_still_tells(closed):
    # Started with stdout (or stderr) closed, Python has no stream there: what would go to it is
    # discarded (as `print` does), never an internal error or a traceback.
    import subprocess

    process = subprocess.run([sys.executable, "-m", "archlint", "--no-cache", NAIVE],
                             cwd=ROOT, preexec_fn=lambda: os.close(closed), timeout=120,
                             stdout=subprocess.PIPE if closed == 2 else None,
                             stderr=subprocess.PIPE if closed == 1 else None)
    assert process.returncode == 1
    left = process.stdout if closed == 2 else process.stderr
    assert b"Traceback" not in left and b"internal error" not in left, left
