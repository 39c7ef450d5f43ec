"""The arithmetic of the model against the worked examples of the published guidance, to the
precision they print, and its properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.analysis.probability import at_least, k_of_n, parallel, serial, spread

MINUTE = 60.0
DAY = 86400.0


def percent(value: float, places: int) -> float:
    return round(value * 100, places)


# Azure Well-Architected, composite availability: a web app at 99.95% that writes to a
# database at 99.99% is 99.95% x 99.99% = 99.94%.
def test_azure_web_app_and_database_in_series():
    assert percent(serial([0.9995, 0.9999]), 2) == 99.94


# The same guidance: a queue at 99.9% as a fallback for the database, so the pair fails only
# when both do: 1 - (0.0001 x 0.001) = 99.99999%, and the whole 99.95% x 99.99999% = ~99.95%.
def test_azure_database_or_queue_fallback():
    either = parallel([0.9999, 0.999])
    assert percent(either, 5) == 99.99999
    assert percent(serial([0.9995, either]), 2) == 99.95


# AWS, "Availability and Beyond", availability with redundancy: two subsystems at 99% each,
# either one enough: (1 - 99%) x (1 - 99%) = 0.01% down, 99.99% up.
def test_aws_two_redundant_subsystems():
    assert percent(k_of_n(2, 1, 0.99), 2) == 99.99
    assert percent(parallel([0.99, 0.99]), 2) == 99.99


# The same paper: with s spares a workload fails only when s + 1 subsystems fail; three
# subsystems, two of them spares, are down with probability (1 - a)^3.
@pytest.mark.parametrize("a", [0.99, 0.999, 0.9])
def test_aws_two_spares_fail_only_all_together(a):
    assert math.isclose(1 - k_of_n(3, 1, a), (1 - a) ** 3, rel_tol=1e-6)


# AWS, availability with dependencies: the theoretical maximum is the product of the hard
# dependencies: three at 99.9% give 99.7%.
def test_aws_hard_dependencies_multiply():
    assert percent(serial([0.999] * 3), 1) == 99.7


# Google, "The Calculus of Service Availability": 99.99% leaves an error budget of 0.01% of a
# year, 52.56 minutes.
def test_google_error_budget_of_a_four_nines_year():
    assert round((1 - 0.9999) * 365 * DAY / MINUTE, 2) == 52.56


# The contract's own figures: 99.95% over 30 days is a 21.6-minute budget; over a 30.44-day
# average month, 21.9.
def test_budget_over_thirty_days_and_an_average_month():
    assert round((1 - 0.9995) * 30 * DAY / MINUTE, 1) == 21.6
    assert round((1 - 0.9995) * 30.44 * DAY / MINUTE, 1) == 21.9


def test_k_of_n_edges():
    assert k_of_n(3, 0, 0.5) == 1.0
    assert k_of_n(3, 4, 0.99) == 0.0
    assert math.isclose(k_of_n(3, 2, 0.9), 3 * 0.81 * 0.1 + 0.729)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=8), st.integers(0, 9))
def test_at_least_equals_brute_force(up, k):
    exact = 0.0
    for state in range(1 << len(up)):
        alive = bin(state).count("1")
        p = 1.0
        for i, a in enumerate(up):
            p *= a if state >> i & 1 else 1 - a
        if alive >= k:
            exact += p
    assert math.isclose(at_least(k, up), exact, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 12), st.integers(1, 6), st.floats(0.5, 1.0))
def test_a_replica_added_never_lowers_a_component(n, k, a):
    assert k_of_n(n + 1, k, a) >= k_of_n(n, k, a) - 1e-12


@given(st.integers(0, 50), st.integers(1, 7))
def test_spread_is_even_and_complete(instances, zones):
    counts = spread(instances, zones)
    assert sum(counts) == instances and max(counts) - min(counts) <= 1
    assert counts == sorted(counts, reverse=True)  # the zones named first take one more
