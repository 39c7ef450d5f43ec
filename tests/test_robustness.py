"""Hostile and odd input: each gets a clear error or correct handling, never a traceback."""

from __future__ import annotations

import os

import pytest

from conftest import assert_no_traceback, rule_docstring, run_cli


def _lint(path, *args, cwd=None):
    process = run_cli(path, "--isolated", "--output-format", "concise", *args, cwd=cwd)
    assert_no_traceback(process)
    assert "internal error" not in process.stderr, process.stderr
    return process


def test_ten_thousand_nested_groups(tmp_path):
    depth = 10_000
    text = "".join(f"group g{i} {{\n" for i in range(depth)) + "service deep\n" + "}\n" * depth
    design = tmp_path / "nested.arch"
    design.write_text(text)
    process = _lint(design, "--select", "L")
    assert process.returncode == 0, process.stdout + process.stderr

    from archlint.loader import load

    loaded = load(str(design))
    assert loaded.design.components["deep"].group == f"g{depth - 1}"
    assert len(loaded.design.enclosing_groups("g9999")) == depth


def test_a_chain_of_includes_too_deep_is_an_error_at_the_include(tmp_path):
    from archlint.loader import MAX_INCLUDE_DEPTH

    files = MAX_INCLUDE_DEPTH + 30
    for index in range(files):
        following = f'include "a{index + 1}.arch"\n' if index < files - 1 else ""
        (tmp_path / f"a{index}.arch").write_text(f"service s{index}\n{following}")
    (tmp_path / "archlint.toml").write_text("")
    process = _lint(tmp_path / "a0.arch", "--select", "L", "--output-format", "concise")
    assert process.returncode == 1, process.stdout + process.stderr
    assert process.stdout.splitlines()[0] == (f"{tmp_path / f'a{MAX_INCLUDE_DEPTH}.arch'}:2:9: L008 [include-error] includes nest more than "
                    f"{MAX_INCLUDE_DEPTH} files deep here (a0.arch -> ... -> a{MAX_INCLUDE_DEPTH}.arch) "
                    "(help: include the deepest files from a file nearer the root)")

    (tmp_path / f"a{MAX_INCLUDE_DEPTH}.arch").write_text(f"service s{MAX_INCLUDE_DEPTH}\n")  # as deep as allowed
    process = _lint(tmp_path / "a0.arch", "--select", "L")
    assert process.returncode == 0, process.stdout + process.stderr


def test_ten_megabyte_file(tmp_path):
    design = tmp_path / "big.arch"
    block = "# " + "x" * 1000 + "\n"
    lines = ["client browser", "lb alb [managed=true]", "browser -> alb"]
    for index in range(2_000):
        lines.append(f"service s{index} [replicas=2, zones=2]")
        lines.append(f"alb -> s{index}")
    text = "\n".join(lines) + "\n" + block * (10 * 1024 * 1024 // len(block))
    design.write_text(text)
    assert design.stat().st_size >= 10 * 1024 * 1024
    process = _lint(design, "--select", "L,R")
    assert process.returncode == 0, process.stdout[-2000:]


def test_one_megabyte_line(tmp_path):
    design = tmp_path / "wide.arch"
    tags = ",".join(f"t{i}" for i in range(150_000))
    design.write_text(f'service a "{"y" * 100}" [tags=[{tags}]]\n')
    assert design.stat().st_size > 1_000_000
    assert _lint(design, "--select", "L").returncode == 0


def test_one_megabyte_line_with_an_error_at_its_end(tmp_path):
    design = tmp_path / "wide_bad.arch"
    tags = ",".join(f"t{i}" for i in range(150_000))
    line = f"service a [tags=[{tags}]] ="
    design.write_text(line + "\n")
    process = _lint(design)
    assert process.returncode == 1
    assert f"wide_bad.arch:1:{len(line)}: L001" in process.stdout


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty", b"", ""),
        ("only_blank", b"  \n\t\n", ""),
        ("bom", b"\xef\xbb\xbfservice a [replcas=1]\n", "1:12: L006"),
        ("crlf", b"service a\r\nservice b [replcas=1]\r\n", "2:12: L006"),
        ("lone_cr", b"service a\rservice b [replcas=1]\r", "2:12: L006"),
        ("nul", b"service a\x00\n", "1:10: L001"),
        ("invalid_utf8", b"service a \"\xc3\x28\"\n", "1:12: L001"),
        ("utf16", "service a\n".encode("utf-16"), "1:1: L001"),
    ],
)
def test_odd_bytes(tmp_path, name, data, expected):
    design = tmp_path / f"{name}.arch"
    design.write_bytes(data)
    process = _lint(design, "--select", "L")
    if expected:
        assert f"{name}.arch:{expected}" in process.stdout
    else:
        assert process.returncode == 0 and "All checks passed!" in process.stdout


