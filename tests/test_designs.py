"""Designs of real systems, written from their public documentation (tests/designs/*.arch, each
naming its sources in its opening comment). On each, the second rule pack says what a careful
reviewer would accept, and nothing else: every expected finding is pinned with the reason it
holds. Run through the real CLI."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, run_cli

DESIGNS = ROOT / "tests" / "designs"
PACK = (
    "sync-slow-work", "sync-third-party", "queue-without-dlq", "sync-cycle", "chatty-request",
    "retry-amplification", "timeout-inversion", "retries-without-timeout", "shared-database",
    "volatile-primary-store", "dead-component", "plaintext-across-boundary", "unauthenticated-entry",
    "unlimited-entry", "client-to-datastore", "uncached-read-path",
)

# design -> [(finding, why a reviewer accepts it)]
EXPECTED = {
    "online_boutique": [
        ("volatile-primary-store@redis_cart", "carts are written to the redis-cart pod and nowhere else"),
        ("plaintext-across-boundary@shoppers->frontend_external", "the store is served over plain HTTP"),
    ],
    "eshop_on_containers": [
        ("queue-without-dlq@eventbus", "a failing handler's message is taken off the queue and lost"),
        ("timeout-inversion@webmvc->identity", "HttpClient gives up at 100 s; EF Core retries SQL for up to 8 min"),
        ("timeout-inversion@webshoppingapigw->catalog", "Envoy gives up at 15 s while catalog retries SQL"),
        ("timeout-inversion@webshoppingapigw->ordering", "the same for ordering"),
        ("timeout-inversion@mobileshoppingapigw->catalog", "the same from the mobile gateway"),
        ("timeout-inversion@mobileshoppingapigw->ordering", "the same from the mobile gateway"),
        ("retry-amplification@catalog->catalog_db", "Polly's 7 attempts times EF Core's 16 reach the database"),
        ("retry-amplification@ordering->ordering_db", "the same product on the ordering path"),
        ("retry-amplification@ordering_tasks->ordering_db", "16 attempts per query in an outage"),
        ("retry-amplification@identity->identity_db", "16 attempts per query in an outage"),
    ],
    "mastodon": [
        ("sync-third-party@web->fediverse", "resolving a remote account holds a Puma thread for up to 30 s"),
    ],
    "wild_rydes": [],
    "gitlab_3k": [],
    "discourse": [],
}


def _findings(name: str) -> list[str]:
    process = run_cli(DESIGNS / f"{name}.arch", "--isolated", "--select", ",".join(PACK), "--output-format", "json")
    assert process.returncode in (0, 1), process.stderr
    return [f"{f['rule']}@{f['element']}" for f in json.loads(process.stdout)["findings"] if not f["suppressed"]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_pack_says_what_a_reviewer_accepts(name):
    assert sorted(_findings(name)) == sorted(finding for finding, _ in EXPECTED[name])


def test_every_design_is_pinned_and_names_its_source():
    assert {p.stem for p in DESIGNS.glob("*.arch")} == set(EXPECTED)
    for path in DESIGNS.glob("*.arch"):
        opening = path.read_text(encoding="utf-8").split("\ntitle", 1)[0]
        assert "Source" in opening, f"{path.name} must name the documentation it is written from"


def test_there_are_at_least_six():
    assert len(EXPECTED) >= 6
