"""The benchmark's design generator: reproducible, exact in size, and loadable without errors."""

from __future__ import annotations

import importlib.util
import re
from collections import defaultdict
from pathlib import Path

import pytest

from archlint.loader import load

_GENERATOR = Path(__file__).parents[1] / "bench" / "generate.py"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_KEYWORDS = {"title", "include", "slo", "region", "zone", "boundary", "group"}
_PLANTED = re.compile(r"# planted: ([a-z-]+): ([A-Za-z_][A-Za-z0-9_]*)")


def _import_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", _GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generator = _import_generator()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    """Generated designs, loaded once per size: (text, LoadResult)."""
    cache = {}

    def get(components: int, seed: int = 0):
        if (components, seed) not in cache:
            text = generator.generate(components, seed)
            path = tmp_path_factory.mktemp("designs") / f"d{components}_{seed}.arch"
            path.write_text(text, encoding="utf-8")
            cache[components, seed] = (text, load(str(path)))
        return cache[components, seed]

    return get


def test_same_seed_same_text():
    assert generator.generate(500, 7) == generator.generate(500, 7)
    assert generator.generate(3000, 1) == generator.generate(3000, 1)


def test_different_seeds_different_text():
    assert generator.generate(500, 7) != generator.generate(500, 8)
    assert generator.generate(500, 0) != generator.generate(501, 0)


def test_cli_writes_what_generate_returns(tmp_path, capsys):
    out = tmp_path / "d.arch"
    assert generator.main(["--components", "150", "--seed", "4", "-o", str(out)]) == 0
    assert out.read_bytes() == generator.generate(150, 4).encode("utf-8")
    assert generator.main(["--components", "150", "--seed", "4"]) == 0
    assert capsys.readouterr().out == generator.generate(150, 4)


def test_too_small_is_refused():
    with pytest.raises(ValueError):
        generator.generate(generator.MIN_COMPONENTS - 1)


@pytest.mark.parametrize("components", [100, 2000])
def test_loads_without_errors_with_the_exact_count(loaded, components):
    _, result = loaded(components)
    errors = [f"{f.code} {f.location}: {f.message}" for f in result.findings if f.severity.value == "error"]
    assert errors == []
    assert result.findings == []  # no warnings either: every attribute is known
    design = result.design
    assert len(design.components) == components


@pytest.mark.parametrize("components", [generator.MIN_COMPONENTS, 37, 59, 61, 333])
def test_small_and_odd_sizes_are_exact(loaded, components):
    _, result = loaded(components, 3)
    assert [f for f in result.findings if f.severity.value == "error"] == []
    assert len(result.design.components) == components


@pytest.mark.parametrize("components", [100, 2000])
def test_shape_is_realistic(loaded, components):
    _, result = loaded(components)
    design = result.design
    kinds = defaultdict(int)
    for component in design.components.values():
        kinds[component.kind] += 1
        assert _IDENT.match(component.id) and component.id not in _KEYWORDS
    for kind in ("client", "dns", "cdn", "lb", "gateway", "service", "cache", "queue", "worker",
                 "database", "observability"):
        assert kinds[kind] >= 1, kind
    assert kinds["service"] > kinds["gateway"]
    # Nested failure domains: regions hold zones, and cells are groups inside regions.
    group_kinds = defaultdict(int)
    for group in design.groups.values():
        group_kinds[group.kind] += 1
        assert group.id not in _KEYWORDS
    assert group_kinds["region"] >= 1 and group_kinds["zone"] == 3 * group_kinds["region"]
    assert all(design.groups[g.parent].kind == "region" for g in design.groups.values() if g.kind == "zone")
    assert any(design.groups[c.group].kind == "zone" for c in design.components.values() if c.group)
    # Both arrows, an average out-degree of 2 to 3, no self-loops, and both component forms.
    arrows = {edge.arrow for edge in design.edges}
    assert arrows == {"->", "~>"}
    assert 2.0 <= len(design.edges) / len(design.components) <= 3.0
    assert all(edge.source != edge.target for edge in design.edges)
    multi_line = [c for c in design.components.values() if c.statement.end_line > c.statement.line]
    assert multi_line and len(multi_line) < len(design.components)


def test_the_biggest_regions_split_into_several(loaded):
    text = generator.generate(12000, 2)
    assert len(re.findall(r"^region ", text, re.M)) >= 4


def _oracle(design):
    """Which components a plain reading of the four rules would flag, by rule."""
    components, edges = design.components, design.edges
    out = defaultdict(list)
    for edge in edges:
        out[edge.source].append(edge)
    replicated_by = {c.replica_of for c in components.values() if c.replica_of}
    found = defaultdict(set)
    for c in components.values():
        targets = [components[e.target] for e in out[c.id]]
        if c.kind == "database" and c.replicas == 1 and not c.managed and c.mode != "cluster" \
                and not c.replica_of and c.id not in replicated_by:
            found["single-point-of-failure"].add(c.id)
        if c.sessions == "local" or c.state == "stateful" and c.kind in ("service", "gateway", "worker"):
            found["stateful-app-server"].add(c.id)
        if c.kind in ("service", "gateway", "worker", "function") and not any(t.kind == "observability" for t in targets):
            found["missing-observability"].add(c.id)
        heavy_reads = [e for e in out[c.id] if components[e.target].kind in ("database", "search", "object_store")
                       and e.op != "write" and (e.reads or 0) > 10 * (e.writes or 0) and (e.reads or 0) >= 10_000]
        if c.kind == "service" and heavy_reads and not any(t.kind == "cache" for t in targets):
            found["uncached-read-path"].add(c.id)
    return found


@pytest.mark.parametrize("components, seed", [(100, 0), (2000, 0), (1000, 5)])
def test_planted_problems_are_marked_and_everything_else_is_clean(loaded, components, seed):
    text, result = loaded(components, seed)
    planted = defaultdict(set)
    for rule, element in _PLANTED.findall(text):
        planted[rule].add(element)
    cells = sum(1 for g in result.design.groups.values() if g.kind == "group")
    assert sum(len(ids) for ids in planted.values()) == max(1, round(cells * generator.PROBLEM_SHARE))
    if cells >= 40:
        assert set(planted) == set(generator.PROBLEMS)
    assert _oracle(result.design) == planted
    for ids in planted.values():
        assert ids <= set(result.design.components)


def test_every_component_is_connected(loaded):
    _, result = loaded(2000)
    design = result.design
    touched = {e.source for e in design.edges} | {e.target for e in design.edges}
    dlqs = {c.dlq for c in design.components.values() if c.dlq}
    assert set(design.components) - touched <= dlqs  # a dead-letter queue is reached through `dlq=`
