"""Every rule's cases, run from data: tests/rules/cases/<rule_module>.toml.

A case file holds `[[case]]` tables: `name`, `src` (a design), optional `options` (the rule's
options) and `expect`: a list of `rule@element` or `rule@line:col`, in the order the findings
come out (sorted by place). An empty `expect` means the design must be clean for that rule.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from archlint.linter import lint_text
from archlint.registry import builtin_rules
from archlint.testing import check_rule, summarize

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES_DIR = Path(__file__).parent / "cases"
RULES = {rule.module.rsplit(".", 1)[-1]: rule for rule in builtin_rules()}


def _cases():
    for path in sorted(CASES_DIR.glob("*.toml")):
        rule = RULES[path.stem]
        for case in tomllib.loads(path.read_text(encoding="utf-8"))["case"]:
            yield pytest.param(rule, case, id=f"{path.stem}::{case['name']}")


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_case(rule, case):
    findings = check_rule(rule, case["src"], options=case.get("options"))
    by = "location" if any("@" in e and ":" in e.split("@", 1)[1] for e in case["expect"]) else "element"
    assert summarize(findings, by=by) == case["expect"], [f.message for f in findings]


def test_every_builtin_rule_has_cases():
    assert {p.stem for p in CASES_DIR.glob("*.toml")} == set(RULES)


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.name)
def test_docstring_anti_pattern_fires_and_best_practice_is_clean(rule):
    anti, best = rule.doc_example("Anti-pattern"), rule.doc_example("Best practice")
    assert anti and best, "the docstring needs an arch block under Anti-pattern and Best practice"
    assert check_rule(rule, anti), "the Anti-pattern example must fire"
    assert check_rule(rule, best) == [], "the Best practice example must be clean"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.name)
def test_docstring_best_practice_is_clean_under_every_rule(rule):
    # A best practice that another rule faults (no telemetry, a lone database) teaches half a lesson.
    result = lint_text(textwrap.dedent(rule.doc_example("Best practice")), "best.arch", isolated=True)
    assert [f"{f.rule}@{f.element}: {f.message}" for f in result.active] == []


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.name)
def test_docstring_has_the_fixed_sections(rule):
    from archlint.rule_api import DOC_SECTIONS

    for section in DOC_SECTIONS:
        assert rule.doc_section(section), f"missing or empty section `## {section}`"


# Every rule says when it may be wrong, and what to write then.
@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda r: r.name)
def test_docstring_says_when_the_rule_may_be_wrong(rule):
    assert rule.doc_section("False positives"), "say when the rule may be wrong, and what to write then"
