"""Every stage linear in its input: the work done on a design of size N and of size 2N, in one
run, compared. Work is counted (Python function calls, through `sys.setprofile`), not timed, so
a busy machine cannot make these fail or pass; where the work is one C call (a regular
expression), the two sizes are timed side by side and only their ratio is judged.

Linear growth doubles the work (about 2x); the defects these guard against grew 3-4x (quadratic)
or 8x (cubic) per doubling.
"""

from __future__ import annotations

import sys

from archlint import lint_text
from archlint.reporters import sarif
from archlint.diagnostics import without_places

LINEAR = 2.6  # above 2 for fixed costs that shrink with size; well below a quadratic 4


def _work(function) -> int:
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1

    sys.setprofile(count)
    try:
        function()
    finally:
        sys.setprofile(None)
    return calls


def _growth(make, size: int) -> float:
    """How much more work linting a design of twice the size takes."""
    small, large = make(size), make(2 * size)
    lint_text(small, isolated=True)  # imports and caches out of the count
    return _work(lambda: lint_text(large, isolated=True)) / _work(lambda: lint_text(small, isolated=True))


def _pragma_per_finding(n: int) -> str:
    lines = ["client web"]
    for i in range(n):
        lines += [f"database d{i}  # archlint: ignore[single-point-of-failure] -- a cache, rebuilt on loss",
                  f"web -> d{i}"]
    return "\n".join(lines) + "\n"


def _undefined_references(n: int) -> str:
    return "".join(f"service s{i:05d}\n" for i in range(n)) + "".join(f"s{i:05d} -> t{i:05d}\n" for i in range(n))


def _balancer_over_zones(n: int) -> str:
    lines = ["client web", "lb front [replicas=2, zones=2]", "web -> front"]
    for i in range(n):
        lines += [f"zone z{i} {{", f"  service s{i} [replicas=2]", "}", f"front -> s{i}"]
    return "\n".join(lines) + "\n"


def test_one_pragma_per_finding_is_linear():
    result = lint_text(_pragma_per_finding(50), isolated=True)
    covered = [f for f in result.findings if f.rule == "single-point-of-failure"]
    assert len(covered) == 50 and all(f.suppressed for f in covered)
    assert _growth(_pragma_per_finding, 400) < LINEAR


def test_undefined_references_with_did_you_mean_are_linear():
    result = lint_text(_undefined_references(400), isolated=True)
    assert "did you mean `s00007`" in result.findings[7].message  # the index still finds the typo
    assert _growth(_undefined_references, 400) < LINEAR


def test_a_balancer_over_services_each_in_its_zone_is_linear():
    result = lint_text(_balancer_over_zones(30), isolated=True)
    assert not [f for f in result.findings if f.rule.endswith("single-point-of-failure")]
    assert _growth(_balancer_over_zones, 300) < LINEAR


def test_places_are_blanked_in_linear_time_on_a_long_token():
    # Baseline keys and SARIF fingerprints blank `file:line:col` in messages; on a long token
    # the regular expression backtracked from every start (`x:1x:1...` of 60 KB: minutes).
    for unit in ("x:1", "a:", "7"):
        def blank(n, unit=unit):
            return lambda: without_places(f"`{unit * n}` is not declared")
        assert _work(blank(40_000)) / _work(blank(20_000)) < LINEAR, unit


def test_sarif_of_an_error_on_a_long_token():
    # A syntax error quoting a long token: its fingerprint blanks the places in its message.
    text = "client web\nweb -> " + "x:1" * 20_000 + "\n"
    result = lint_text(text, isolated=True)
    document = sarif.document(result)  # minutes before; a moment now
    assert document["runs"][0]["results"][0]["partialFingerprints"]


def _chain_of_single_points(n: int) -> str:
    """Every hop a single point on one long request path: each finding names its way there."""
    return "client web\nservice s0\nweb -> s0\n" + "".join(f"service s{i}\ns{i - 1} -> s{i}\n" for i in range(1, n))


