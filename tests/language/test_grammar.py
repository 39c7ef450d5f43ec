"""The grammar, from data: every statement form parses, every class of syntax error is
reported in words at the right place."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archlint.linter import lint_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = tomllib.loads((Path(__file__).parent / "grammar_cases.toml").read_text(encoding="utf-8"))


def _lint(src):
    return lint_text(src, "design.arch", isolated=True, select=["L"])


@pytest.mark.parametrize("case", CASES["valid"], ids=lambda c: c["name"])
def test_valid(case):
    result = _lint(case["src"])
    assert [(str(f.location), f.code, f.message) for f in result.findings] == []


@pytest.mark.parametrize("case", CASES["invalid"], ids=lambda c: c["name"])
def test_invalid(case):
    result = _lint(case["src"])
    assert len(result.findings) == 1, [(str(f.location), f.message) for f in result.findings]
    finding = result.findings[0]
    assert finding.code == case.get("code", "L001")
    assert f"{finding.location.line}:{finding.location.column}" == case["at"]
    for fragment in case["says"]:
        assert fragment in finding.message
    for jargon in ("RSQB", "LSQB", "IDENT", "$END", "Expected one of", "Token("):
        assert jargon not in finding.message


def test_messages_never_name_lark_terminals():
    for case in CASES["invalid"]:
        for finding in _lint(case["src"]).findings:
            assert finding.message == finding.message.strip()
            assert "__ANON" not in finding.message and "_COMMA" not in finding.message


@pytest.mark.parametrize("case", CASES["several"], ids=lambda c: c["name"])
def test_several_errors(case):
    result = _lint(case["src"])
    assert [f"{f.location.line}:{f.location.column}" for f in result.findings] == case["at"]
    assert {f.code for f in result.findings} == {"L001"}


def test_syntax_errors_are_capped_per_file():
    result = _lint("service a [x=1 y=2]\n" * 100)
    assert len(result.findings) == 20 and {f.code for f in result.findings} == {"L001"}


def test_hints_for_common_slips():
    value = _lint("service api [owner=team-x]\n").findings[0]
    assert value.help == 'a value with `-` is a string: write "team-x"'
    zone = _lint("service api [zone=2]\n").findings[0]
    assert "did you mean the attribute `zones`?" in zone.help
    unclosed = _lint("service api [replicas=2").findings[0]
    assert "`}`" not in unclosed.message


def test_bracket_context_survives_an_earlier_error():
    findings = _lint("service a-b\ncache c [engine=redis, replicas=2\ndatabase d\n").findings
    assert "to close `[` opened at 2:9" in findings[-1].message
