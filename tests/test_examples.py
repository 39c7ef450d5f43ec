"""The examples say what a reviewer would: the naive drafts get exactly the expected findings,
the reviewed designs are clean (a justified suppression aside). Run through the real CLI."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, ROOT, run_cli

EXPECTED = {
    "url_shortener": [
        "missing-observability@(design)",
        "single-point-of-failure@nginx",
        "zone-single-point-of-failure@api",
        "stateful-app-server@api",
        "single-point-of-failure@keygen",
        "stateful-app-server@keygen",
        "single-point-of-failure@urls",
        "uncached-read-path@api->urls",
    ],
    "chat": [
        "missing-observability@(design)",
        "single-point-of-failure@haproxy",
        "zone-single-point-of-failure@ws",
        "stateful-app-server@ws",
        "zone-single-point-of-failure@chat_api",
        "stateful-app-server@chat_api",
        "single-point-of-failure@presence",
        "stateful-app-server@presence",
        "single-point-of-failure@fanout",
        "queue-without-dlq@fanout",
        "zone-single-point-of-failure@fanout_worker",
        "single-point-of-failure@messages",
        "uncached-read-path@fanout_worker->messages",
    ],
    "task_queue": [
        "missing-observability@(design)",
        "single-point-of-failure@nginx",
        "zone-single-point-of-failure@api",
        "stateful-app-server@api",
        "single-point-of-failure@scheduler",
        "stateful-app-server@scheduler",
        "single-point-of-failure@broker",
        "queue-without-dlq@broker",
        "over-capacity@workers",
        "single-point-of-failure@workers",
        "single-point-of-failure@results",
        "uncached-read-path@api->results",
    ],
}


def _findings(path):
    process = run_cli(path.relative_to(ROOT), "--output-format", "json")
    document = json.loads(process.stdout)
    return process.returncode, document["findings"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_naive_draft_gets_what_a_reviewer_expects(name):
    code, findings = _findings(EXAMPLES / name / "naive.arch")
    assert code == 1
    got = [f"{f['rule']}@{f['element'] or '(design)'}" for f in findings if not f["suppressed"]]
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reviewed_design_is_clean(name):
    code, findings = _findings(EXAMPLES / name / "reviewed.arch")
    assert code == 0
    for finding in findings:
        assert finding["suppressed"] and finding["suppression_reason"], finding


def test_the_suppressions_are_justified():
    _, findings = _findings(EXAMPLES / "url_shortener" / "reviewed.arch")
    assert [(f["rule"], f["element"], f["suppressed"]) for f in findings] == [
        ("single-point-of-failure", "keygen", True), ("single-point-of-failure", "analytics", True)]
    assert all("ADR" in f["suppression_reason"] for f in findings)
