"""Conditioning on failure domains against brute force over every instance and every domain."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from archlint.analysis.availability import Tables, Unit, entry_availability
from archlint.analysis.probability import k_of_n, serial


def brute_force(units: list[Unit], domain_up: dict[str, float]) -> float:
    """Enumerate every domain and every instance, up or down."""
    domains = sorted(domain_up)
    instances = [(u, a, ds) for u in units for a, ds in u.instances]
    total = 0.0
    for d_state in range(1 << len(domains)):
        up = {d for i, d in enumerate(domains) if d_state >> i & 1}
        p_domains = 1.0
        for i, d in enumerate(domains):
            p_domains *= domain_up[d] if d_state >> i & 1 else 1 - domain_up[d]
        for i_state in range(1 << len(instances)):
            p = p_domains
            alive: dict[str, int] = {}
            for j, (unit, a, ds) in enumerate(instances):
                is_up = i_state >> j & 1
                p *= a if is_up else 1 - a
                if is_up and all(d in up for d in ds if d in domain_up):
                    alive[unit.id] = alive.get(unit.id, 0) + 1
            if all(alive.get(u.id, 0) >= u.k for u in units):
                total += p
    return total


def unit(ident: str, k: int, instances) -> Unit:
    instances = list(instances)
    return Unit(ident, (ident,), tuple(a for a, _ in instances), tuple(ds for _, ds in instances), k, "", ())


def test_no_domain_availability_is_the_plain_product():
    units = [unit("a", 1, [(0.99, ("z1",)), (0.99, ("z2",))]), unit("b", 1, [(0.999, ("z1",))])]
    result = entry_availability(units, Tables({}))
    assert math.isclose(result.availability, serial([k_of_n(2, 1, 0.99), 0.999]))
    assert result.exact and result.domains == ()


def test_six_needing_four_over_two_zones_is_worse_than_one_zone():
    """ANALYSIS.md: 3/3 over two zones, needing 4, breaks when either zone goes."""
    two_zones = unit("api", 4, [(0.999, ("a",))] * 3 + [(0.999, ("b",))] * 3)
    one_zone = unit("api", 4, [(0.999, ("a",))] * 6)
    two = entry_availability([two_zones], Tables({"a": 0.999, "b": 0.999})).availability
    one = entry_availability([one_zone], Tables({"a": 0.999})).availability
    assert two < one
    assert math.isclose(two, 0.999 * 0.999 * k_of_n(6, 4, 0.999))


def test_contributions_are_what_never_failing_saves():
    units = [unit("a", 1, [(0.99, ())]), unit("b", 1, [(0.999, ())])]
    result = entry_availability(units, Tables({}))
    assert math.isclose(result.saved["a"], 0.999 - 0.99 * 0.999)
    assert math.isclose(result.saved["b"], 0.99 - 0.99 * 0.999)


def test_a_domain_contribution_is_what_it_never_failing_saves():
    units = [unit("a", 1, [(0.99, ("z",)), (0.99, ("z",))])]
    result = entry_availability(units, Tables({"z": 0.9}))
    assert math.isclose(result.availability, 0.9 * k_of_n(2, 1, 0.99))
    assert math.isclose(result.domain_saved["z"], k_of_n(2, 1, 0.99) - result.availability)


instance = st.tuples(st.sampled_from([0.9, 0.99, 0.5, 1.0]), st.sets(st.sampled_from(["z1", "z2", "r"]), max_size=2))


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 3), st.lists(instance, min_size=1, max_size=3)), min_size=1, max_size=3),
    st.dictionaries(st.sampled_from(["z1", "z2", "r"]), st.sampled_from([0.9, 0.99, 0.0, 1.0])),
)
def test_conditioning_equals_brute_force(spec, domain_up):
    units = [unit(f"u{i}", k, [(a, tuple(sorted(ds))) for a, ds in inst]) for i, (k, inst) in enumerate(spec)]
    result = entry_availability(units, Tables(domain_up))
    assert math.isclose(result.availability, brute_force(units, domain_up), rel_tol=1e-9, abs_tol=1e-12)
    for u in units:  # what a unit's instances never failing saves, by brute force too
        perfect = [unit(v.id, v.k, [(1.0 if v is u else a, ds) for a, ds in v.instances]) for v in units]
        expected = brute_force(perfect, domain_up) - result.availability
        assert math.isclose(result.saved.get(u.id, 0.0), max(0.0, expected), abs_tol=1e-9)


def test_beyond_the_exact_limit_the_figure_is_labelled_approximate():
    units = [unit(f"u{i}", 1, [(0.99, (f"z{i}",))]) for i in range(4)]
    result = entry_availability(units, Tables({f"z{i}": 0.999 for i in range(4)}), limit=3)
    assert not result.exact
    assert math.isclose(result.availability, serial([0.999 * 0.99] * 4))  # no shared domain: exact anyway


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 4), st.lists(instance, min_size=1, max_size=5),
       st.dictionaries(st.sampled_from(["z1", "z2", "r"]), st.sampled_from([0.9, 0.99, 0.0, 1.0])))
def test_a_unit_over_too_many_domains_to_tabulate_equals_brute_force(k_wanted, inst, domain_up):
    """Past the table limit a unit gets one figure over its domains' states (blocks of instances
    convolved, conditioned on the domains blocks share): still exact against brute force."""
    k = min(k_wanted, len(inst))
    u = unit("u", k, [(a, tuple(sorted(ds))) for a, ds in inst])
    tables = Tables(domain_up)
    assert math.isclose(tables._marginal(u, perfect=False), brute_force([u], domain_up), rel_tol=1e-9, abs_tol=1e-12)


def test_a_tier_over_forty_zones_is_computed_not_enumerated():
    """2^40 domain states are never walked: the unit's blocks are convolved, and the entry's
    figure says it is approximate (shared fate with other units is not counted)."""
    zones = {f"z{i}": 0.999 for i in range(40)}
    tier = unit("api", 30, [(0.995, (z,)) for z in zones])
    result = entry_availability([tier, unit("db", 1, [(0.999, ())])], Tables(zones))
    per_instance = 0.999 * 0.995
    expected = sum(math.comb(40, i) * per_instance ** i * (1 - per_instance) ** (40 - i) for i in range(30, 41))
    assert math.isclose(result.availability, expected * 0.999, rel_tol=1e-12)
    assert not result.exact
