"""Configuration and suppression, end to end: where the settings come from, what wins, what the
exclusions skip, and what every scope of pragma covers. The many fine-grained cases use the
library (`archlint.linter.lint`); exit codes and messages come from the real CLI."""

from __future__ import annotations

import json
import os
import textwrap

import pytest
import hypothesis
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT, assert_no_traceback, run_cli

from archlint import config
from archlint.linter import ConfigError, Linter, lint, lint_text

# A design with one error (R001 at `orders`) and one warning (O001 about the whole design).
BASE = """\
client browser
service api [replicas=2, zones=2]
database orders
browser -> api -> orders
"""
# Only a warning: O001.
WARNING_ONLY = BASE.replace("database orders", "database orders [replicas=2, zones=2]")


@pytest.fixture(autouse=True)
def _run_from_the_project(tmp_path, monkeypatch):
    """The library calls below lint a project in `tmp_path` as a user in it would: from there.
    (Outside git, the configuration search stops at the working directory.)"""
    monkeypatch.chdir(tmp_path)


def found(result) -> list[str]:
    """`CODE@element` of the unsuppressed findings, sorted (`@-` for no element)."""
    return sorted(f"{f.code}@{f.element or '-'}" for f in result.active)


def tree(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


# --- discovery ----------------------------------------------------------------------------------
def test_in_one_directory_archlint_toml_files_win_over_pyproject(tmp_path):
    tree(tmp_path, {
        "d.arch": BASE,
        ".archlint.toml": 'select = ["R001"]\n',
        "archlint.toml": 'select = ["O001"]\n',
        "pyproject.toml": '[project]\nname = "x"\n\n[tool.archlint]\nselect = ["R", "O"]\n',
    })
    design = str(tmp_path / "d.arch")
    assert found(lint(design)) == ["R001@orders"]
    (tmp_path / ".archlint.toml").unlink()
    assert found(lint(design)) == ["O001@-"]
    (tmp_path / "archlint.toml").unlink()
    assert found(lint(design)) == ["O001@-", "R001@orders"]


def test_a_nearer_directory_wins_and_a_pyproject_without_a_table_is_passed_over(tmp_path):
    tree(tmp_path, {
        "archlint.toml": 'select = ["R001"]\n',
        "team/archlint.toml": 'select = ["O001"]\n',
        "team/deep/er/d.arch": BASE,
        "team/other/pyproject.toml": '[project]\nname = "x"\n',
        "team/other/d.arch": BASE,
        "d.arch": BASE,
    })
    assert found(lint(str(tmp_path / "team/deep/er/d.arch"))) == ["O001@-"]
    assert found(lint(str(tmp_path / "team/other/d.arch"))) == ["O001@-"]
    assert found(lint(str(tmp_path / "d.arch"))) == ["R001@orders"]
    linter = Linter()
    assert linter.settings_for(str(tmp_path / "team/other/d.arch")).source == str(tmp_path / "team/archlint.toml")


def test_config_file_and_isolated(tmp_path):
    tree(tmp_path, {"archlint.toml": 'select = ["O001"]\n', "other.toml": 'select = ["R001"]\n', "d.arch": BASE})
    assert found(lint(str(tmp_path / "d.arch"), config=str(tmp_path / "other.toml"))) == ["R001@orders"]
    assert found(lint(str(tmp_path / "d.arch"), isolated=True)) == ["O001@-", "R001@orders"]
    both = run_cli("d.arch", "--config", "other.toml", "--isolated", cwd=tmp_path)
    assert both.returncode == 2 and "--config and --isolated cannot be used together" in both.stderr
    missing = run_cli("d.arch", "--config", "nope.toml", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.toml: cannot read" in missing.stderr
    assert_no_traceback(missing)


# --- precedence ---------------------------------------------------------------------------------
def test_command_line_select_replaces_the_configured_one(tmp_path):
    tree(tmp_path, {"archlint.toml": 'select = ["R001"]\n', "d.arch": BASE})
    assert found(lint(str(tmp_path / "d.arch"), select=["missing-observability"])) == ["O001@-"]


def test_extend_select_adds_and_ignore_removes(tmp_path):
    tree(tmp_path, {"archlint.toml": 'select = ["R001"]\nextend-select = ["O"]\n', "d.arch": BASE})
    design = str(tmp_path / "d.arch")
    assert found(lint(design)) == ["O001@-", "R001@orders"]
    assert found(lint(design, ignore=["R"])) == ["O001@-"]
    (tmp_path / "archlint.toml").write_text('select = ["L"]\nignore = ["O001"]\n')
    assert found(lint(design, extend_select=["R001", "O001"])) == ["R001@orders"]  # config `ignore` still applies


def test_a_category_selects_every_rule_in_it(tmp_path):
    tree(tmp_path, {"archlint.toml": 'select = ["reliability"]\n', "d.arch": BASE})
    design = str(tmp_path / "d.arch")
    assert found(lint(design)) == ["R001@orders"]
    assert found(lint(design, select=["observability"])) == ["O001@-"]
    assert found(lint(design, select=["ALL"], ignore=["reliability", "observability"])) == []


def test_an_unknown_category_suggests_the_near_one(tmp_path):
    process = run_cli("d.arch", "--isolated", "--select", "reliabilty", cwd=tree(tmp_path, {"d.arch": BASE}))
    assert process.returncode == 2 and "did you mean `reliability`?" in process.stderr


def test_per_file_ignores_with_globs(tmp_path):
    tree(tmp_path, {
        "archlint.toml": """\
            [per-file-ignores]
            "legacy/*.arch" = ["single-point-of-failure"]
            "*_draft.arch" = ["O"]
            """,
        "legacy/old.arch": BASE,
        "new.arch": BASE,
        "sub/idea_draft.arch": BASE,
    })
    result = lint(str(tmp_path))
    by_file = sorted((f.location.file.replace(str(tmp_path) + "/", ""), f.code) for f in result.active)
    assert by_file == [("legacy/old.arch", "O001"), ("new.arch", "O001"), ("new.arch", "R001"),
                       ("sub/idea_draft.arch", "R001")]


def test_severity_overrides_change_the_exit_code(tmp_path):
    tree(tmp_path, {"archlint.toml": '[severity]\nsingle-point-of-failure = "warning"\nO = "info"\n', "d.arch": BASE})
    result = lint(str(tmp_path / "d.arch"))
    assert sorted((f.code, f.severity.value) for f in result.active) == [("O001", "info"), ("R001", "warning")]
    assert run_cli("d.arch", cwd=tmp_path).returncode == 0
    assert run_cli("d.arch", "--strict", cwd=tmp_path).returncode == 1


def test_fail_on_from_the_configuration(tmp_path):
    tree(tmp_path, {"team/archlint.toml": 'fail-on = "warning"\n', "team/d.arch": WARNING_ONLY})
    assert run_cli("team/d.arch", cwd=tmp_path).returncode == 1
    assert run_cli("team", cwd=tmp_path).returncode == 1  # a directory's own configuration
    assert run_cli(cwd=tmp_path / "team").returncode == 1  # the working directory's
    assert run_cli("d.arch", "--fail-on", "error", cwd=tmp_path / "team").returncode == 0  # the command line wins


READ_HEAVY = """\
client browser
service api [replicas=2, zones=2]
database urls [managed=true]
observability metrics [managed=true]
browser -> api -> urls [reads=500/s, writes=100/s]
api ~> metrics
"""


def test_rule_options(tmp_path):
    tree(tmp_path, {"d.arch": READ_HEAVY, "strict.toml": "[rules.uncached-read-path]\nread-write-ratio = 4\n"})
    design = str(tmp_path / "d.arch")
    assert found(lint(design, isolated=True)) == []  # 5:1 is below the default 10:1
    assert found(lint(design, config=str(tmp_path / "strict.toml"))) == ["P001@api->urls"]


def _imported(process) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in process.stderr.splitlines() if line.startswith("import time:")}


def test_rule_options_are_validated_only_when_a_configuration_sets_them(tmp_path):
    """The built-in rules declare their options without pydantic: a lint that sets none imports
    no validation library; one that sets some has them validated by it, mistakes and all."""
    tree(tmp_path, {"d.arch": READ_HEAVY, "strict.toml": "[rules.uncached-read-path]\nread-write-ratio = 4\n",
                    "wrong.toml": '[rules.missing-observability]\nkinds = ["app", "servce"]\n'})
    env = {"PYTHONPROFILEIMPORTTIME": "1"}
    plain = run_cli("--isolated", "--no-cache", "--output-format", "json", "d.arch", cwd=tmp_path, env=env)
    assert plain.returncode == 0 and not {m for m in _imported(plain) if m.startswith("pydantic")}
    strict = run_cli("--config", "strict.toml", "--no-cache", "--output-format", "json", "d.arch", cwd=tmp_path, env=env)
    assert strict.returncode == 0 and "pydantic" in _imported(strict)
    assert [f["code"] for f in json.loads(strict.stdout)["findings"]] == ["P001"]
    wrong = run_cli("--config", "wrong.toml", "--no-cache", "d.arch", cwd=tmp_path)
    assert wrong.returncode == 2 and "`rules.missing-observability.kinds`" in wrong.stderr
    assert "unknown kind `servce`" in wrong.stderr
    assert_no_traceback(wrong)


def test_a_configuration_of_plain_values_is_read_without_the_validation_library(tmp_path):
    tree(tmp_path, {"d.arch": READ_HEAVY, "pyproject.toml": textwrap.dedent("""\
        [tool.archlint]
        extend-select = ["P001"]
        severity = { P001 = "error" }
        per-file-ignores = { "other/*.arch" = ["R001"] }
        fail-on = "error"
        markdown = false
        """)})
    (tmp_path / ".git").mkdir(exist_ok=True)
    process = run_cli("--no-cache", "--output-format", "json", "d.arch", cwd=tmp_path, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert process.returncode == 0, process.stderr
    assert not {m for m in _imported(process) if m.startswith("pydantic")}
    (tmp_path / "pyproject.toml").write_text('[tool.archlint]\nfail-on = "eror"\n', encoding="utf-8")
    wrong = run_cli("--no-cache", "d.arch", cwd=tmp_path)
    assert wrong.returncode == 2 and "expected `error`, `warning` or `info`, found `eror`; did you mean `error`?" in wrong.stderr


_TOML_SCALARS = st.one_of(st.text(max_size=5), st.sampled_from(["error", "warning", "info", "R001", "*.arch"]),
                         st.booleans(), st.integers(-3, 3), st.floats(allow_nan=False, width=32))
_TOML_VALUES = st.recursive(_TOML_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=8)
_NAMES = st.lists(st.text(max_size=4), max_size=3)
_SEVERITY = st.sampled_from(["error", "warning", "info"])
_SHAPED = {"select": _NAMES, "extend-select": _NAMES, "ignore": _NAMES, "exclude": _NAMES, "extend-exclude": _NAMES,
           "include-paths": _NAMES, "rule-paths": _NAMES, "per-file-ignores": st.dictionaries(st.text(max_size=4), _NAMES),
           "severity": st.dictionaries(st.text(max_size=4), _SEVERITY),
           "rules": st.dictionaries(st.text(max_size=4), st.dictionaries(st.text(max_size=4), _TOML_VALUES)),
           "respect-gitignore": st.booleans(), "markdown": st.booleans(), "fail-on": _SEVERITY}


@st.composite
def _tables(draw):
    """Configurations whose values mostly have their settings' shapes, some anything at all."""
    keys = draw(st.lists(st.sampled_from(config.KNOWN_KEYS), unique=True, max_size=6))
    return {key: draw(st.one_of(_SHAPED[key], _SHAPED[key], _TOML_VALUES)) for key in keys}


@given(_tables())
@hypothesis.settings(max_examples=100, deadline=None)
def test_a_configuration_read_without_pydantic_reads_as_pydantic_reads_it(table):
    """A configuration whose values have exactly their settings' shapes is read without the
    validation library; what it reads is what the library's model reads."""
    from pydantic import ValidationError

    plain = config._plainly_valid(table)
    try:
        validated = config._validator().model_validate(table)
    except ValidationError:
        assert plain is None  # what pydantic refuses is never read plainly
        return
    if plain is not None:
        assert config.Settings(**plain) == config.Settings(**{n: getattr(validated, n) for n in config.SETTING_NAMES})


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('[rules.uncached-read-path]\nread-write-ratio = "x"\n',
         "archlint.toml: `rules.uncached-read-path.read-write-ratio`: "),
        ('[rules.uncached-read-path]\nread-write-ration = 4\n', "did you mean `read-write-ratio`?"),
        ('[rules.single-point-of-failur]\nx = 1\n', "unknown rule `single-point-of-failur`; did you mean `single-point-of-failure`?"),
        ('[rules.stateful-app-server]\nx = 1\n', "rule `stateful-app-server` takes no options"),
        ('select = ["R9"]\n', "archlint.toml: `select`: unknown rule `R9`"),
        ('fail-on = "never"\n', "archlint.toml: `fail-on` in the top level: "),
    ],
    ids=["bad-value", "unknown-option", "unknown-rule", "no-options", "unknown-selector", "bad-fail-on"],
)
def test_configuration_errors_name_the_file_and_the_key(tmp_path, config, expected):
    tree(tmp_path, {"archlint.toml": config, "d.arch": BASE})
    with pytest.raises(ConfigError) as error:
        lint(str(tmp_path / "d.arch"))
    assert expected in str(error.value)


