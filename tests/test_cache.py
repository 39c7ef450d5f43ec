"""The findings cache: an unchanged design is answered from `.archlint_cache/`, a changed one (or
any file it includes) is judged again, and an entry the user did not sign is never believed."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest
from conftest import EXAMPLES, assert_no_traceback, run_cli
from test_plugins import LOCAL_RULE


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    (tmp_path / "shared.arch").write_text("observability metrics [managed=true]\n", encoding="utf-8")
    design = (EXAMPLES / "url_shortener" / "naive.arch").read_text(encoding="utf-8")
    (tmp_path / "design.arch").write_text('include "shared.arch"\n' + design, encoding="utf-8")
    return tmp_path


def _check(project: Path, *args):
    process = run_cli("design.arch", "--output-format", "json", *args, cwd=project,
                      env={"XDG_CACHE_HOME": str(project / "user-cache")})
    assert_no_traceback(process)
    assert process.returncode in (0, 1), process.stderr
    return process


def _entries(project: Path) -> list[Path]:
    return sorted((project / ".archlint_cache").glob("*/*.json"))


def _read(entry: Path) -> tuple[dict, list[dict]]:
    """An entry's head and its findings (as the json format lists them)."""
    head, _, listed = entry.read_bytes().partition(b"\n")[2].partition(b"\n")
    return json.loads(head), json.loads(b"[" + listed + b"]")


def _write(project: Path, entry: Path, head: dict, records: list[dict], signed: bool = True) -> None:
    listed = ",\n    ".join(json.dumps(record, ensure_ascii=False) for record in records)
    body = json.dumps(head).encode() + b"\n" + listed.encode()
    if signed:
        _sign(project, entry, body)
    else:
        entry.write_bytes(entry.read_bytes().partition(b"\n")[0] + b"\n" + body)


def _sign(project: Path, entry: Path, body: bytes) -> None:
    key = (project / "user-cache" / "archlint" / "key").read_bytes()
    entry.write_bytes(hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)


