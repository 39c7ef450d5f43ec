"""The examples say what a reviewer would: the naive drafts get exactly the expected findings,
the reviewed designs are clean (justified suppressions aside) and meet their SLO by the numbers
they state. Run through the real CLI."""

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
    """Each reviewed example's suppressions, with their reasons. The task queue's SLO is the
    enqueue acknowledgment: the work that drains the queue and the dead-letter triage are
    outside it, and say so. (url_shortener once suppressed `keygen` as a singleton; its call
    is now `optional=true`, as the design's comment says: the API serves from its leased range
    while keygen is replaced, so nothing needs it and nothing is suppressed.)"""
    suppressed = {}
    for name in sorted(EXPECTED):
        _, findings = _findings(EXAMPLES / name / "reviewed.arch")
        suppressed[name] = [(f["rule"], f["element"]) for f in findings]
        assert all(f["suppression_reason"] for f in findings), findings
    assert suppressed == {
        "chat": [("volatile-primary-store", "registry"), ("timeout-inversion", "fanout->ws")],
        "task_queue": [("availability-below-slo", "tasks~>workers"), ("availability-below-slo", "tasks_dlq~>redrive")],
        "url_shortener": [],
    }


# What `archlint analyze` says of each reviewed example: every entry point's availability from
# the providers' published SLAs (cited in each file) and EC2's 99.5% per instance, and the
# component that costs the most downtime. Entries at or above their SLO are the review's outcome;
# the two below it are the task queue's asynchronous work, suppressed above with the reason.
ANALYSIS = {
    "url_shortener": {"browser": (0.998895, "edge"), "clicks~>click_agg": (0.998851, "clicks")},
    "chat": {"mobile": (0.998895, "message_log"), "web": (0.998895, "message_log"),
             "message_log~>fanout": (0.998995, "message_log"), "push_queue~>push": (0.998501, "push_queue")},
    "task_queue": {"tenants": (0.998498, "tasks"), "tasks~>workers": (0.997998, "payloads"),
                   "tasks_dlq~>redrive": (0.997502, "tasks")},
}


@pytest.mark.parametrize("name", sorted(ANALYSIS))
def test_reviewed_design_numbers(name):
    process = run_cli("analyze", (EXAMPLES / name / "reviewed.arch").relative_to(ROOT), "--output-format", "json")
    assert process.returncode == 0, process.stderr
    document = json.loads(process.stdout)
    got = {e["entry"]: (round(e["availability"], 6), e["contributors"][0]["id"]) for e in document["entries"]}
    assert got == ANALYSIS[name]
    stated = {e["entry"]: e["unstated_availability"] for e in document["entries"]}
    assert all(not missing or missing == ["apns"] for missing in stated.values()), stated  # APNs publishes no SLA
    over = [c["id"] for c in document["components"] if (c["zone_loss_utilization"] or 0) >= 1]
    assert not over, f"not statically stable: {over}"
