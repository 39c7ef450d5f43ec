"""The pack's tests: nothing but archlint's public testing API (`check_rule`, `summarize`).

Run them with the pack installed: `pip install -e . && pytest`.
"""

from __future__ import annotations

import pytest

from archlint.rule_api import rule_from_module
from archlint.testing import check_rule, summarize
from archlint_example_pack import sync_call_timeout as rule

SPEC = rule_from_module(rule)  # the shape archlint checks when it loads the pack

FRONT = """
    client browser "Browsers"
    lb alb "Load balancer" [managed=true]
    gateway edge "API gateway" [managed=true]
    service api "API" [replicas=3, zones=3]
    service users "User service" [replicas=3, zones=3]
    database db "Users" [managed=true]
    queue jobs "Jobs" [managed=true]
    worker mailer "Mailer" [replicas=2, zones=2]
"""


def test_the_documented_anti_pattern_fires_and_the_best_practice_passes():
    assert summarize(check_rule(rule, SPEC.doc_example("Anti-pattern"))) == ["sync-call-without-timeout@api->users"]
    assert check_rule(rule, SPEC.doc_example("Best practice")) == []


def test_a_call_without_timeout_is_reported_at_the_hop():
    findings = check_rule(rule, """\
        client browser
        service api [replicas=3, zones=3]
        service users [replicas=3, zones=3]
        browser -> api -> users
    """)
    assert summarize(findings) == ["sync-call-without-timeout@api->users"]
    assert summarize(findings, by="location") == ["sync-call-without-timeout@4:12"]  # the hop `api -> users`
    assert "browser -> api -> users" in findings[0].message


@pytest.mark.parametrize("name, design", [
    ("timeout_given_passes", "browser -> alb -> api -> users [timeout=300ms]"),
    ("call_into_a_database_passes", "browser -> alb -> api -> db"),
    ("lb_to_service_passes", "browser -> alb -> api [timeout=1s]"),
    ("async_publish_passes", "browser -> alb -> api [timeout=1s]\napi ~> jobs ~> mailer"),
])
def test_what_is_not_reported(name, design):
    assert check_rule(rule, FRONT + design) == [], name


def test_each_hop_of_a_chain_is_judged_on_its_own():
    findings = check_rule(rule, FRONT + """
    browser -> edge -> api -> users
    """)
    assert summarize(findings) == ["sync-call-without-timeout@edge->api", "sync-call-without-timeout@api->users"]


def test_a_consumer_calling_a_service_is_work_reached():
    findings = check_rule(rule, FRONT + """
    browser -> alb -> api [timeout=1s]
    api ~> jobs ~> mailer
    mailer -> users
    """)
    assert summarize(findings) == ["sync-call-without-timeout@mailer->users"]
    assert "jobs -> mailer -> users" in findings[0].message


def test_min_hops_leaves_the_shallow_calls_alone():
    design = FRONT + """
    browser -> edge -> api -> users
    """
    findings = check_rule(rule, design, options={"min-hops": 3})
    assert summarize(findings) == ["sync-call-without-timeout@api->users"]
    assert check_rule(rule, design, options={"min-hops": 4}) == []


def test_a_suppression_on_the_edge_is_honoured():
    findings = check_rule(rule, FRONT + """
    browser -> alb -> api [timeout=1s]
    api -> users  # archlint: ignore[sync-call-without-timeout] -- answers from memory, p99 2ms (ADR-7)
    """)
    assert findings == []
