"""What-if scenarios: checked by hand, against a brute force over every instance's state, and
through the real CLI."""

from __future__ import annotations

import itertools
import json
import math
import sys

import pytest

from archlint.analysis import Scenario
from archlint.analysis.scenarios import WhatIf
from archlint.graph import DesignGraph
from archlint.loader import load

from conftest import assert_no_traceback

# Two zones of three API replicas each; four instances carry the load (4k rps over 1k each).
ZONED = """\
client browser "Browsers"
lb alb "LB" [managed=true, availability=99.99%]
zone a "A" {
  service api_a "API a" [replicas=3, capacity=1k, availability=99.9%]
}
zone b "B" {
  service api_b "API b" [replicas=3, capacity=1k, availability=99.9%]
}
database db "DB" [availability=99.95%, capacity=5k]
cache hot "Hot" [replicas=2, availability=99.9%]
browser -> alb -> api_a, api_b [rps=2k]
api_a -> hot [reads=1800/s]
api_b -> hot [reads=1800/s]
api_a -> db [reads=200/s]
api_b -> db [reads=200/s]
api_a -> hot [optional=true]
"""


def whatif(text: str) -> WhatIf:
    loaded = load("design.arch", text)
    assert loaded.design is not None, loaded.findings
    return WhatIf(loaded.design, DesignGraph(loaded.design))


def status(outcome, entry: str = "browser") -> str:
    return next(e.status for e in outcome.entries if e.entry == entry)


def test_a_component_down_breaks_what_needs_it():
    outcome = whatif(ZONED).run(Scenario(failed=("db",)))
    entry = outcome.entries[0]
    assert (entry.status, entry.availability, entry.causes) == ("broken", 0.0, ("db",))
    assert "`db` has 0 of the 1 instances needed" in entry.why


def test_a_zone_down_leaves_too_few_to_carry_the_load():
    outcome = whatif(ZONED).run(Scenario(failed=("a",)))
    entry = outcome.entries[0]
    assert entry.status == "broken"
    assert set(entry.causes) == {"api_a", "api_b"}
    assert "3 of the 4 instances needed" in entry.why
    api = {c.id: c for c in outcome.components}
    assert (api["api_a"].instances_left, api["api_b"].instances_left) == (0, 3)
    assert api["api_b"].utilization == pytest.approx(4000 / 3000)


def test_one_replica_down_is_survived():
    outcome = whatif(ZONED).run(Scenario(one_down=("api_a",)))
    assert status(outcome) == "ok"
    assert {c.id: c.utilization for c in outcome.components}["api_a"] == pytest.approx(4000 / 5000)


def test_load_overloads_the_survivors():
    outcome = whatif(ZONED).run(Scenario(load=2.0))
    entry = outcome.entries[0]
    assert entry.status == "overloaded"
    assert "at 1.33 of capacity" in entry.why
    assert entry.availability > 0


def test_an_optional_dependency_lost_degrades():
    text = ZONED.replace("api_a -> hot [optional=true]\n", "").replace(
        "api_a -> hot [reads=1800/s]", "api_a -> hot [reads=1800/s, optional=true]").replace(
        "api_b -> hot [reads=1800/s]", "api_b -> hot [reads=1800/s, optional=true]")
    outcome = whatif(text).run(Scenario(failed=("hot",)))
    entry = outcome.entries[0]
    assert (entry.status, entry.causes) == ("degraded", ("hot",))


def test_the_sweep_ranks_what_breaks_first():
    outcomes = whatif(ZONED).sweep()
    labels = [o.label for o in outcomes]
    broken = [o.label for o in outcomes if o.count("broken")]
    assert labels[: len(broken)] == broken
    assert set(broken) >= {"zone `a` down", "zone `b` down", "one instance of `db` down"}
    assert "one instance of `api_a` down" in labels and "one instance of `api_a` down" not in broken
    assert "one instance of `alb` down" not in labels  # managed: its instances are the provider's


# --- brute force ----------------------------------------------------------------------------

BRUTE = """\
client c "C"
region r "R" [availability=99.5%] {
  zone z1 "Z1" [availability=99%] {
    service s1 "S1" [availability=99%, replicas=2]
  }
  zone z2 "Z2" [availability=98%] {
    service s2 "S2" [availability=97%, replicas=1]
  }
}
database d "D" [availability=99.9%, replicas=3, zones=[z1, z2], mode=cluster]
c -> s1 -> d
c -> s2
"""


