"""Which files a run lints, through the real CLI and real git: .gitignore respected, `exclude`
as gitignore patterns, paths as typed, each file once, links out of the project and unreadable
directories never passed over in silence, per-file-ignores that grow with files, not findings."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import assert_no_traceback, run_cli

from archlint.discovery import Exclude

CLEAN = "service s [replicas=2, zones=2]\n"
GIT = shutil.which("git")


def _files(process) -> list[str]:
    assert process.returncode in (0, 1), process.stderr
    return sorted(json.loads(process.stdout)["files"])


def _tree(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _git(cwd, *args) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_walk_leaves_out_what_git_ignores(tmp_path):
    _tree(tmp_path, {"a.arch": CLEAN, "generated/b.arch": CLEAN, "scratch.arch": CLEAN, "keep/c.arch": CLEAN,
                     ".gitignore": "generated/\nscratch.arch\n"})
    _git(tmp_path, "init", "-q")
    walked = _files(run_cli("--isolated", "--output-format", "json", cwd=tmp_path))
    assert walked == ["a.arch", "keep/c.arch"]
    # Named on the command line, an ignored file is still linted (as a hook names it).
    assert _files(run_cli("scratch.arch", "--isolated", "--output-format", "json", cwd=tmp_path)) == ["scratch.arch"]
    # And the setting turns it off.
    (tmp_path / "archlint.toml").write_text("respect-gitignore = false\n")
    walked = _files(run_cli(".", "--output-format", "json", cwd=tmp_path))
    assert walked == ["a.arch", "generated/b.arch", "keep/c.arch", "scratch.arch"]


def test_outside_a_repository_gitignore_means_nothing(tmp_path):
    _tree(tmp_path, {"a.arch": CLEAN, "b.arch": CLEAN, ".gitignore": "b.arch\n"})
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    walked = _files(run_cli(".", "--isolated", "--output-format", "json", cwd=tmp_path, env=env))
    assert walked == ["a.arch", "b.arch"]


def test_exclude_patterns_are_gitignore_patterns(tmp_path):
    _tree(tmp_path, {"designs/a.arch": CLEAN, "designs/old/b.arch": CLEAN, "designs/x/old/c.arch": CLEAN,
                     "archive/d.arch": CLEAN, "top.arch": CLEAN, "designs/keep.arch": CLEAN})
    (tmp_path / "archlint.toml").write_text('exclude = ["designs/*.arch", "!designs/keep.arch"]\n')
    # `*` stays inside one directory: designs/old/b.arch is not covered (fnmatch's `*` crossed `/`).
    assert _files(run_cli(".", "--output-format", "json", cwd=tmp_path)) == [
        "archive/d.arch", "designs/keep.arch", "designs/old/b.arch", "designs/x/old/c.arch", "top.arch"]
    (tmp_path / "archlint.toml").write_text('exclude = ["designs/**/old", "archive/**"]\n')
    assert _files(run_cli(".", "--output-format", "json", cwd=tmp_path)) == [
        "designs/a.arch", "designs/keep.arch", "top.arch"]


@pytest.mark.parametrize(
    ("pattern", "path", "is_dir", "expected"),
    [
        ("*.arch", "a/b/c.arch", False, True),  # no slash: a name at any depth
        ("designs/*.arch", "designs/a.arch", False, True),
        ("designs/*.arch", "designs/old/a.arch", False, None),
        ("**/legacy", "legacy", True, True),
        ("**/legacy", "a/b/legacy", True, True),
        ("a/**/b", "a/b", True, True),
        ("a/**/b", "a/x/y/b", True, True),
        ("build/", "build", False, None),  # a trailing slash: directories only
        ("build/", "build", True, True),
        ("/top.arch", "top.arch", False, True),
        ("/top.arch", "sub/top.arch", False, None),
        ("d[0-9].arch", "d7.arch", False, True),
        ("d?.arch", "d/x.arch", False, None),
    ],
)
def test_gitignore_pattern_semantics(pattern, path, is_dir, expected):
    assert Exclude([pattern]).matches(path, is_dir) is expected


def test_walked_paths_print_as_typed_and_a_file_named_twice_is_linted_once(tmp_path):
    _tree(tmp_path, {"designs/a.arch": "client c\ndatabase d\nservice s [replicas=2, zones=2]\nc -> s -> d\n"})
    process = run_cli(".", "designs/a.arch", "./designs/a.arch", "--isolated", "--select", "R001",
                      "--output-format", "concise", cwd=tmp_path)
    assert process.returncode == 1
    lines = process.stdout.splitlines()
    assert lines[0].startswith("designs/a.arch:2:10: R001") and len(lines) == 2
    assert "./" not in process.stdout and lines[-1] == "Found 1 error in 1 file."


def test_a_walked_link_out_of_the_project_is_not_read(tmp_path):
    secret = tmp_path / "outside" / "secret.arch"
    _tree(tmp_path, {"outside/secret.arch": "service topsecretvalue [replicas=2, zones=2]\n",
                     "project/archlint.toml": "", "project/a.arch": CLEAN, "project/inner.arch": CLEAN})
    (tmp_path / "project" / "leak.arch").symlink_to(secret)
    (tmp_path / "project" / "alias.arch").symlink_to(tmp_path / "project" / "inner.arch")  # inside: fine
    process = run_cli(".", "--output-format", "full", cwd=tmp_path / "project")
    assert process.returncode == 2
    assert "leak.arch: a symbolic link to a file outside the project; not read" in process.stderr
    assert "topsecretvalue" not in process.stdout + process.stderr
    assert_no_traceback(process)
    listed = _files(run_cli("a.arch", "alias.arch", "inner.arch", "--output-format", "json", cwd=tmp_path / "project"))
    assert listed == ["a.arch", "alias.arch"]  # the link and its target are one file


def test_an_unreadable_directory_is_an_error_not_a_pass(tmp_path, permissions_bind):
    _tree(tmp_path, {"a.arch": CLEAN, "locked/b.arch": "this is not valid\n"})
    (tmp_path / "locked").chmod(0)
    try:
        process = run_cli(".", "--isolated", cwd=tmp_path, obey_permissions=True)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert process.returncode == 2
    assert "locked: cannot read the directory: Permission denied" in process.stderr
    assert "All checks passed!" not in process.stdout
    assert_no_traceback(process)


def _per_file_run(tmp_path, monkeypatch, patterns: int) -> int:
    """One lint over 10 designs with 100 findings each and `patterns` per-file-ignores entries
    (literal paths and globs, none matching, one glob matching everything): the glob matches
    it made. Counted, not timed, so a busy machine cannot fail it."""
    import fnmatch

    from archlint import lint

    project = tmp_path / str(patterns)
    design = "".join(f"client c{n}\ndatabase d{n}\nservice s{n} [replicas=2, zones=2]\nc{n} -> s{n} -> d{n}\n"
                     for n in range(100))
    _tree(project, {f"d{n}.arch": design for n in range(10)})
    entries = [f'"nowhere/{n}.arch" = ["R001"]' for n in range(patterns // 2)]
    entries += [f'"nowhere{n}/*.arch" = ["R001"]' for n in range(patterns // 2)]
    entries.append('"*.arch" = ["O001"]')
    (project / "archlint.toml").write_text("[per-file-ignores]\n" + "\n".join(entries) + "\n")
    matches = 0
    real = fnmatch.fnmatchcase

    def counted(name, pattern):
        nonlocal matches
        matches += 1
        return real(name, pattern)

    monkeypatch.chdir(project)
    monkeypatch.setattr(fnmatch, "fnmatchcase", counted)
    findings = lint(".").active
    assert len(findings) == 10 * 100 and {f.code for f in findings} == {"R001"}
    return matches


def test_per_file_ignores_grow_with_files_not_with_findings(tmp_path, monkeypatch):
    """1,000 findings in 10 files against 100 and then 4,000 patterns (half of them globs):
    a file's codes are worked out once, so the globs are matched at most twice per file (its
    path and its name), never once per finding (patterns x findings would be 4 M matches)."""
    small, large = _per_file_run(tmp_path, monkeypatch, 100), _per_file_run(tmp_path, monkeypatch, 4000)
    more_globs = 4000 // 2 - 100 // 2
    assert large - small <= 10 * more_globs * 2, (small, large)
