"""Rule plugins for real: the example pack installed with pip and found through its entry point,
local rule directories named by the configuration, and rules that are broken or crash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, assert_no_traceback, rule_docstring, run_cli

PACK = ROOT / "tests" / "plugins" / "archlint_example_pack"

# The anti-pattern of the example rule, with a client so that requests have somewhere to start.
DESIGN = """\
client browser "Browsers"
lb alb "Load balancer" [managed=true]
service api "API" [replicas=3, zones=3]
service users "User service" [replicas=3, zones=3]

browser -> alb -> api
api -> users [proto=grpc]
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example pack installed by pip into a directory of its own (to be put on PYTHONPATH).

    pip builds from a copy, so the build leaves nothing (build/, *.egg-info) in the checkout.
    """
    work = tmp_path_factory.mktemp("pack")
    source = work / "source"
    shutil.copytree(PACK, source, ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info", ".pytest_cache"))
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-cache-dir",
         "--disable-pip-version-check", "-q", "--target", str(target), str(source)],
        check=True, capture_output=True, text=True,
    )
    assert (target / "archlint_example_pack" / "sync_call_timeout.py").is_file()
    return target


@pytest.fixture
def with_pack(site):
    """run_cli with the installed pack importable."""
    def run(*args, cwd=None):
        return run_cli(*args, cwd=cwd, env={"PYTHONPATH": str(site), "PYTHONDONTWRITEBYTECODE": "1"})
    return run


@pytest.fixture
def design(tmp_path) -> Path:
    path = tmp_path / "design.arch"
    path.write_text(DESIGN)
    return path


def _findings(process) -> list[str]:
    return [f"{f['rule']}@{f['element']}" for f in json.loads(process.stdout)["findings"]]


# --- an installed pack ----------------------------------------------------------------------

def test_rules_lists_the_installed_pack_found_through_its_entry_point(with_pack, tmp_path):
    process = with_pack("rules", "--format", "json", "--isolated", cwd=tmp_path)
    assert process.returncode == 0, process.stderr
    rows = {row["code"]: row for row in json.loads(process.stdout)}
    assert rows["X001"]["name"] == "sync-call-without-timeout"
    assert rows["X001"]["category"] == "resilience"
    assert rows["X001"]["severity"] == "warning"
    assert rows["X001"]["origin"] == "archlint_example_pack.sync_call_timeout"
    assert rows["X001"]["enabled"] is False  # installed is not selected
    table = with_pack("rules", "--isolated", cwd=tmp_path)
    assert any(line.split()[:2] == ["X001", "sync-call-without-timeout"] for line in table.stdout.splitlines())


@pytest.mark.parametrize("selector", ["X001", "sync-call-without-timeout", "X"])
def test_extend_select_runs_the_installed_rule(with_pack, design, selector):
    process = with_pack(design, "--isolated", "--extend-select", selector, "--output-format", "json")
    assert process.returncode == 0, process.stderr  # a warning does not fail the run
    report = json.loads(process.stdout)
    found = [f for f in report["findings"] if f["code"] == "X001"]
    assert [(f["rule"], f["element"], f["line"], f["column"], f["severity"]) for f in found] == [
        ("sync-call-without-timeout", "api->users", 7, 1, "warning")]
    assert "missing-observability@None" in _findings(process)  # the built-in rules still run


def test_extend_select_in_the_configuration_runs_the_installed_rule(with_pack, design):
    (design.parent / "archlint.toml").write_text(textwrap.dedent("""\
        extend-select = ["sync-call-without-timeout"]

        [rules.sync-call-without-timeout]
        min-hops = 3
    """))
    process = with_pack(design, "--output-format", "json", cwd=design.parent)
    assert process.returncode == 0, process.stderr
    assert "sync-call-without-timeout@api->users" in _findings(process)
    (design.parent / "archlint.toml").write_text(textwrap.dedent("""\
        extend-select = ["X001"]

        [rules.sync-call-without-timeout]
        min-hops = 4
    """))
    process = with_pack(design, "--output-format", "json", cwd=design.parent)
    assert process.returncode == 0, process.stderr
    assert not any(f.startswith("sync-call-without-timeout@") for f in _findings(process))


def test_an_installed_rule_does_not_run_unless_selected(with_pack, design):
    process = with_pack(design, "--isolated", "--output-format", "json")
    assert process.returncode == 0, process.stderr
    assert not any(f.startswith("sync-call-without-timeout@") for f in _findings(process))
    assert "missing-observability@None" in _findings(process)


def test_explain_shows_the_installed_rule(with_pack, tmp_path):
    for key in ("sync-call-without-timeout", "X001"):
        process = with_pack("explain", key, "--color", "never", cwd=tmp_path)
        assert process.returncode == 0, process.stderr
        assert process.stdout.startswith("# sync-call-without-timeout (X001)\n")
        assert "Category: resilience. Default severity: warning." in process.stdout
        for section in ("## Why is this bad?", "## Anti-pattern", "## Best practice", "## Options", "## References"):
            assert section in process.stdout


def test_without_the_pack_its_rule_is_unknown(design):
    process = run_cli(design, "--isolated", "--extend-select", "X001")
    assert process.returncode == 2
    assert "unknown rule `X001`" in process.stderr
    assert_no_traceback(process)


def test_the_packs_own_tests_pass_against_the_installed_pack(site, tmp_path):
    """What a plugin author runs: pytest on the pack's tests, with the pack's configuration,
    from a directory where only the installed copy of the pack can be imported."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "ARCHLINT_DEBUG")}
    env.update(PYTHONPATH=str(site), PYTHONDONTWRITEBYTECODE="1")
    where = subprocess.run([sys.executable, "-c", "import archlint_example_pack as p; print(p.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(site)), where.stdout + where.stderr
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-c", str(PACK / "pyproject.toml"), "--rootdir", str(PACK), str(PACK / "tests")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert process.returncode == 0, process.stdout + process.stderr
    assert " passed" in process.stdout and "failed" not in process.stdout


# --- local rule directories -----------------------------------------------------------------

# A rule whose import leaves a marker next to it: proof of whether archlint imported it.
LOCAL_RULE = rule_docstring("A component that names no owner.", "Nobody is paged when it breaks.",
                            "The team's runbook.") + '''\
from pathlib import Path

from archlint.rule_api import Finding, Severity

Path(__file__).with_name("imported.marker").write_text("imported")

CODE = "Y001"
NAME = "component-without-owner"
CATEGORY = "ownership"
DEFAULT_SEVERITY = Severity.WARNING


def check(design, graph, options):
    for component in design.components.values():
        if component.written("owner") is None:
            yield Finding(message=f"{component.kind} `{component.id}` names no owner",
                          location=component.location, element=component.id)
'''


@pytest.fixture
def project(tmp_path) -> Path:
    """A repository with a design and a directory of local rules."""
    (tmp_path / "lint_rules").mkdir()
    (tmp_path / "lint_rules" / "my_rule.py").write_text(LOCAL_RULE)
    (tmp_path / "design.arch").write_text("client browser\nservice api [replicas=2, zones=2, owner=core]\n"
                                          "database db [managed=true]\nbrowser -> api -> db\n")
    return tmp_path


def test_local_rules_named_by_rule_paths_run(project):
    (project / "archlint.toml").write_text('rule-paths = ["lint_rules"]\n')
    process = run_cli("design.arch", "--output-format", "json", cwd=project)
    assert process.returncode == 0, process.stderr
    assert "component-without-owner@db" in _findings(process)  # enabled: the configuration named it
    assert "component-without-owner@api" not in _findings(process)
    assert (project / "lint_rules" / "imported.marker").exists()
    rules = run_cli("rules", "--format", "json", cwd=project)
    row = next(r for r in json.loads(rules.stdout) if r["code"] == "Y001")
    assert row["enabled"] is True and row["name"] == "component-without-owner"


def test_rule_paths_resolve_from_the_configuration_not_the_working_directory(project):
    (project / "archlint.toml").write_text('rule-paths = ["lint_rules"]\n')
    process = run_cli(project / "design.arch", "--output-format", "json", cwd=project.parent)
    assert process.returncode == 0, process.stderr
    assert "component-without-owner@db" in _findings(process)


@pytest.mark.parametrize("config", [None, 'ignore = ["zone-single-point-of-failure"]\n'])
def test_a_rule_directory_is_never_imported_unless_the_configuration_names_it(project, config):
    if config is not None:
        (project / "archlint.toml").write_text(config)
    lint = run_cli("design.arch", "--output-format", "json", cwd=project)
    assert lint.returncode == 0, lint.stderr
    assert not any(f.startswith("component-without-owner@") for f in _findings(lint))
    assert run_cli("rules", cwd=project).returncode == 0
    assert run_cli("explain", "component-without-owner", cwd=project).returncode == 2
    named = run_cli("design.arch", "--extend-select", "component-without-owner", cwd=project)
    assert named.returncode == 2 and "unknown rule `component-without-owner`" in named.stderr
    assert run_cli(".", cwd=project).returncode in (0, 1)  # linting the whole repository
    assert not (project / "lint_rules" / "imported.marker").exists()


def test_isolated_runs_import_no_rule_directory(project):
    (project / "archlint.toml").write_text('rule-paths = ["lint_rules"]\n')
    process = run_cli("design.arch", "--isolated", "--output-format", "json", cwd=project)
    assert process.returncode == 0, process.stderr
    assert not any(f.startswith("component-without-owner@") for f in _findings(process))
    assert not (project / "lint_rules" / "imported.marker").exists()


def test_a_rule_module_with_a_bad_shape_is_an_error_naming_it(project):
    (project / "lint_rules" / "my_rule.py").unlink()
    (project / "lint_rules" / "bad_rule.py").write_text(textwrap.dedent('''\
        """A rule with a name that is not kebab-case."""
        from archlint.rule_api import Severity

        CODE = "Y003"
        NAME = "Bad Name"
        CATEGORY = "style"
        DEFAULT_SEVERITY = Severity.WARNING


        def check(design, graph, options):
            return iter(())
    '''))
    (project / "archlint.toml").write_text('rule-paths = ["lint_rules"]\n')
    process = run_cli("design.arch", cwd=project)
    assert process.returncode == 2
    assert "bad_rule" in process.stderr and "NAME must be kebab-case" in process.stderr
    assert process.stdout == ""
    assert_no_traceback(process)


def test_a_rule_directory_that_does_not_exist_is_an_error(project):
    (project / "archlint.toml").write_text('rule-paths = ["no_such_dir"]\n')
    process = run_cli("design.arch", cwd=project)
    assert process.returncode == 2
    assert "no_such_dir" in process.stderr
    assert_no_traceback(process)


def test_a_rule_that_raises_is_an_error_and_the_other_rules_still_report(project):
    (project / "lint_rules" / "crashes.py").write_text(textwrap.dedent('''\
        """A rule with a bug."""
        from archlint.rule_api import Severity

        CODE = "Y002"
        NAME = "always-crashes"
        CATEGORY = "bugs"
        DEFAULT_SEVERITY = Severity.WARNING


        def check(design, graph, options):
            yield from ()
            raise KeyError("no such thing")
    '''))
    (project / "design.arch").write_text("client browser\nservice api [owner=core]\nbrowser -> api\n")
    (project / "archlint.toml").write_text('rule-paths = ["lint_rules"]\n')
    process = run_cli("design.arch", "--output-format", "concise", cwd=project)
    assert process.returncode == 2
    assert "always-crashes" in process.stderr and "KeyError" in process.stderr
    assert "R001 [single-point-of-failure]" in process.stdout  # the built-in rules' findings
    assert "Y001 [component-without-owner]" in process.stdout  # and the other local rule's
    assert_no_traceback(process)


def test_a_cached_run_that_used_an_installed_pack_sees_the_pack_change(site, design, tmp_path):
    """A hit loads no rule; when the entry's run loaded installed packs, they are checked
    again, so an edited (or upgraded) pack is judged again, not answered from the cache."""
    mine = tmp_path / "site"
    shutil.copytree(site, mine)
    (design.parent / "pyproject.toml").write_text('[tool.archlint]\nextend-select = ["X001"]\n', encoding="utf-8")

    def messages():
        process = run_cli(design, "--output-format", "json", cwd=design.parent,
                          env={"PYTHONPATH": str(mine), "XDG_CACHE_HOME": str(tmp_path / "user-cache")})
        assert process.returncode == 0, process.stderr
        return [f["message"] for f in json.loads(process.stdout)["findings"] if f["code"] == "X001"]

    first = messages()
    assert first and messages() == first and (design.parent / ".archlint_cache").is_dir()
    rule = mine / "archlint_example_pack" / "sync_call_timeout.py"
    rule.write_text(rule.read_text(encoding="utf-8").replace("message=(f\"call from", "message=(f\"(edited) call from"),
                    encoding="utf-8")
    assert [m.startswith("(edited) ") for m in messages()] == [True] * len(first)