def test_a_configuration_error_exits_2_without_a_traceback(tmp_path):
    tree(tmp_path, {"archlint.toml": '[rules.uncached-read-path]\nread-write-ratio = "x"\n', "d.arch": BASE})
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2 and process.stdout == ""
    assert "archlint.toml" in process.stderr and "read-write-ratio" in process.stderr
    assert_no_traceback(process)


# --- exclusion ------------------------------------------------------------------------------------
def _linted(result, root) -> list[str]:
    return sorted(f.replace(str(root) + "/", "") for f in result.files)


def test_default_exclusions_prune_directories_but_not_named_paths(tmp_path):
    tree(tmp_path, {"archlint.toml": "", "a.arch": "", "build/b.arch": "", ".venv/c.arch": "", "x/build/d.arch": ""})
    assert _linted(lint(str(tmp_path)), tmp_path) == ["a.arch"]
    # A directory or file named on the command line is linted, as in ruff...
    assert _linted(lint(str(tmp_path / "build")), tmp_path) == ["build/b.arch"]
    assert _linted(lint(str(tmp_path / "x/build/d.arch")), tmp_path) == ["x/build/d.arch"]
    # ...unless --force-exclude, which a pre-commit hook passes along with every file name.
    assert _linted(lint([str(tmp_path / "x/build/d.arch"), str(tmp_path / "a.arch")], force_exclude=True),
                   tmp_path) == ["a.arch"]
    assert _linted(lint(str(tmp_path / "build"), force_exclude=True), tmp_path) == []


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(tmp_path):
    files = {"a.arch": "", "build/b.arch": "", "old/c.arch": "", "designs/legacy/d.arch": "",
             "designs/e_draft.arch": "", "legacy/f.arch": ""}
    tree(tmp_path, {**files, "archlint.toml": 'exclude = ["old"]\n'})
    assert _linted(lint(str(tmp_path)), tmp_path) == [
        "a.arch", "build/b.arch", "designs/e_draft.arch", "designs/legacy/d.arch", "legacy/f.arch"]
    # A pattern with a `/` is relative to the configuration's directory, whatever the
    # working directory (in a git work tree, a subdirectory's run finds it); one without
    # matches a name anywhere.
    (tmp_path / "archlint.toml").write_text('extend-exclude = ["designs/legacy/", "*_draft.arch"]\n')
    assert _linted(lint(str(tmp_path)), tmp_path) == ["a.arch", "legacy/f.arch", "old/c.arch"]
    (tmp_path / ".git").mkdir()
    process = run_cli(".", "--output-format", "concise", "--select", "L", cwd=tmp_path / "designs")
    assert process.returncode == 0 and "No design files were checked." in process.stdout
    (tmp_path / "archlint.toml").write_text('extend-exclude = ["**/legacy"]\n')
    assert _linted(lint(str(tmp_path)), tmp_path) == ["a.arch", "designs/e_draft.arch", "old/c.arch"]