def test_a_file_that_is_a_directory_is_searched(tmp_path):
    folder = tmp_path / "designs.arch"
    folder.mkdir()
    (folder / "inner.arch").write_text("service a [replcas=1]\n")
    process = _lint(folder, "--select", "L")
    assert "inner.arch:1:12: L006" in process.stdout


def test_symlink_loop(tmp_path):
    loop = tmp_path / "loop.arch"
    os.symlink(loop, loop)
    process = _lint(loop)
    assert process.returncode == 2 and "loop.arch" in process.stderr


def test_include_of_a_symlink_loop(tmp_path):
    (tmp_path / ".git").mkdir()
    os.symlink(tmp_path / "loop.arch", tmp_path / "loop.arch")
    (tmp_path / "main.arch").write_text('include "loop.arch"\n')
    process = _lint("main.arch", cwd=tmp_path)
    assert process.returncode == 1 and "main.arch:1:9: L008" in process.stdout


def test_symlinked_directories_do_not_loop_the_search(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.arch").write_text("service x\n")
    os.symlink(tmp_path, tmp_path / "a" / "up")
    process = _lint(tmp_path, "--select", "L")
    assert process.returncode == 0


def test_include_cycle_and_self_include(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "self.arch").write_text('include "self.arch"\n')
    (tmp_path / "a.arch").write_text('include "b.arch"\n')
    (tmp_path / "b.arch").write_text('include "a.arch"\n')
    process = _lint(".", cwd=tmp_path)
    assert process.returncode == 1
    assert "self.arch:1:9: L008" in process.stdout
    assert "b.arch:1:9: L008" in process.stdout and "include cycle" in process.stdout


def test_nothing_the_user_wrote_is_modified(tmp_path):
    design = tmp_path / "d.arch"
    original = b"service a [replcas=1]\r\n"
    design.write_bytes(original)
    before = design.stat().st_mtime_ns
    _lint(design)
    _lint(design, "--output-format", "json", "-o", str(tmp_path / "out.json"))
    assert design.read_bytes() == original and design.stat().st_mtime_ns == before


# --- terminal and CI-log injection ----------------------------------------------------------
HOSTILE_NAME = "evil\n::error file=x.arch::pwned\x1b[2J\x08\x07.arch"


def _hostile_project(tmp_path):
    """A design whose file name, included file name and source lines hold control characters."""
    (tmp_path / HOSTILE_NAME).write_text(
        'include "part\\u001b]0;title\\u0007.arch"\n'
        'client web\n'
        'database db "orders\x1b[31m\x08\x07"  # a line the code frame shows\n'
        'web -> db\n', encoding="utf-8")
    return tmp_path / HOSTILE_NAME


@pytest.mark.parametrize("fmt", ["full", "concise", "github"])
def test_control_characters_never_reach_the_terminal_or_the_log(tmp_path, fmt):
    from archlint.escape import has_unsafe

    design = _hostile_project(tmp_path)
    process = run_cli(design, "--isolated", "--output-format", fmt, cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode in (1, 2), process.stderr
    shown = "evil%0A%3A%3Aerror" if fmt == "github" else "evil\\n::error"
    assert shown in process.stdout  # the name, shown with its newline escaped
    for stream in (process.stdout, process.stderr):
        assert not has_unsafe(stream), repr(stream)
    lines = process.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    # only the github format writes workflow commands, one per finding, never one from a name
    assert (len(commands) == len(lines)) if fmt == "github" else not commands, process.stdout
    assert not [line for line in lines if line.startswith("::error file=x.arch")]


def test_stderr_escapes_file_names(tmp_path):
    from archlint.escape import has_unsafe

    process = run_cli(tmp_path / "missing\x1b[2J\n::error::x.arch", "--isolated", cwd=tmp_path)
    assert process.returncode == 2 and "missing\\x1b[2J\\n::error" in process.stderr
    assert not has_unsafe(process.stderr)


def test_json_lines_carry_no_raw_line_separators(tmp_path):
    import json

    design = tmp_path / "sep.arch"
    design.write_text('client web\ndatabase db "a\u2028b\u2029c"\nweb -> db\nweb -> "x\u2028y"\n', encoding="utf-8")
    process = run_cli(design, "--isolated", "--output-format", "json-lines", cwd=tmp_path)
    assert_no_traceback(process)
    assert "\u2028" not in process.stdout and "\u2029" not in process.stdout
    records = [json.loads(line) for line in process.stdout.split("\n") if line]
    assert records


@pytest.mark.skipif(os.name != "posix", reason="file names as bytes are a POSIX matter")
@pytest.mark.parametrize("fmt", ["full", "concise", "json", "json-lines", "sarif", "junit", "github"])
def test_a_file_name_that_is_not_utf8(tmp_path, fmt):
    import subprocess
    import sys

    directory = os.fsencode(tmp_path)
    with open(os.path.join(directory, b"caf\xe9.arch"), "wb") as handle:
        handle.write(b"client web\ndatabase db\nweb -> db\n")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    for output in ([], ["-o", "report.out"]):
        process = subprocess.run([sys.executable, "-m", "archlint", ".", "--isolated", "--output-format", fmt,
                                  *output], cwd=tmp_path, env=env, capture_output=True)
        text = process.stdout.decode("utf-8") + process.stderr.decode("utf-8")  # strict: must decode
        assert b"Traceback" not in process.stderr and "internal error" not in text, text
        assert process.returncode == 1, text
        written = (tmp_path / "report.out").read_bytes().decode("utf-8") if output else text
        assert "caf" in written
        if fmt == "sarif":
            assert "caf%E9.arch" in written  # the URI names the file's own bytes


# --- nothing lost: outputs ------------------------------------------------------------------
CLEAN = "client web\ndatabase db [replicas=2, zones=2]\nweb -> db\n"


def _design(tmp_path, text=CLEAN):
    design = tmp_path / "d.arch"
    design.write_text(text)
    return design


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="making a device node needs root")
@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_a_device_stays_a_device_and_a_symlink_to_it_a_symlink(tmp_path, option):
    import stat

    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    link = tmp_path / "stdout-like"
    link.symlink_to(device)
    for target in (device, link):
        process = run_cli(_design(tmp_path), "--isolated", "--exit-zero", option, target, cwd=tmp_path)
        assert process.returncode == 0, process.stderr
    assert stat.S_ISCHR(os.stat(device).st_mode) and link.is_symlink()


def test_a_render_onto_a_device_writes_through(tmp_path):
    process = run_cli("render", _design(tmp_path), "--isolated", "--output-format", "dot", "-o", "/dev/null",
                      cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert not os.path.isfile("/dev/null")


@pytest.mark.parametrize("option", ["-o", "--write-baseline"])
def test_an_existing_file_keeps_its_mode_and_a_symlink_stays_a_symlink(tmp_path, option):
    private = tmp_path / "private.out"
    private.write_text("old")
    private.chmod(0o600)
    real = tmp_path / "real.out"
    real.write_text("old")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    for target in (private, link):
        process = run_cli(_design(tmp_path), "--isolated", "--exit-zero", option, target, cwd=tmp_path)
        assert process.returncode == 0, process.stderr
    assert (private.stat().st_mode & 0o777) == 0o600 and private.read_text() != "old"
    assert link.is_symlink() and real.read_text() != "old"


@pytest.mark.parametrize("target, words", [(".", "it is a directory"), ("missing/out.txt", "does not exist")])
def test_an_output_that_cannot_be_written_is_a_clear_error(tmp_path, target, words):
    for args in (("-o", target), ("--write-baseline", target)):
        process = run_cli(_design(tmp_path), "--isolated", *args, cwd=tmp_path)
        assert_no_traceback(process)
        assert process.returncode == 2 and words in process.stderr, process.stderr
    process = run_cli("render", _design(tmp_path), "--isolated", "--output-format", "dot", "-o", target, cwd=tmp_path)
    assert process.returncode == 2 and words in process.stderr, process.stderr


def test_an_output_into_an_unwritable_directory_is_a_clear_error(tmp_path, permissions_bind):
    (tmp_path / "locked").mkdir(mode=0o555)
    design = _design(tmp_path)
    for args in (("-o", "locked/out.txt"), ("--write-baseline", "locked/b.json"),
                 ("render", "--output-format", "dot", "-o", "locked/out.dot")):
        args = (args[0], design, *args[1:]) if args[0] == "render" else (design, *args)
        process = run_cli(*args, "--isolated", cwd=tmp_path, obey_permissions=True)
        assert_no_traceback(process)
        assert process.returncode == 2 and "cannot write `locked/" in process.stderr, process.stderr
        assert "permission denied" in process.stderr
    assert os.listdir(tmp_path / "locked") == []


def test_no_output_replaces_a_file_the_run_read(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.archlint]\nfail-on = \"warning\"\n")
    (tmp_path / "part.arch").write_text("service extra [replicas=2, zones=2]\n")
    design = _design(tmp_path, 'include "part.arch"\n' + CLEAN)
    run_cli(design, "--write-baseline", "b.json", cwd=tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    for args in (["-o", "pyproject.toml"], ["--baseline", "b.json", "-o", "b.json"], ["-o", "part.arch"],
                 ["--write-baseline", "pyproject.toml"], ["--write-baseline", "part.arch"]):
        process = run_cli(design, *args, cwd=tmp_path)
        assert process.returncode == 2 and "refusing to write over" in process.stderr, (args, process.stderr)
    process = run_cli("render", design, "--output-format", "dot", "-o", "pyproject.toml", cwd=tmp_path)
    assert process.returncode == 2 and "refusing" in process.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


# --- only regular files, of bounded size ----------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_never_blocks_a_run(tmp_path):
    fifo = tmp_path / "pipe.arch"
    os.mkfifo(fifo)
    design = _design(tmp_path)
    includer = tmp_path / "inc.arch"
    includer.write_text('include "pipe.arch"\nservice s\n')
    walked = tmp_path / "walk"
    walked.mkdir()
    os.mkfifo(walked / "x.arch")
    runs = [
        [fifo], [includer], [walked],
        [design, "--baseline", fifo], [design, "--config", fifo],
        ["render", design, "--check", "--output-format", "dot", "-o", fifo],
    ]
    for args in runs:
        process = run_cli(*args, cwd=tmp_path)  # run_cli's timeout fails the test on a hang
        assert_no_traceback(process)
        assert process.returncode in (1, 2), (args, process.stdout, process.stderr)
        assert "not a regular file" in process.stdout + process.stderr, (args, process.stderr)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_dev_zero_is_refused_not_read(tmp_path):
    for args in (["/dev/zero"], [_design(tmp_path), "--baseline", "/dev/zero"], [_design(tmp_path), "--config", "/dev/zero"]):
        process = run_cli(*args, "--output-format", "concise", cwd=tmp_path)
        assert process.returncode == 2 and "not a regular file" in process.stderr, (args, process.stderr)


def test_a_design_over_the_size_limit_is_refused(tmp_path):
    from archlint.sources import SourceUnreadable, read_bytes

    big = tmp_path / "big.arch"
    big.write_bytes(b"# " + b"x" * 2000 + b"\n")
    with pytest.raises(SourceUnreadable, match="larger than"):
        read_bytes(str(big), limit=1024)
    assert read_bytes(str(big), limit=4096).startswith(b"# x")


# --- never a traceback ----------------------------------------------------------------------
@pytest.mark.parametrize("name, text, words", [
    ("big.toml", "fail-on = " + "9" * 5000 + "\n", "integer too long"),
    ("deep.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deep"),
    ("nul.toml", 'include-paths = ["a\\u0000b"]\n', "NUL character"),
])
def test_a_configuration_that_cannot_be_read_is_said_so(tmp_path, name, text, words):
    (tmp_path / name).write_text(text)
    process = run_cli(_design(tmp_path), "--config", name, cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode == 2 and words in process.stderr and "internal error" not in process.stderr, \
        process.stderr


@pytest.mark.parametrize("text, words", [
    ('{"schema": "archlint/baseline", "version": 1, "entries": [{"file": "d.arch", "code": "R001", '
     '"element": "db", "count": ' + "9" * 5000 + '}]}', "whole number"),
    ('{"schema": "archlint/baseline", "version": ' + "7" * 5000 + ', "entries": []}', "version inf"),
    ("[" * 100_000 + "]" * 100_000, "nested too deep"),
])
def test_a_baseline_that_cannot_be_read_is_said_so(tmp_path, text, words):
    (tmp_path / "b.json").write_text(text)
    process = run_cli(_design(tmp_path), "--baseline", "b.json", "--isolated", cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode == 2 and words in process.stderr and "internal error" not in process.stderr, \
        process.stderr


@pytest.mark.parametrize("path, words", [("a\\u0000b.arch", "NUL character"), ("a\\ud800.arch", "lone surrogate")])
def test_an_include_path_no_file_can_have(tmp_path, path, words):
    design = _design(tmp_path, f'include "{path}"\n' + CLEAN)
    process = _lint(design, cwd=tmp_path)
    assert process.returncode == 1 and "include-error" in process.stdout and words in process.stdout


@pytest.mark.parametrize("value", ["inf", "1e308", "nan", "-1"])
def test_render_timeouts_a_timer_cannot_hold(tmp_path, value):
    process = run_cli("render", _design(tmp_path), "--isolated", "--timeout", value, "-o", "x.svg", cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode == 2 and "--timeout" in process.stderr


def test_render_of_groups_nested_500_deep(tmp_path):
    depth = 500
    text = "".join(f"group g{i} {{\n" for i in range(depth)) + "service s\n" + "}\n" * depth
    process = run_cli("render", _design(tmp_path, text), "--isolated", "-o", "deep.dot", cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "deep.dot").read_text().count("subgraph cluster_") == depth


def test_a_layout_failure_shows_no_worker_traceback():
    from archlint.render.layout import _errors

    worker = (b'Traceback (most recent call last):\n  File "<string>", line 12, in <module>\n'
              b'pygraphviz.agraph.DotError: syntax error in line 3 near \'x\'\n')
    assert _errors(worker) == "pygraphviz.agraph.DotError: syntax error in line 3 near 'x'"


def test_a_usage_error_quotes_an_argument_escaped(tmp_path):
    from archlint.escape import has_unsafe

    process = run_cli("render", "d.arch", "--timeout", "\x1b]0;title\x07", cwd=tmp_path)
    assert process.returncode == 2 and "\\x1b]0;title\\x07" in process.stderr
    assert not has_unsafe(process.stderr)


def test_format_diff_shows_control_characters_escaped(tmp_path):
    from archlint.escape import has_unsafe

    design = tmp_path / "f.arch"
    design.write_text('service   a "x\x1b[2Jy"\n')
    process = run_cli("format", "--diff", design, cwd=tmp_path)
    assert "\\x1b[2J" in process.stdout and not has_unsafe(process.stdout, allow="\n\t")


# --- text from rule packs -----------------------------------------------------------------------
HOSTILE_RULE = rule_docstring("Hostile \x1b]0;title\x07summary [bold red]markup[/] \x1b[2J\x08.",
                              "It writes \x1b[31mcolour\x1b[0m and rings \x07 the bell.") + '''\
from archlint.rule_api import Finding, Severity

CODE = "Y009"
NAME = "hostile-pack"
CATEGORY = "ops\\x1b[2J\\n::error file=x.arch::category"
DEFAULT_SEVERITY = Severity.WARNING


def check(design, graph, options):
    for component in design.components.values():
        yield Finding(message=f"`{component.id}`\\x1b[2J\\x07\\n::error file=x.arch::message",
                      location=component.location, element=component.id)
'''


def test_text_from_a_rule_pack_is_shown_escaped(tmp_path):
    """A rule pack's category, docstring and messages reach `rules`, `explain` and the reports
    escaped: no terminal sequence, no bell, no line a CI runner takes for a workflow command."""
    from archlint.escape import has_unsafe

    (tmp_path / "lint_rules").mkdir()
    (tmp_path / "lint_rules" / "hostile.py").write_text(HOSTILE_RULE)
    (tmp_path / "archlint.toml").write_text('rule-paths = ["lint_rules"]\n')
    (tmp_path / "d.arch").write_text("service api [replicas=2, zones=2]\n")
    runs = {
        "rules": run_cli("rules", "--color", "never", cwd=tmp_path),
        "explain": run_cli("explain", "hostile-pack", "--color", "never", cwd=tmp_path),
        "check": run_cli("d.arch", "--output-format", "full", cwd=tmp_path),
        "github": run_cli("d.arch", "--output-format", "github", cwd=tmp_path),
    }
    for process in runs.values():
        assert_no_traceback(process)
        assert process.returncode in (0, 1), process.stderr
        assert not has_unsafe(process.stdout) and not has_unsafe(process.stderr), repr(process.stdout)
        lines = process.stdout.splitlines()
        assert not any(line.startswith("::error file=x.arch") for line in lines), process.stdout
    assert "ops\\x1b[2J\\n::error" in runs["rules"].stdout and "Hostile \\x1b]0;title\\x07summary" in runs["rules"].stdout
    assert "rings \\x07 the bell" in runs["explain"].stdout
    # In colour, rich writes its own escapes; the pack's are still shown, and its markup is text.
    for args in (["rules"], ["explain", "hostile-pack"]):
        process = run_cli(*args, "--color", "always", cwd=tmp_path)
        assert process.returncode == 0, process.stderr
        assert "\x1b[2J" not in process.stdout and "\x07" not in process.stdout and "\x08" not in process.stdout
        assert not any(line.startswith("::error") for line in process.stdout.splitlines())
    wide = run_cli("rules", "--color", "always", cwd=tmp_path, env={"COLUMNS": "400"}).stdout
    assert "[bold red]markup[/]" in wide and "ops\\x1b[2J\\n::error" in wide


# --- the formatter on deep and odd nesting ------------------------------------------------------
def _nested(depth: int) -> str:
    return "".join(f"group g{i} {{\n" for i in range(depth)) + "service s\n" + "}\n" * depth


def test_format_of_blocks_nested_past_its_limit_is_a_clear_error(tmp_path):
    """The layout recurses per level: 300 nested groups ended in `internal error: RecursionError`.
    Past 100 levels the file is left as written, with where and why."""
    from archlint.format import MAX_DEPTH

    (tmp_path / "ok.arch").write_text(_nested(MAX_DEPTH))
    (tmp_path / "deep.arch").write_text(_nested(2000))
    process = run_cli("format", "ok.arch", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "ok.arch").read_text().count("{") == MAX_DEPTH
    process = run_cli("format", "deep.arch", cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode == 2 and "internal error" not in process.stderr
    assert f"deep.arch:{MAX_DEPTH + 1}:1: blocks nested more than {MAX_DEPTH} deep" in process.stderr
    assert (tmp_path / "deep.arch").read_text() == _nested(2000)


def test_format_writes_a_list_inside_a_list_as_it_is_written(tmp_path):
    """The parser keeps deep nested lists linear by standing `[...]` for them; the formatter
    wrote that placeholder and then refused its own output."""
    design = tmp_path / "d.arch"
    design.write_text("service   a [tags=[[1],  [2, 3]], x=1]\nservice b {\n    tags = [[[\"x\"]]]\n}\n")
    process = run_cli("format", "d.arch", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    assert design.read_text() == "service a [tags=[[1],  [2, 3]], x=1]\nservice b {\n  tags = [[[\"x\"]]]\n}\n"


def test_thousands_of_replicas_do_not_break_the_numbers_rules(tmp_path):
    """Found by the fuzz campaign: a service with 6,666 replicas made the k-of-n sum convert
    comb(6666, i) to a float (OverflowError) and availability-below-slo failed."""
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("archlint_bench_generate", ROOT / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    text = generate.generate(40, 61)
    start = text.index("service identity1_prefs")
    design = tmp_path / "many.arch"
    design.write_text(text[:start] + text[start:].replace("replicas = 6\n", "replicas = 6666\n", 1))
    process = run_cli(design, "--isolated", "--output-format", "json", cwd=tmp_path)
    assert_no_traceback(process)
    assert process.returncode in (0, 1) and "failed on" not in process.stderr, process.stderr


def test_a_count_of_instances_or_zones_is_bounded_where_it_is_written(tmp_path):
    """The analysis lists instances and zones one by one: `replicas=1000000000` in a one-line
    design took minutes and gigabytes (the fuzz campaign's finding). A count above the bound
    is refused at its place, and a count at the bound still runs."""
    design = tmp_path / "d.arch"
    design.write_text("service api [replicas=1000000000]\nservice b [zones=20000]\n"
                      "service c [replicas=10000, zones=10000, availability=99.5%]\n"
                      "slo [availability=99.9%]\nclient u\nu -> c\n")
    process = run_cli(design, "--isolated", "--output-format", "concise", cwd=tmp_path)
    assert_no_traceback(process)
    lines = process.stdout.splitlines()
    assert any(":1:23:" in line and "`replicas`: must be at most 10,000, found `1000000000`" in line for line in lines), lines
    assert any(":2:18:" in line and "`zones`: must be at most 10,000, found `20000`" in line for line in lines), lines
    assert not any(":3:" in line and "invalid-value" in line for line in lines), lines