def _hosts_and_consumers(n: int) -> str:
    lines = ["client web", "service api [replicas=2, zones=2]", "stream events [managed=true]", "web -> api ~> events"]
    for i in range(n):
        lines += [f"group vm{i} [host=true] {{", f"  worker w{i} [replicas=2]", "}", f"events ~> w{i}",
                  f"database d{i} [mode=cluster, replicas=2, zones=[a, b]]", f"w{i} -> d{i}"]
    return "\n".join(lines) + "\n"


def test_single_points_along_one_long_path_are_linear():
    result = lint_text(_chain_of_single_points(50), isolated=True, select=["R001"])
    assert len(result.findings) == 50 and "web -> s0 -> ... -> s47 -> s48 -> s49" in result.findings[-1].message
    assert _growth(_chain_of_single_points, 400) < LINEAR


def test_hosts_quorums_and_consumers_are_linear():
    result = lint_text(_hosts_and_consumers(20), isolated=True, select=["R001", "R002"])
    assert sorted({f.element for f in result.findings if f.rule == "single-point-of-failure"}) == sorted(
        [f"vm{i}" for i in range(20)] + [f"d{i}" for i in range(20)])
    assert _growth(_hosts_and_consumers, 300) < LINEAR


def _callers_through_one_door(n: int) -> str:
    """n clients through one balancer to n services: n x n ways in. One client authenticates on
    its edge and one service is rate limited, so both entry rules judge every way."""
    lines = ["lb front", "client admin", "admin -> front [auth=mtls]", "service s0 [rate_limit=100/s]", "front -> s0"]
    for i in range(1, n):
        lines += [f"client c{i}", f"c{i} -> front", f"service s{i}", f"front -> s{i}"]
    return "\n".join(lines) + "\n"


def test_ways_in_through_one_front_door_are_linear():
    # Each way in was spelled out and judged: n clients times n services behind the door.
    result = lint_text(_callers_through_one_door(30), isolated=True, select=["SEC002", "SEC003"])
    unauthenticated = [f for f in result.findings if f.rule == "unauthenticated-entry"]
    unlimited = [f for f in result.findings if f.rule == "unlimited-entry"]
    assert [f.element for f in unauthenticated] == [f"s{i}" for i in range(30)]  # s0 too: from c1, unauthenticated
    assert "while 30 other ways in state it (`auth=mtls` on `admin->front`)" in unauthenticated[0].message
    assert [f.element for f in unlimited] == [f"s{i}" for i in range(1, 30)]
    assert _growth(_callers_through_one_door, 300) < LINEAR


def _nested_groups(depth: int) -> str:
    """Groups nested `depth` deep, a service in each."""
    return ("".join(f"group g{i} {{\n  service s{i} [replicas=2, zones=2]\n" for i in range(depth))
            + "}\n" * depth)


def test_the_dot_of_deeply_nested_groups_is_linear(tmp_path):
    """graphviz's `subgraph()` copied each cluster's lines, one tab deeper, into its parent:
    N nested groups cost N^2 lines copied and a DOT of N^2 tabs (2,000 deep: 6.6 MB). The
    drawing is built in one pass now, and its size grows with the design."""
    from archlint.render.dot import build

    designs = {n: lint_text(_nested_groups(n), isolated=True) for n in (300, 600)}
    for result in designs.values():
        assert result.designs, [f.message for f in result.findings]
    small, large = (designs[n] for n in (300, 600))
    build(small.designs[0], small.findings)  # imports out of the count
    growth = (_work(lambda: build(large.designs[0], large.findings))
              / _work(lambda: build(small.designs[0], small.findings)))
    assert growth < LINEAR, growth
    # Through the real CLI: the DOT written for twice the depth is about twice the size.
    from conftest import run_cli

    sizes = {}
    for n in (1000, 2000):
        (tmp_path / f"d{n}.arch").write_text(_nested_groups(n))
        process = run_cli("render", f"d{n}.arch", "--isolated", "-o", f"d{n}.dot", cwd=tmp_path)
        assert process.returncode == 0, process.stderr
        dot = (tmp_path / f"d{n}.dot").read_text()
        assert dot.count("subgraph cluster_") == n and dot.count("{") == dot.count("}") == n + 1
        sizes[n] = len(dot)
    assert sizes[2000] / sizes[1000] < LINEAR, sizes