def test_force_exclude_through_the_cli(tmp_path):
    tree(tmp_path, {"archlint.toml": 'extend-exclude = ["generated"]\n', "generated/x.arch": BASE})
    assert run_cli("generated/x.arch", cwd=tmp_path).returncode == 1
    process = run_cli("generated/x.arch", "--force-exclude", cwd=tmp_path)
    assert process.returncode == 0 and "No design files were checked." in process.stdout


def test_a_nested_configuration_excludes_below_itself(tmp_path):
    tree(tmp_path, {"archlint.toml": "", "a.arch": "", "team/archlint.toml": 'extend-exclude = ["wip"]\n',
                    "team/wip/b.arch": "", "wip/c.arch": ""})
    assert _linted(lint(str(tmp_path)), tmp_path) == ["a.arch", "wip/c.arch"]


# --- pragmas --------------------------------------------------------------------------------------
def _suppressed(result) -> list[str]:
    return sorted(f"{f.code}@{f.element or '-'}" for f in result.findings if f.suppressed)


def test_a_pragma_on_a_component_line():
    result = lint_text(BASE.replace("database orders", "database orders  # archlint: ignore[R001] -- rebuilt nightly"),
                       isolated=True)
    assert found(result) == ["O001@-"] and _suppressed(result) == ["R001@orders"]
    assert [f.suppression_reason for f in result.findings if f.suppressed] == ["rebuilt nightly"]


