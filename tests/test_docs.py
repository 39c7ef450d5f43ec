"""Every example in the README and the docs is run: designs load, configurations are accepted,
commands exit as documented, the README's sample output is today's, docs/rules.md is current."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from archlint import markdown
from archlint.codes import all_builtin
from archlint.commands import COMMANDS
from archlint.config import KNOWN_KEYS, ConfigError, read_config
from archlint.linter import lint_text
from archlint.registry import builtin_rules
from archlint.rule_api import rule_from_module
from archlint.selection import make_catalog, select
from conftest import ROOT, assert_no_traceback, run_cli

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
DESIGN_DOCS = [*DOCS, ROOT / "examples" / "README.md"]
EXAMPLE_PACK = ROOT / "tests" / "plugins" / "archlint_example_pack"


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def fenced(path: Path, *languages: str) -> list[tuple[int, str]]:
    """(line of the opening fence, text) of each fenced block whose info string starts with one
    of `languages`, found as archlint finds ```arch blocks (CommonMark fences, nesting respected)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    lines = text.split("\n")
    return [
        (block.fence_line, "\n".join(lines[block.start - 1:block.end]) + "\n")
        for block in markdown.blocks(text)
        if block.info.split()[:1] and block.info.split()[0] in languages
    ]


# --- docs/rules.md ----------------------------------------------------------------------------

def test_rules_doc_is_up_to_date():
    process = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_doc.py"), "--check"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr + "\nrun: python tools/gen_rules_doc.py"


def test_rules_doc_has_an_anchor_for_every_link_the_sarif_report_gives():
    """The SARIF report links each rule to docs/rules.md#<name>: each name needs a heading (GitHub
    makes `## name` the anchor `#name`) or an explicit anchor."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## ([a-z0-9-]+)$", text, re.MULTILINE))
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', text))
    for rule in builtin_rules():
        assert rule.name in headings, rule.name
        section = text.split(f"\n## {rule.name}\n", 1)[1].split("\n## ", 1)[0]
        assert f"`{rule.code}`" in section and rule.default_severity.value in section
        for field in (rule.options_model.model_fields.values() if rule.options else ()):
            assert f"| `{field.alias}` |" in section, (rule.name, field.alias)
    for diagnostic in all_builtin():
        assert diagnostic.name in anchors, diagnostic.name
        assert f"`{diagnostic.code}`" in text


