"""Hostile and odd input: each gets a clear error or correct handling, never a traceback."""

from __future__ import annotations

import os

import pytest

from conftest import assert_no_traceback, run_cli


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