CHAIN = """\
client browser
service api [replicas=2, zones=2]
search index [managed=true]
object_store blobs [managed=true]
observability metrics [managed=true]
browser -> api
api -> index -> blobs [reads=1k/s]{pragma}
api ~> metrics
"""


def test_a_pragma_on_an_edge_line_covers_every_hop_of_the_chain():
    assert found(lint_text(CHAIN.format(pragma=""), isolated=True)) == ["P001@api->index", "P001@index->blobs"]
    result = lint_text(CHAIN.format(pragma="  # archlint: ignore[uncached-read-path] -- read replicas"), isolated=True)
    assert found(result) == [] and _suppressed(result) == ["P001@api->index", "P001@index->blobs"]


def test_a_pragma_on_a_group_header_covers_its_members():
    design = """\
        client browser
        service api [replicas=2, zones=2]
        region eu "EU" {  # archlint: ignore[single-point-of-failure] -- the EU stack is a pilot
          database orders
          zone a {
            cache sessions
          }
        }
        database audit
        browser -> api -> orders, sessions, audit
        """
    result = lint_text(textwrap.dedent(design), isolated=True, select=["R001"])
    assert found(result) == ["R001@audit"] and _suppressed(result) == ["R001@orders", "R001@sessions"]


def test_a_pragma_inside_a_component_block():
    design = """\
        client browser
        service api [replicas=2, zones=2]
        database orders {
          engine = postgres  # archlint: ignore[single-point-of-failure] -- backups restore in minutes
        }
        browser -> api -> orders
        """
    result = lint_text(textwrap.dedent(design), isolated=True, select=["R001"])
    assert found(result) == [] and _suppressed(result) == ["R001@orders"]