def test_an_unchanged_design_is_answered_from_the_cache(project):
    first = _check(project)
    [entry] = _entries(project)
    assert (project / ".archlint_cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    # Prove the second run reads the entry: change what it says, signed with the user's key.
    head, records = _read(entry)
    records[0]["message"] = "answered from the cache"
    _write(project, entry, head, records)
    second = _check(project)
    assert [f["message"] for f in json.loads(second.stdout)["findings"]][0] == "answered from the cache"
    assert json.loads(second.stdout)["findings"][1:] == json.loads(first.stdout)["findings"][1:]


def test_a_changed_include_is_judged_again(project):
    _check(project)
    [entry] = _entries(project)
    head, _ = _read(entry)
    _write(project, entry, head, [])
    (project / "shared.arch").write_text("observability metrics [managed=true]\nservice extra\n", encoding="utf-8")
    after = json.loads(_check(project).stdout)["findings"]
    assert after and after == json.loads(_check(project, "--no-cache").stdout)["findings"]


def test_an_entry_the_user_did_not_sign_is_not_believed(project):
    first = _check(project)
    [entry] = _entries(project)
    head, _ = _read(entry)
    _write(project, entry, head, [], signed=False)  # what a hostile commit would want: a clean report
    assert json.loads(_check(project).stdout)["findings"] == json.loads(first.stdout)["findings"]


def test_no_cache_neither_reads_nor_writes(project):
    _check(project, "--no-cache")
    assert not (project / ".archlint_cache").exists()


def test_a_different_rule_selection_is_a_different_entry(project):
    full = json.loads(_check(project).stdout)["findings"]
    some = json.loads(_check(project, "--select", "R001").stdout)["findings"]
    assert len(_entries(project)) == 2
    assert {f["code"] for f in some} <= {"R001"} and len(some) < len(full)


def test_the_same_design_named_two_ways_shows_each_name(project):
    relative = _check(project)
    absolute = run_cli(project / "design.arch", "--output-format", "json", cwd=project,
                       env={"XDG_CACHE_HOME": str(project / "user-cache")})
    again = _check(project)
    assert {f["file"] for f in json.loads(absolute.stdout)["findings"]} == {str(project / "design.arch")}
    assert json.loads(again.stdout)["findings"] == json.loads(relative.stdout)["findings"]


def test_a_hit_loads_no_rule_and_no_validation_library(project):
    _check(project)
    process = run_cli("design.arch", "--output-format", "json", cwd=project,
                      env={"XDG_CACHE_HOME": str(project / "user-cache"), "PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.rsplit("|", 1)[-1].strip() for line in process.stderr.splitlines() if line.startswith("import time:")}
    assert "archlint.cache" in imported
    assert not {m for m in imported if m.startswith(("archlint.rules", "archlint.loader", "pydantic"))}
    assert json.loads(process.stdout)["findings"] == json.loads(_check(project, "--no-cache").stdout)["findings"]


def test_a_changed_local_rule_or_its_helper_is_judged_again(project):
    rules = project / "my_rules"
    rules.mkdir()
    (rules / "_words.py").write_text("WORD = 'first'\n", encoding="utf-8")
    (rules / "owner.py").write_text(LOCAL_RULE.replace("from pathlib import Path", "import _words\nfrom pathlib import Path")
                                    .replace('names no owner"', 'names no owner " + _words.WORD'), encoding="utf-8")
    (project / "pyproject.toml").write_text('[tool.archlint]\nrule-paths = ["my_rules"]\n', encoding="utf-8")

    def marks():
        return {f["message"].rpartition(" ")[2] for f in json.loads(_check(project).stdout)["findings"] if f["code"] == "Y001"}

    assert marks() == {"first"} and marks() == {"first"}
    (rules / "_words.py").write_text("WORD = 'second'\n", encoding="utf-8")
    assert marks() == {"second"}


def test_a_changed_rule_option_is_judged_again_and_a_wrong_one_is_still_an_error(project):
    (project / "pyproject.toml").write_text("[tool.archlint.rules.chatty-request]\nmax-fanout = 8\n", encoding="utf-8")
    _check(project)
    _check(project)  # answered from the cache
    (project / "pyproject.toml").write_text("[tool.archlint.rules.chatty-request]\nmax-fanout = 0\n", encoding="utf-8")
    process = run_cli("design.arch", cwd=project, env={"XDG_CACHE_HOME": str(project / "user-cache")})
    assert process.returncode == 2 and "max-fanout" in process.stderr, process.stderr


@pytest.mark.parametrize("broken", ["missing", "undecodable"])
def test_an_include_that_could_not_be_read_is_looked_at_again(project, broken):
    # The entry of a design whose include was missing (or not UTF-8) says "cannot include" only
    # while it still cannot be read: once it can, the design is judged again.
    shared = project / "shared.arch"
    if broken == "missing":
        shared.unlink()
    else:
        shared.write_bytes(b"observability metrics [managed=true]\n\xff\n")
    before = json.loads(_check(project).stdout)["findings"]
    assert [f["code"] for f in before] == ["L008"]
    assert json.loads(_check(project).stdout)["findings"] == before  # answered from the cache
    shared.write_text("observability metrics [managed=true]\n", encoding="utf-8")
    after = json.loads(_check(project).stdout)["findings"]
    assert after == json.loads(_check(project, "--no-cache").stdout)["findings"]
    assert after and "L008" not in {f["code"] for f in after}


_EDITABLE_LAYOUT = """
import importlib.util, runpy, sys
code, grammar = sys.argv[1], sys.argv[2]

class Grammar:  # as an editable install maps it: the grammar package outside the archlint directory
    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "archlint.grammar":
            return importlib.util.spec_from_file_location(name, grammar + "/__init__.py",
                                                          submodule_search_locations=[grammar])
        return None

sys.meta_path.insert(0, Grammar)
sys.path.insert(0, code)
sys.argv = ["archlint", *sys.argv[3:]]
runpy.run_module("archlint", run_name="__main__", alter_sys=True)
"""


def test_an_edited_grammar_outside_the_package_is_judged_again(project, tmp_path):
    # In an editable install the grammar (archlint.grammar) lives beside the package, not in it;
    # a change to it must change the entry as a change to archlint's own modules does.
    import shutil
    import subprocess
    import sys

    from conftest import ROOT

    code, grammar = tmp_path / "code", tmp_path / "grammar"
    shutil.copytree(ROOT / "archlint", code / "archlint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", code / "archlint" / "rules", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "grammar", grammar, ignore=shutil.ignore_patterns("__pycache__"))

    def check():
        return subprocess.run([sys.executable, "-c", _EDITABLE_LAYOUT, code, grammar, "design.arch",
                               "--output-format", "json"], cwd=project, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "XDG_CACHE_HOME": str(project / "user-cache")})

    first = check()
    assert first.returncode == 1 and json.loads(first.stdout)["findings"], first.stderr
    assert check().stdout == first.stdout  # answered from the cache
    with (grammar / "archlint.lark").open("a", encoding="utf-8") as file:
        file.write("// edited\n")  # the shipped table no longer matches: a fresh run says so
    edited = check()
    assert "built from another grammar" in edited.stdout + edited.stderr, (edited.stdout, edited.stderr)


def test_a_file_whose_bytes_are_the_old_text_but_read_otherwise_is_judged_again(project):
    # An entry hashes each file's text as the loader reads it (a leading BOM dropped, line ends
    # made `\n`); a hit compares a file's bytes with that hash directly when they can be that
    # text. A file starting with a BOM never can: the text `\ufeff...` read from BOM BOM ... has
    # the bytes of BOM ..., which the loader reads as another text.
    design = project / "design.arch"
    text = design.read_text(encoding="utf-8").encode()
    design.write_bytes(b"\xef\xbb\xbf" * 2 + text)
    first = _check(project)
    design.write_bytes(b"\xef\xbb\xbf" + text)
    second = _check(project)
    assert second.stdout != first.stdout
    assert second.stdout == _check(project, "--no-cache").stdout


def test_line_ends_the_loader_reads_alike_answer_from_one_entry(project):
    design = project / "design.arch"
    text = design.read_text(encoding="utf-8")
    design.write_bytes(text.replace("\n", "\r\n").encode())
    first = _check(project)
    [entry] = _entries(project)
    head, records = _read(entry)
    records[0]["message"] = "answered from the cache"
    _write(project, entry, head, records)
    assert "answered from the cache" in _check(project).stdout  # CRLF, as when judged
    design.write_bytes(text.encode())
    assert "answered from the cache" in _check(project).stdout  # the same text with `\n`
    assert _check(project, "--no-cache").stdout == first.stdout