def test_rules_doc_generation_is_deterministic(tmp_path):
    outputs = []
    for seed in ("0", "1"):
        out = tmp_path / f"rules-{seed}.md"
        subprocess.run([sys.executable, str(ROOT / "tools" / "gen_rules_doc.py"), "--output", str(out)],
                       cwd=tmp_path, check=True, timeout=120, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


# --- ```arch blocks ---------------------------------------------------------------------------

@pytest.mark.parametrize("doc", DESIGN_DOCS, ids=_name)
def test_every_arch_block_is_valid_archlint(doc):
    """Each block is linted as a design of its own, in the document's directory (so includes
    resolve as they do for the document) and with its lines at the document's line numbers.
    Rule findings are expected (the docs show anti-patterns); a language diagnostic is not."""
    text = doc.read_text(encoding="utf-8").replace("\r\n", "\n")
    problems = []
    for block in markdown.arch_blocks(text):
        path = doc.parent / f"{doc.stem}.arch"
        result = lint_text(markdown.design_text(text, block), str(path), isolated=True)
        for finding in result.findings:
            if finding.code.startswith("L"):
                problems.append(f"{_name(doc)}:{finding.location.line}:{finding.location.column} (block at line "
                                f"{block.fence_line}): {finding.code} {finding.rule}: {finding.message}")
        problems += [f"{_name(doc)} (block at line {block.fence_line}): {error}" for error in result.errors]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("doc", DESIGN_DOCS, ids=_name)
def test_blocks_the_prose_calls_clean_are_clean(doc):
    """A block fenced ```` ```arch clean ```` is one the prose says passes (a suppression example,
    a fixed design): linted alone, it has no active finding at all."""
    text = doc.read_text(encoding="utf-8").replace("\r\n", "\n")
    problems = []
    for block in markdown.arch_blocks(text):
        if block.name != "clean":
            continue
        result = lint_text(markdown.design_text(text, block), str(doc.parent / f"{doc.stem}.arch"), isolated=True)
        problems += [f"{_name(doc)}:{f.location.line}: {f.code} {f.rule}: {f.message}" for f in result.active]
    assert not problems, "a block marked `clean` has findings:\n" + "\n".join(problems)


def test_the_suppression_example_is_marked_clean():
    text = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    clean = [b for b in markdown.arch_blocks(text) if b.name == "clean"]
    assert any("archlint: ignore[" in "\n".join(b.lines) for b in clean)


# --- ```toml blocks ---------------------------------------------------------------------------

def _config_blocks() -> list:
    """The toml blocks that are archlint configuration: a pyproject.toml with `[tool.archlint`,
    or an archlint.toml (so named in a comment, or whose keys are all archlint's)."""
    params = []
    for doc in DOCS:
        for line, block in fenced(doc, "toml"):
            first = block.lstrip().split("\n", 1)[0]
            if "[tool.archlint" in block:
                file = "pyproject.toml"
            elif first.startswith("#") and "archlint.toml" in first:
                file = ".archlint.toml" if ".archlint.toml" in first else "archlint.toml"
            else:
                try:
                    keys = set(tomllib.loads(block))
                except tomllib.TOMLDecodeError:
                    keys = set()
                if not keys or not keys <= set(KNOWN_KEYS):
                    continue  # some other TOML: a pack's pyproject.toml, say
                file = "archlint.toml"
            params.append(pytest.param(doc, line, block, file, id=f"{_name(doc)}:{line}"))
    return params


@pytest.fixture(scope="module")
def example_rules():
    """The example pack's rules, which docs/plugins.md configures (as if installed)."""
    sys.path.insert(0, str(EXAMPLE_PACK))
    try:
        pack = importlib.import_module("archlint_example_pack")
        return tuple(rule_from_module(importlib.import_module(f"{pack.__name__}.{name}"))
                     for name in pack.RULE_MODULES)
    finally:
        sys.path.remove(str(EXAMPLE_PACK))
        for name in [m for m in sys.modules if m.split(".")[0] == "archlint_example_pack"]:
            del sys.modules[name]


@pytest.mark.parametrize("doc, line, block, file", _config_blocks())
def test_every_configuration_block_is_accepted(doc, line, block, file, tmp_path, example_rules):
    path = tmp_path / file
    path.write_text(block, encoding="utf-8")
    where = f"{_name(doc)}:{line}"
    try:
        settings = read_config(str(path))
        select(make_catalog(extra=example_rules), settings)  # every selector and rule option resolves
    except ConfigError as error:
        pytest.fail(f"{where}: the configuration is refused: {error}\n\n{block}")


def test_the_configuration_blocks_are_found():
    found = {(p.values[0].name, p.values[3]) for p in _config_blocks()}
    assert ("README.md", "pyproject.toml") in found
    assert ("plugins.md", "archlint.toml") in found


# --- README commands --------------------------------------------------------------------------

def _parser(command: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"archlint {command}", exit_on_error=False)
    importlib.import_module(f"archlint.commands.{command}").add_arguments(parser)
    return parser


def _readme_commands() -> list:
    params = []
    for line, block in fenced(README, "console", "sh", "shell", "bash"):
        for offset, text in enumerate(block.split("\n"), start=1):
            command = text.strip()
            if command.startswith("$ "):
                command = command[2:]
            if command.startswith("archlint "):
                params.append(pytest.param(command, id=f"README.md:{line + offset}: {command.split('#')[0].strip()}"))
    return params


INPUTS = ("paths", "file", "config", "baseline")  # arguments that name files the command reads
OUTPUTS = ("output", "write_baseline")  # and files it writes


@pytest.mark.parametrize("line", _readme_commands())
def test_readme_command_runs(line, tmp_path):
    argv = shlex.split(line, comments=True)[1:]
    command = argv[0] if argv and argv[0] in COMMANDS else "check"
    rest = argv[1:] if argv and argv[0] in COMMANDS else argv
    if command == "render" and importlib.util.find_spec("archlint.commands.render") is None:
        pytest.skip("no render command")
    args = _parser(command).parse_args(rest)
    named = []
    for key in INPUTS:
        value = getattr(args, key, None)
        named += value if isinstance(value, list) else [value] if value else []
    missing = [name for name in named if not (ROOT / name).exists()]
    if missing:
        pytest.skip(f"names files that are not in the repository: {', '.join(missing)}")
    for key in OUTPUTS:  # written into tmp_path, never into the checkout
        value = getattr(args, key, None)
        if value:
            argv = [token.replace(value, str(tmp_path / Path(value).name)) if token.endswith(value) else token
                    for token in argv]
    process = run_cli(*argv, cwd=ROOT)
    assert process.returncode in (0, 1), f"{line}\nexit {process.returncode}\n{process.stderr}"
    assert_no_traceback(process)


def test_the_readme_commands_are_found():
    commands = [p.values[0] for p in _readme_commands()]
    assert "archlint examples/url_shortener/naive.arch" in commands
    assert "archlint rules" in commands


# --- README sample output ---------------------------------------------------------------------

def _blocks(lines: list[str]) -> list[list[str]]:
    """Lines split at blank lines: one finding (or the summary line) each."""
    blocks, current = [], []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def test_readme_sample_output_is_what_archlint_prints():
    """The sample at the top of the README is an excerpt of today's output: each finding it shows
    is shown whole and exactly, in the order archlint prints them, and the summary line is
    today's. `...` marks where findings are left out."""
    line, block = fenced(README, "console")[0]
    command, *shown = block.rstrip("\n").split("\n")
    assert command == "$ archlint examples/url_shortener/naive.arch", f"README.md:{line + 1}: {command}"
    process = run_cli(*shlex.split(command)[2:], cwd=ROOT, env={"NO_COLOR": "1", "COLUMNS": "200"})
    assert process.returncode == 1, process.stderr
    printed = _blocks(process.stdout.rstrip("\n").split("\n"))
    sample = _blocks(["" if text.strip() == "..." else text for text in shown])
    position = 0
    for finding in sample:
        assert finding in printed[position:], (
            "README.md: this part of the sample output is not what archlint prints (in this order):\n"
            + "\n".join(finding) + "\n\narchlint prints:\n" + process.stdout)
        position = printed.index(finding, position) + 1
    assert sample[-1] == printed[-1], f"summary: README has {sample[-1]}, archlint prints {printed[-1]}"


def test_readme_analyze_sample_is_what_archlint_prints():
    """The README's `archlint analyze` sample is today's output, line for line and in order
    (trailing blanks aside; `...` would stand for lines left out)."""
    samples = [(line, block) for line, block in fenced(README, "console") if block.startswith("$ archlint analyze ")
               and block.count("\n$ ") == 0 and len(block.strip().split("\n")) > 1]  # a command and its output
    assert samples, "README.md shows no `archlint analyze` output"
    for line, block in samples:
        command, *shown = block.rstrip("\n").split("\n")
        process = run_cli(*shlex.split(command)[2:], cwd=ROOT, env={"NO_COLOR": "1"})
        assert process.returncode == 0, process.stderr
        printed = [text.rstrip() for text in process.stdout.rstrip("\n").split("\n")]
        position = 0
        for text in (text.rstrip() for text in shown):
            if text == "...":
                continue
            assert text in printed[position:], (
                f"README.md:{line}: `{text}` is not what archlint prints (in this order):\n{process.stdout}")
            position = printed.index(text, position) + 1