def test_ignore_file():
    design = "# archlint: ignore-file[missing-observability, R001] -- a sketch\n" + BASE
    result = lint_text(design, isolated=True)
    assert found(result) == [] and _suppressed(result) == ["O001@-", "R001@orders"]


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        ("# archlint: ignore[single-point-of-failure]", ["N001"]),
        ("# archlint: ignore[stateful-app-server] -- nothing to excuse", ["N002", "R001"]),
        ("# archlint: ignore[single-point-of-failur] -- typo", ["N003", "R001"]),
        ("# archlint: ignroe[single-point-of-failure] -- typo", ["N003", "R001"]),
    ],
    ids=["no-reason", "unused", "unknown-rule", "malformed"],
)
def test_pragmas_that_are_findings_themselves(pragma, expected):
    design = BASE.replace("database orders", f"database orders  {pragma}")
    result = lint_text(design, isolated=True, ignore=["O001"])
    assert sorted(f.code for f in result.active) == expected
    pragma_findings = [f for f in result.active if f.code.startswith("N")]
    assert [(f.location.line, f.location.column) for f in pragma_findings] == [(3, 18)]
    if expected[0] == "N003" and "failur]" in pragma:
        assert "did you mean `single-point-of-failure`?" in pragma_findings[0].message


def test_a_pragma_that_binds_to_no_statement():
    result = lint_text("# archlint: ignore[R001] -- floating\n" + BASE, isolated=True, ignore=["O001"])
    assert sorted(f.code for f in result.active) == ["N003", "R001"]


