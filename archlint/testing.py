"""Testing rules with nothing but the public API.

    from archlint.testing import check_rule, summarize

    def test_fires():
        findings = check_rule(my_rule, '''
            service api [replicas=1]
        ''')
        assert summarize(findings) == ["my-rule@api"]
"""

from __future__ import annotations

import textwrap
from types import ModuleType

from .config import Settings
from .diagnostics import Finding
from .linter import FATAL_CODES, lint_text
from .rule_api import RuleSpec, rule_from_module


def check_rule(rule: ModuleType | RuleSpec, source: str, *, options: dict | None = None,
               path: str = "design.arch") -> list[Finding]:
    """The unsuppressed findings of one rule on a design given as text.

    The design must be valid: a syntax or language error raises AssertionError naming it, so a
    broken test design is never mistaken for a rule that stays silent.
    """
    spec = rule if isinstance(rule, RuleSpec) else rule_from_module(rule)
    settings = Settings(select=(spec.code,), rules={spec.name: options or {}})
    result = lint_text(textwrap.dedent(source), path, settings=settings, extra_rules=(spec,))
    broken = [f for f in result.findings if f.code in FATAL_CODES]
    if broken:
        problems = [f"{f.location}: {f.code} {f.message}" for f in broken]
        raise AssertionError("the test design is not valid:\n" + "\n".join(problems))
    if result.errors:
        raise AssertionError("the rule failed:\n" + "\n".join(result.errors))
    return [f for f in result.active if f.code == spec.code]


def summarize(findings: list[Finding], by: str = "element") -> list[str]:
    """`rule@element` (or `rule@line:col` with by="location") for each finding, in order."""
    if by == "location":
        return [f"{f.rule}@{f.location.line}:{f.location.column}" for f in findings]
    return [f"{f.rule}@{f.element if f.element is not None else '(design)'}" for f in findings]
