"""What the numbers rules cost where no numbers are asked for: importing a rule loads only the
package's front (`archlint.analysis` is lazy), so `archlint rules`, `explain` and the editor's
rule list never build the model (`archlint.analysis.analysis`, capacity, latency); a lint loads
it when a rule asks for numbers. Checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

LOADED = ("import sys; from archlint.cli import run; run({argv!r}); "
          "print(sorted(m for m in sys.modules if m.startswith('archlint.analysis.')), file=sys.stderr)")


def _modules(*argv) -> list[str]:
    process = subprocess.run([sys.executable, "-c", LOADED.format(argv=[str(a) for a in argv])], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    return eval(process.stderr.strip().splitlines()[-1])  # the list printed last


def test_listing_the_rules_never_loads_the_model():
    loaded = set(_modules("rules"))
    assert "archlint.analysis.words" in loaded  # the rules' wording, imported with them
    assert not {"archlint.analysis.analysis", "archlint.analysis.capacity", "archlint.analysis.latency"} & loaded


def test_a_design_with_numbers_loads_it(tmp_path):
    path = tmp_path / "numbers.arch"
    path.write_text("slo [latency=100ms]\nclient web\nservice api [replicas=3, zones=3, latency=150ms]\nweb -> api\n")
    assert "archlint.analysis.analysis" in _modules("--isolated", "--no-cache", path)


KEPT = ("import gc; from archlint.graph import DesignGraph; from archlint.linter import Linter\n"
        "linter = Linter(isolated=True)\n"
        "for _ in range(3):\n"
        "    result = linter.lint_paths([{path!r}])\n"
        "gc.collect()\n"
        "print(len(result.findings), sum(isinstance(o, DesignGraph) for o in gc.get_objects()))")


def test_a_linted_design_is_let_go_with_its_analysis():
    """A long-lived process (the language server) lints again and again: the analysis the numbers
    rules share goes with its graph, and the graph with the lint."""
    path = ROOT / "examples" / "url_shortener" / "naive.arch"
    process = subprocess.run([sys.executable, "-c", KEPT.format(path=str(path))], cwd=ROOT,
                             capture_output=True, text=True, timeout=120)
    findings, graphs = map(int, process.stdout.split())
    assert findings > 0  # the numbers rules ran
    assert graphs == 0


def test_components_alike_share_their_units_figures_and_counted_zones_are_not_held():
    """A large design is mostly components placed alike: their units share one tuple of
    figures, hold their placement's chains themselves (no pair per instance) and share one
    availability table; the zones each only counts (`s0#zone2`) are named when asked, not
    kept as a domain each. What keeps the analysis of 100,000 components small."""
    from archlint.analysis import of
    from archlint.graph import DesignGraph
    from archlint.loader import load

    services = [f"  service s{i} [replicas=5, zones=3, availability=99.9%]" for i in range(3)]
    text = "\n".join(["slo [availability=99%]", "client u", "region r {", *services, "}",
                      *(f"u -> s{i}" for i in range(3))]) + "\n"
    design = load("design.arch", text).design
    numbers = of(DesignGraph(design))
    units = numbers.units
    first, second = units["s0"], units["s1"]
    assert first.up == (99.9 / 100,) * 5 and first.up is second.up
    assert first.chains is numbers.domains.placement(design.components["s0"]).instances
    assert first.instances == tuple(zip(first.up, first.chains))
    assert first.chains[0] == ("s0#zone1", "r") and first.size == 5
    assert numbers.tables.of(first) is numbers.tables.of(second)
    table = numbers.domains.domains
    assert "s0#zone2" in table and table["s0#zone2"].kind == "anonymous" and "s0#zone2" not in table.held
    assert "s0#zone4" not in table and "r" in table.held
    assert sorted(table) == ["r", *(f"s{i}#zone{z}" for i in range(3) for z in (1, 2, 3)), "u#zone1"]