# --- the documentation ----------------------------------------------------------------------------
def test_every_documented_configuration_is_accepted(tmp_path):
    from archlint import markdown
    from archlint.config import SETTING_NAMES, read_config

    text = (ROOT / "docs" / "workflows.md").read_text(encoding="utf-8")
    lines = text.split("\n")
    blocks = ["\n".join(lines[b.start - 1 : b.end]) + "\n" for b in markdown.blocks(text) if b.info == "toml"]
    assert len(blocks) >= 3
    settings = []
    for number, block in enumerate(blocks):
        name = block.split("\n", 1)[0].removeprefix("# ")
        assert name in ("pyproject.toml", "archlint.toml"), f"the first line of a toml block names its file: {block}"
        directory = tmp_path / str(number)
        tree(directory, {name: block, "d.arch": BASE})
        lint(str(directory / "d.arch"))  # raises ConfigError on anything archlint does not accept
        read = read_config(str(directory / name))
        settings.append((name, {setting: getattr(read, setting) for setting in SETTING_NAMES}))
    # The full pyproject.toml example and the archlint.toml example after it say the same.
    full = next(index for index, (name, _) in enumerate(settings) if name == "pyproject.toml")
    assert settings[full][1] == settings[full + 1][1] and settings[full + 1][0] == "archlint.toml"