def brute_force(w: WhatIf, scenario: Scenario, entry) -> float:
    """P(every required unit keeps k instances), over every domain and instance state, with the
    scenario's failures forced down."""
    domains = w.today.domains
    failing = sorted(d for d, v in domains.domains.items() if v.availability is not None)
    units = {w.today.units[c].id: w.today.units[c] for c in entry.required}
    instances = []  # (unit, availability, domains)
    for unit in units.values():
        for member in unit.members:
            component = w.design.components[member]
            a = 1.0 if component.availability is None else component.availability / 100
            chains = [()] if component.managed else domains.placement(component).instances
            for i, chain in enumerate(chains):
                down = member in scenario.failed or (member in scenario.one_down and i == 0)
                instances.append((unit.id, 0.0 if down else a, chain))
    total = 0.0
    for domain_state in itertools.product((True, False), repeat=len(failing)):
        up = dict(zip(failing, domain_state))
        p_domains = 1.0
        for d, is_up in up.items():
            if d in scenario.failed:
                if is_up:
                    p_domains = 0.0
                continue
            a = domains.domains[d].availability
            p_domains *= a if is_up else 1 - a
        if p_domains == 0.0:
            continue
        for instance_state in itertools.product((True, False), repeat=len(instances)):
            p = p_domains
            alive: dict[str, int] = dict.fromkeys(units, 0)
            for (unit, a, chain), is_up in zip(instances, instance_state):
                p *= a if is_up else 1 - a
                if is_up and all(up.get(d, d not in scenario.failed) for d in chain):
                    alive[unit] += 1
            if p and all(alive[u] >= units[u].k for u in units):
                total += p
    return total


@pytest.mark.parametrize("scenario", [
    Scenario(), Scenario(failed=("z1",)), Scenario(failed=("z2",)), Scenario(one_down=("s1",)),
    Scenario(one_down=("d",)), Scenario(failed=("r",)), Scenario(failed=("s2",)),
], ids=lambda s: ",".join(s.failed + s.one_down) or "today")
def test_scenario_availability_matches_brute_force(scenario):
    w = whatif(BRUTE)
    outcome = w.run(scenario)
    for entry in w.today.entries:
        got = next(e for e in outcome.entries if e.entry == entry.id)
        expected = brute_force(w, scenario, entry)
        if got.status == "broken":
            assert expected == pytest.approx(0.0, abs=1e-12)
        else:
            assert got.availability == pytest.approx(expected, rel=1e-9, abs=1e-12)


# --- the command line --------------------------------------------------------------------------

@pytest.fixture
def zoned(tmp_path):
    path = tmp_path / "design.arch"
    path.write_text(ZONED)
    return path


def test_cli_fail_prints_the_blast_radius(cli, zoned):
    process = cli("analyze", zoned, "--fail", "a")
    assert_no_traceback(process)
    assert process.returncode == 0, process.stderr
    assert "what if: zone `a` down" in process.stdout
    assert "broken" in process.stdout and "3 of the 4 instances needed" in process.stdout
    assert "over capacity: `api_a`, `api_b` at 1.33, 3 of 6 instances left" in process.stdout


def test_cli_json_scenarios(cli, zoned):
    process = cli("analyze", zoned, "--fail", "db", "--load", "2x", "--sweep", "--output-format", "json")
    assert process.returncode == 0, process.stderr
    document = json.loads(process.stdout)
    first, *swept = document["scenarios"]
    assert first["failed"] == ["db"] and first["load_factor"] == 2.0 and first["sweep_rank"] is None
    assert first["entries"] == [{"entry": "browser", "status": "broken", "availability": 0.0,
                                 "why": first["entries"][0]["why"], "causes": ["db"]}]
    assert [s["sweep_rank"] for s in swept] == list(range(1, len(swept) + 1))
    assert all({"id", "load_per_second", "utilization"} <= set(c) for s in swept for c in s["components"])
    ranks = [(-sum(e["status"] == "broken" for e in s["entries"])) for s in swept]
    assert ranks == sorted(ranks)


def test_cli_unknown_target_is_a_usage_error(cli, zoned):
    process = cli("analyze", zoned, "--fail", "dbb")
    assert_no_traceback(process)
    assert process.returncode == 2
    assert "no component, zone, region or host group of that name (did you mean `db`?)" in process.stderr
    process = cli("analyze", zoned, "--cold-cache", "api_a")
    assert process.returncode == 2 and "it is a service, not a cache" in process.stderr


