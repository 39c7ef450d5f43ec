"""The pre-commit hooks, run by the real pre-commit from the `.pre-commit-config.yaml` that
docs/workflows.md shows, against this checkout.

pre-commit installs a hook repository at a commit, so the test copies the working tree (the
hook manifest and the code as they are now, committed or not) into a throw-away repository
and commits it there. (`pre-commit try-repo` would snapshot only tracked files, and builds a
new environment each call.) The first run builds the hook's virtualenv and pip-installs
archlint into it, which needs the package index and takes a while; both runs share it through
one PRE_COMMIT_HOME.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = [
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None, reason="pre-commit is not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not (ROOT / ".pre-commit-hooks.yaml").is_file(), reason="not a source checkout"),
]

BAD = "client browser\nservice api [replicas=2, zones=2]\ndatabase orders\nbrowser -> api -> orders\n"
GOOD = "client browser\nservice api [replicas=2, zones=2]\nobservability metrics [managed=true]\nbrowser -> api ~> metrics\n"
COPY_SKIPS = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".venv", "venv",
                                    ".pytest_cache", ".hypothesis", ".cache", "results")


def _git(*args, cwd) -> str:
    identity = ["-c", "user.name=archlint tests", "-c", "user.email=tests@example.invalid", "-c", "commit.gpgsign=false"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _documented_config() -> str:
    text = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return next(block for block in blocks if block.startswith("repos:"))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    hooks = tmp_path_factory.mktemp("hook-repo") / "archlint"
    shutil.copytree(ROOT, hooks, ignore=COPY_SKIPS)
    _git("init", "-q", cwd=hooks)
    _git("add", "-A", cwd=hooks)
    _git("commit", "-q", "-m", "snapshot of the working tree", cwd=hooks)
    sha = _git("rev-parse", "HEAD", cwd=hooks).strip()

    project = tmp_path_factory.mktemp("project")
    config = _documented_config()
    assert "rev: v0.1.0" in config and "https://github.com/archlint/archlint" in config
    config = config.replace("https://github.com/archlint/archlint", str(hooks)).replace("v0.1.0", sha)
    (project / ".pre-commit-config.yaml").write_text(config)
    (project / "bad.arch").write_text(BAD)
    (project / "good.arch").write_text(GOOD)
    (project / "design.md").write_text("# Design\n\n```arch\n" + BAD + "```\n")
    (project / "notes.md").write_text("# Notes\n\nNo design here.\n")
    _git("init", "-q", cwd=project)
    _git("add", "-A", cwd=project)
    return project, tmp_path_factory.mktemp("pre-commit-home")


def _pre_commit(project, home, *files) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "ARCHLINT", "GIT_"))}
    environment.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", "--files", *files],
        cwd=project, env=environment, capture_output=True, text=True, timeout=900,
    )


def test_the_hooks_fail_on_findings_and_pass_on_clean_designs(project):
    root, home = project
    failing = _pre_commit(root, home, "bad.arch", "design.md", "good.arch", "notes.md")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert re.search(r"^archlint\.+Failed$", output, re.MULTILINE), output
    assert re.search(r"^archlint \(Markdown\)\.+Failed$", output, re.MULTILINE), output
    assert "--> bad.arch:3:10" in output and "--> design.md:6:10" in output
    assert "good.arch:" not in output

    passing = _pre_commit(root, home, "good.arch", "notes.md")
    output = passing.stdout + passing.stderr
    assert passing.returncode == 0, output
    assert re.search(r"^archlint\.+Passed$", output, re.MULTILINE), output
    assert re.search(r"^archlint \(Markdown\)\.+Passed$", output, re.MULTILINE), output


def _documented_format_config() -> str:
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return next(block for block in blocks if "archlint-format" in block)


def test_the_format_hook_rewrites_designs_and_then_passes(project):
    root, home = project
    hooks = re.search(r"repo: (\S+)", (root / ".pre-commit-config.yaml").read_text())
    sha = re.search(r"rev: (\S+)", (root / ".pre-commit-config.yaml").read_text())
    config = _documented_format_config()
    assert "rev: v0.1.0" in config and "https://github.com/archlint/archlint" in config
    config = config.replace("https://github.com/archlint/archlint", hooks.group(1)).replace("v0.1.0", sha.group(1))
    (root / ".pre-commit-format.yaml").write_text(config)
    (root / "ugly.arch").write_text("service api [replicas=2,]\ndatabase   db\napi->db\n")
    (root / "ugly.md").write_text("Text  stays.\n\n```arch\ndatabase   db\n```\n")
    _git("add", "-A", cwd=root)

    def run():
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "ARCHLINT", "GIT_"))}
        environment.update(PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--color", "never", "-c", ".pre-commit-format.yaml",
             "--files", "ugly.arch", "ugly.md", "notes.md"],
            cwd=root, env=environment, capture_output=True, text=True, timeout=900,
        )

    first = run()
    output = first.stdout + first.stderr
    assert first.returncode == 1, output  # pre-commit fails a hook that changed files
    assert re.search(r"^archlint format\.+Failed$", output, re.MULTILINE), output
    assert (root / "ugly.arch").read_text() == "service  api [replicas=2]\ndatabase db\napi -> db\n"
    assert (root / "ugly.md").read_text() == "Text  stays.\n\n```arch\ndatabase db\n```\n"
    second = run()
    output = second.stdout + second.stderr
    assert second.returncode == 0, output
    assert re.search(r"^archlint format\.+Passed$", output, re.MULTILINE), output


def test_committing_only_an_included_file_checks_the_designs_that_include_it(project):
    root, home = project
    (root / "shared").mkdir(exist_ok=True)
    (root / "designs").mkdir(exist_ok=True)
    (root / "shared" / "observability.arch").write_text('observability metrics "Prometheus" [managed=true]\n')
    (root / "designs" / "checkout.arch").write_text(
        'include "../shared/observability.arch"\nclient web\nservice api [replicas=2, zones=2]\n'
        "web -> api\napi ~> metrics\n")
    _git("add", "-A", cwd=root)
    passing = _pre_commit(root, home, "shared/observability.arch")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    # The shared file renames its component: only it is staged, and the includer breaks.
    (root / "shared" / "observability.arch").write_text('observability telemetry "Prometheus" [managed=true]\n')
    _git("add", "shared/observability.arch", cwd=root)
    failing = _pre_commit(root, home, "shared/observability.arch")
    output = failing.stdout + failing.stderr
    assert failing.returncode == 1, output
    assert re.search(r"^archlint\.+Failed$", output, re.MULTILINE), output
    assert "also checked designs/checkout.arch, which includes shared/observability.arch" in output
    assert "--> designs/checkout.arch:5:8" in output