def test_sarif_lists_the_rules_the_selection_enabled(tmp_path):
    import json

    tree(tmp_path, {"archlint.toml": 'select = ["R001", "O"]\n', "d.arch": BASE})
    process = run_cli("d.arch", "--output-format", "sarif", cwd=tmp_path)
    rules = {rule["id"] for rule in json.loads(process.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    fatal = {"L001", "L002", "L003", "L005", "L007", "L008", "L009"}  # always enabled
    assert rules == {"R001", "O001"} | fatal


def test_every_bad_value_is_reported_at_once_in_toml_words(tmp_path):
    (tmp_path / "d.arch").write_text("service a\n")
    (tmp_path / "archlint.toml").write_text(
        'select = "R001"\nfail-on = "warnings"\n[severity]\nuncached-read-path = "eror"\n'
    )
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2
    assert "`select` in the top level: expected a list" in process.stderr
    assert "found `warnings`; did you mean `warning`?" in process.stderr
    assert "found `eror`; did you mean `error`?" in process.stderr
    assert "tuple" not in process.stderr and "Input should" not in process.stderr


def test_a_quoted_number_is_not_a_number(tmp_path):
    (tmp_path / "d.arch").write_text("service a\n")
    (tmp_path / "archlint.toml").write_text('[rules.uncached-read-path]\nread-write-ratio = "5"\n')
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2 and "read-write-ratio`: expected a number" in process.stderr


# --- where the search stops, and what it found ----------------------------------------------------
def test_a_configuration_above_the_repository_never_applies(tmp_path):
    tree(tmp_path, {"pyproject.toml": '[tool.archlint]\nignore = ["R001"]\nrule-paths = ["evil"]\n',
                    "repo/designs/d.arch": BASE})
    (tmp_path / "repo" / ".git").mkdir()
    process = run_cli("designs/d.arch", "--output-format", "concise", cwd=tmp_path / "repo")
    assert process.returncode == 1 and "R001" in process.stdout  # the parent's `ignore` did not apply
    shown = run_cli("--show-settings", "designs/d.arch", cwd=tmp_path / "repo")
    assert shown.returncode == 0
    assert "# configuration file: none found (the defaults)" in shown.stdout
    assert f"# searched from {tmp_path / 'repo' / 'designs'} up to {tmp_path / 'repo'} (the top of the git work tree)" \
        in shown.stdout.splitlines()
    # Inside the repository, the nearest configuration is used and named.
    tree(tmp_path, {"repo/archlint.toml": 'ignore = ["O001"]\nfail-on = "warning"\n'})
    shown = run_cli("--show-settings", "designs/d.arch", cwd=tmp_path / "repo")
    lines = shown.stdout.splitlines()
    assert f"# configuration file: {tmp_path / 'repo' / 'archlint.toml'}" in lines
    assert 'ignore = ["O001"]' in lines and 'fail-on = "warning"' in lines and "respect-gitignore = true" in lines
    assert "#   R001 single-point-of-failure" in lines and "#   O001 missing-observability" not in lines


PLANTED = ('[tool.archlint]\nignore = ["R001"]\nrule-paths = ["evil"]\n',
           'import pathlib\npathlib.Path(__file__).with_name("RAN").write_text("ran")\n')


def _planted(directory):
    """A configuration in `directory` that would hide R001 and run code from its `rule-paths`."""
    tree(directory, {"pyproject.toml": PLANTED[0], "evil/x.py": PLANTED[1]})
    return directory / "evil" / "RAN"


def test_outside_git_the_search_stops_at_the_working_directory(tmp_path):
    ran = _planted(tmp_path)  # a shared parent (/tmp), or the directory a CI job unpacks into
    tree(tmp_path, {"proj/designs/d.arch": BASE})
    process = run_cli("designs/d.arch", "--output-format", "concise", cwd=tmp_path / "proj")
    assert process.returncode == 1 and "R001" in process.stdout, process.stderr
    shown = run_cli("--show-settings", "designs/d.arch", cwd=tmp_path / "proj").stdout.splitlines()
    assert "# configuration file: none found (the defaults)" in shown
    assert (f"# searched from {tmp_path / 'proj' / 'designs'} up to {tmp_path / 'proj'} "
            "(outside a git repository, the working directory)") in shown
    # From a subdirectory, or naming a file outside the working directory, the search climbs no
    # further than the working directory or the file's own directory.
    assert "R001" in run_cli("d.arch", "--output-format", "concise", cwd=tmp_path / "proj/designs").stdout
    assert "R001" in run_cli(tmp_path / "proj/designs/d.arch", "--output-format", "concise").stdout
    assert not ran.exists()
    # Run from the directory that holds it, the configuration is the user's choice and applies.
    process = run_cli("proj/designs/d.arch", "--output-format", "concise", cwd=tmp_path)
    assert ran.exists() and "evil/x.py` is not a valid rule" in process.stderr, process.stderr


def test_outside_git_a_parent_project_does_not_widen_where_includes_may_reach(tmp_path):
    tree(tmp_path, {"pyproject.toml": '[project]\nname = "x"\n', "secret.arch": "service hidden\n",
                    "proj/d.arch": 'include "../secret.arch"\nservice a\n'})
    process = run_cli("d.arch", "--output-format", "concise", cwd=tmp_path / "proj")
    assert "is outside the project" in process.stdout and "hidden" not in process.stdout, process.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="planting a `.git` owned by another user needs root (chown)")
def test_a_git_directory_another_user_planted_does_not_stretch_the_search(tmp_path):
    ran = _planted(tmp_path)
    (tmp_path / ".git").mkdir()
    os.chown(tmp_path / ".git", 65534, 65534)  # nobody's, as in a world-writable /tmp
    tree(tmp_path, {"proj/d.arch": BASE})
    process = run_cli("d.arch", "--output-format", "concise", cwd=tmp_path / "proj")
    assert process.returncode == 1 and "R001" in process.stdout and not ran.exists(), process.stderr
    shown = run_cli("--show-settings", "d.arch", cwd=tmp_path / "proj").stdout
    assert "(outside a git repository, the working directory)" in shown


def test_every_mistake_of_a_configuration_in_one_run(tmp_path):
    tree(tmp_path, {"archlint.toml": 'selct = ["R"]\nfail-on = "fatal"\nexclude = "build"\n'
                                     '[severity]\nR001 = "critical"\n', "d.arch": BASE})
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2 and process.stdout == ""
    for part in ("unknown key `selct`", "`fail-on`", "`exclude`", "`severity.R001`"):
        assert part in process.stderr, process.stderr
    assert_no_traceback(process)


MISTAKES = ('fail-on = "fatal"\nexclude = "build"\nselect = ["R00X"]\n'
            '[{prefix}severity]\nR001 = "critical"\nR9 = "error"\n'
            '[{prefix}rules.uncached-read-path]\nread-write-ratio = "x"\n')


@pytest.mark.parametrize("name, text", [("archlint.toml", MISTAKES.format(prefix="")),
                                        ("pyproject.toml", "[tool.archlint]\n" + MISTAKES.format(prefix="tool.archlint."))])
def test_wrong_values_and_unknown_selectors_together_in_one_run(tmp_path, name, text):
    """Top-level values that are wrong do not hide the selectors, rule options and rule
    directories after them: both kinds in one run, one line each."""
    tree(tmp_path, {name: text, "d.arch": BASE})
    for args in (["d.arch"], ["d.arch", "--config", name], ["render", "d.arch", "--output-format", "dot"]):
        process = run_cli(*args, cwd=tmp_path)
        assert process.returncode == 2 and process.stdout == "", process.stderr
        lines = process.stderr.splitlines()
        for part in ("`fail-on`", "`exclude`", "`severity.R001`", "`select`: unknown rule `R00X`",
                     "`severity`: unknown rule `R9`", "read-write-ratio`: expected a number"):
            assert sum(part in line for line in lines) == 1, (part, process.stderr)
        assert all(line.startswith("archlint: error: ") for line in lines), process.stderr
        assert_no_traceback(process)
    # A rule directory that cannot be loaded is named beside the wrong values (the selectors
    # wait for it: they may name its rules).
    (tmp_path / name).write_text(text.replace('select = ["R00X"]', 'rule-paths = ["no_such_dir"]'))
    lines = run_cli("d.arch", cwd=tmp_path).stderr.splitlines()
    assert sum("`fail-on`" in line for line in lines) == 1 and sum("no_such_dir" in line for line in lines) == 1


def test_every_mistake_in_selection_and_rule_options_in_one_run(tmp_path):
    tree(tmp_path, {"archlint.toml": 'select = ["R00X"]\nignore = ["Q9"]\n[rules.uncached-read-path]\n'
                                     'read-write-ratio = "x"\nbogus = 1\n[rules.missing-observability]\nlevel = "loud"\n',
                    "d.arch": BASE})
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2 and process.stdout == ""
    lines = process.stderr.splitlines()
    for part in ("`select`: unknown rule `R00X`", "`ignore`: unknown rule `Q9`", "read-write-ratio`: expected a number",
                 "`rules.uncached-read-path.bogus`: unknown option", "`rules.missing-observability.level`"):
        assert sum(part in line for line in lines) == 1, process.stderr
    assert all(line.startswith("archlint: error: ") for line in lines), process.stderr
    assert_no_traceback(process)


def test_a_boolean_setting_is_true_or_false_not_a_word(tmp_path):
    tree(tmp_path, {"archlint.toml": 'markdown = "yes"\nrespect-gitignore = 1\n', "d.arch": BASE})
    process = run_cli("d.arch", cwd=tmp_path)
    assert process.returncode == 2
    assert "`markdown` in the top level: expected `true` or `false`" in process.stderr, process.stderr
    assert "`respect-gitignore`" in process.stderr


def test_an_unreadable_pyproject_is_an_error_not_no_configuration(tmp_path, permissions_bind):
    tree(tmp_path, {"pyproject.toml": '[tool.archlint]\nignore = ["R001"]\n', "d.arch": BASE})
    (tmp_path / "pyproject.toml").chmod(0)
    try:
        process = run_cli("d.arch", cwd=tmp_path, obey_permissions=True)
    finally:
        (tmp_path / "pyproject.toml").chmod(0o644)
    assert process.returncode == 2 and "pyproject.toml: cannot read" in process.stderr
    assert "All checks passed!" not in process.stdout