def test_cli_fails_a_zone_a_component_only_counts_by_its_name(cli, tmp_path):
    """`zones=3` names zones `s#zone1` to `s#zone3` (the domains are made when asked, not held):
    2 replicas sit in the first two, so losing zone 2 leaves 1 where the load needs 2, and losing
    zone 3 takes nothing; a zone it does not count, or a number written otherwise, is no target."""
    path = tmp_path / "design.arch"
    path.write_text("client u\nservice s [replicas=2, zones=3, capacity=10/s]\nu -> s [rps=12/s]\n")

    def scenario(zone: str) -> dict:
        process = cli("analyze", path, "--fail", zone, "--output-format", "json")
        assert process.returncode == 0, process.stderr
        return json.loads(process.stdout)["scenarios"][0]

    second, third = scenario("s#zone2"), scenario("s#zone3")
    assert [(c["id"], c["instances_left"], c["instances"]) for c in second["components"]] == [("s", 1, 2)]
    assert second["entries"][0]["status"] == "broken" and second["entries"][0]["causes"] == ["s"]
    assert [(c["id"], c["instances_left"]) for c in third["components"]] == [("s", 2)]
    assert third["entries"][0]["status"] == "ok"
    for unknown in ("s#zone4", "s#zone02", "s#zone0", "t#zone1", "s#zones"):
        process = cli("analyze", path, "--fail", unknown)
        assert_no_traceback(process)
        assert process.returncode == 2 and "no component, zone, region or host group of that name" in process.stderr


def test_cli_sweep_says_when_nothing_breaks(cli, tmp_path):
    path = tmp_path / "design.arch"
    path.write_text('client u "U"\nlb l "L" [managed=true]\nservice s "S" [replicas=3, zones=3]\nu -> l -> s\n')
    process = cli("analyze", path, "--sweep")
    assert process.returncode == 0, process.stderr
    assert "no single instance or domain failure breaks, overloads or degrades an entry point" in process.stdout


def test_cli_names_the_numbers_a_scenario_needs(cli, tmp_path):
    path = tmp_path / "design.arch"
    path.write_text('client u "U"\nservice s "S" [replicas=2]\ncache c "C"\nu -> s -> c\n')
    process = cli("analyze", path, "--load", "10x", "--cold-cache", "c")
    assert process.returncode == 0, process.stderr
    assert "states no `caches=[...]`" in process.stdout
    assert "no edge declares a rate" in process.stdout


def test_sweep_is_deterministic():
    assert [o.label for o in whatif(ZONED).sweep()] == [o.label for o in whatif(ZONED).sweep()]
    assert not math.isnan(whatif(ZONED).sweep()[0].availability_lost)


# --- the what-if rules speak the scenarios' figures ------------------------------------------

def _rule_cases(module: str):
    from pathlib import Path

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib

    path = Path(__file__).parent / "rules" / "cases" / f"{module}.toml"
    return [pytest.param(c["src"], id=c["name"]) for c in tomllib.loads(path.read_text())["case"]]


def _fired(name: str, text: str) -> set[str]:
    from archlint.registry import builtin_rules
    from archlint.testing import check_rule

    rule = next(r for r in builtin_rules() if r.name == name)
    return {f.element for f in check_rule(rule, text)}


@pytest.mark.parametrize("text", _rule_cases("cold_cache_overload"))
def test_cold_cache_overload_is_the_cold_cache_scenario(text):
    w = whatif(text)
    expected = set()
    for ident, component in w.design.components.items():
        if component.kind != "cache":
            continue
        outcome = w.run(Scenario(cold_caches=(ident,)))
        today = {c.id: c.utilization for c in w.today_survivors}
        if any((c.utilization or 0) >= 1 > (today[c.id] or 0) for c in outcome.components if c.id in component.caches):
            expected.add(ident)
    assert _fired("cold-cache-overload", text) == expected


@pytest.mark.parametrize("text", _rule_cases("region_loss_breaks_entry"))
def test_region_loss_breaks_entry_is_the_region_down_scenario(text):
    w = whatif(text)
    fired = _fired("region-loss-breaks-entry", text)
    for ident in fired:
        assert w.run(Scenario(failed=(ident,))).count("broken") >= 1


# --- the sweep's growth ------------------------------------------------------------------------

def _cells(n: int) -> str:
    """n cells (a client, a replicated service with a capacity, a store), the services spread
    over two shared zones, and one client that reaches every cell: each failure touches its
    cell and the one wide entry point, as in the generated benchmark designs."""
    lines = ['slo [availability=99.9%]', "client everyone", "zone za { }", "zone zb { }"]
    for i in range(n):
        lines += [f"client c{i}", f"service s{i} [replicas=3, zones=[za, zb], capacity=1k, availability=99.9%]",
                  f"database d{i} [mode=primary_replica, replicas=2, zones=2, availability=99.95%]",
                  f"c{i} -> s{i} [rps=1.5k/s]", f"s{i} -> d{i} [reads=500/s]", f"everyone -> s{i}"]
    return "\n".join(lines) + "\n"


def test_the_sweep_grows_linearly_with_the_design():
    from test_growth import LINEAR, _work

    def sweep(n: int):
        w = whatif(_cells(n))
        w.today_outcomes, w.today_survivors  # today's figures, computed once per design, out of the count
        return lambda: w.sweep()

    whatif(_cells(20)).sweep()  # imports and caches out of the count
    small, large = sweep(150), sweep(300)
    assert _work(large) / _work(small) < LINEAR


def _counted_zones(n: int, region: bool) -> str:
    """One service stating n counted zones, a client calling it, a store behind it; with
    `region`, both inside a region with a stated availability (the tables' general path)."""
    body = [f"service c [replicas={n}, zones={n}, availability=99.5%, capacity=10/s]",
            "database db [replicas=3, zones=3, availability=99.9%]"]
    if region:
        body = ["region r [availability=99.9%] {", *body, "}"]
    return "\n".join(["slo [availability=99.9%]", "client u", *body, f"u -> c [rps={5 * n}/s]", "c -> db"]) + "\n"


@pytest.mark.parametrize("region", [False, True], ids=["no failing domain", "in a region"])
def test_the_sweep_is_linear_in_the_zones_one_component_counts(region):
    from test_growth import LINEAR, _work

    def sweep(n: int):
        w = whatif(_counted_zones(n, region))
        w.today_outcomes, w.today_survivors
        return lambda: w.sweep()

    swept = whatif(_counted_zones(40, region)).sweep()
    zones = [o for o in swept if o.label.startswith("zone ") and "of `c`" in o.label]
    # k is 20 of its 40 instances (its load): losing one zone leaves enough, losing the region breaks it
    assert len(zones) == 40 and all(o.touched[0].status == "ok" for o in zones)
    small, large = sweep(400), sweep(800)
    assert _work(large) / _work(small) < LINEAR


def _caches(n: int) -> str:
    """n cells of a service reading a cache that fronts a store with a capacity: n caches
    stating `caches=`, each hit rate derived (90%) from its own edges among 3n."""
    lines = ["client web"]
    for i in range(n):
        lines += [f"service s{i} [replicas=2]", f"cache k{i} [replicas=2, caches=[d{i}]]",
                  f"database d{i} [replicas=2, capacity=500]", f"web -> s{i} [rps=100/s]",
                  f"s{i} -> k{i} [reads=1k/s]", f"s{i} -> d{i} [reads=100/s]"]
    return "\n".join(lines) + "\n"


def test_cold_cache_overload_reads_each_caches_edges_once():
    from test_growth import LINEAR, _work

    from archlint.registry import builtin_rules

    rule = next(r for r in builtin_rules() if r.name == "cold-cache-overload")

    def check(n: int):
        design = load("design.arch", _caches(n)).design
        return lambda: list(rule.check(design, DesignGraph(design), None))

    assert len(check(3)()) == 3  # each store: 100/s today, 900/s more when its cache is cold, on 2 x 500
    assert _work(check(800)) / _work(check(400)) < LINEAR


def _front_door_in_one_region(n: int) -> str:
    """n clients through one balancer to n services, the services in one region of two: losing
    it breaks n entry points that each need n components."""
    lines = ["slo [availability=99.9%]", "lb front [managed=true]",
             "region r1 { zone a { } zone b { } }", "region r2 { zone c { } zone d { } }"]
    for i in range(n):
        lines += [f"client c{i}", f"c{i} -> front", f"service s{i} [replicas=2, zones=[a, b]]", f"front -> s{i}"]
    return "\n".join(lines) + "\n"


def test_region_loss_breaks_entry_judges_entry_points_of_one_walk_once():
    from test_growth import LINEAR, _work

    from archlint.analysis import of
    from archlint.registry import builtin_rules

    rule = next(r for r in builtin_rules() if r.name == "region-loss-breaks-entry")

    def check(n: int):
        design = load("design.arch", _front_door_in_one_region(n)).design
        graph = DesignGraph(design)
        numbers = of(graph)
        numbers.entries, numbers.units, [numbers.domains.placement(c) for c in design.components.values()]
        return lambda: list(rule.check(design, graph, None))

    [finding] = check(3)()
    assert finding.element == "r1" and "and 2 more entry points" in finding.message
    assert _work(check(400)) / _work(check(200)) < LINEAR


def test_a_load_factor_changes_what_is_overloaded_in_the_sweep_and_no_availability():
    w = whatif(_cells(6))
    at_1x = {o.label: o for o in w.sweep()}
    swept = w.sweep(3.0)
    assert any(o.count("overloaded") for o in swept) and not any(o.count("overloaded") for o in at_1x.values())
    for outcome in swept:
        same = at_1x[outcome.label.removesuffix(", 3x load")]
        assert outcome.availability_lost == same.availability_lost
        assert {e.entry: e.availability for e in outcome.entries} == {e.entry: e.availability for e in same.entries}
