"""The numbers of each design, taken from the analysis exactly as `archlint analyze` takes them:
the `archlint/analysis` document (per entry point and per component, at 1x and at `--load`)
and the ranked what-if sweep. Nothing here computes a figure; the sections only print these.

The sweep runs one scenario per component and failure domain, each re-judging what its failure
touches, so its cost grows faster than the design: by default it runs on designs of at most
`SWEEP_AUTO_LIMIT` components (a generated design of 2,000 takes it about 0.4 s of CPU, and the
report about 0.6 s more than without it; 10,000 about 5 s). At a load factor every failure
re-judges every load and every entry point (a generated 1,000-component design: 11 s of CPU at
2x, 0.7 s at 1x), so with `--load` the limit is `SWEEP_AUTO_LIMIT_AT_LOAD`. `--sweep` runs it at
any size, `--no-sweep` never.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design

SWEEP_AUTO_LIMIT = 2_000
SWEEP_AUTO_LIMIT_AT_LOAD = 100


@dataclass
class Figures:
    """One design's numbers: the analysis document, and the sweep (None when it was not run,
    `skipped` saying why)."""

    design: Design
    document: dict
    budget_minutes: float | None  # the slo's error budget over the window, None without one
    sweep: list | None  # of archlint.analysis.scenarios.Outcome, most harmful first
    skipped: str | None

    @property
    def window_seconds(self) -> float:
        return self.document["window_minutes"] * 60.0

    def stated(self) -> dict[str, bool]:
        """Which kinds of number the design states anywhere: what the page says is missing."""
        design = self.design
        components = design.components.values()
        slo = design.slo
        return {
            "availability": any(c.availability is not None for c in components),
            "latency": any(c.latency is not None for c in components),
            "capacity": any(c.capacity is not None for c in components),
            "rates": any(e.rps is not None or e.reads is not None or e.writes is not None for e in design.edges),
            "slo": slo is not None and (slo.availability is not None or slo.latency is not None),
        }


def sweep_wanted(design: Design, sweep: bool | None, load: float = 1.0) -> tuple[bool, str | None]:
    """Whether to run the sweep (at load factor `load`), and when not, why (in words, naming the
    option that runs it)."""
    if sweep is True:
        return True, None
    if sweep is False:
        return False, "not run: the report was made with `--no-sweep`"
    size = len(design.components)
    limit, at = (SWEEP_AUTO_LIMIT, "") if load == 1.0 else (SWEEP_AUTO_LIMIT_AT_LOAD, f" at a load factor ({load:g}x)")
    if size <= limit:
        return True, None
    return False, (f"not run: the design has {size:,} components, more than the {limit:,} up to which "
                   f"the report runs the sweep by itself{at} (its time grows faster than the design); "
                   "make the report with `--sweep` to include it, or run `archlint analyze --sweep`")


def figures_of(design: Design, *, load: float | None = None, sweep: bool | None = None) -> Figures:
    """A design's numbers as `archlint analyze [--load N] [--sweep] --output-format json` gives them."""
    from ..analysis import Analysis, Scenario
    from ..analysis.export import budget_minutes, document
    from ..analysis.scenarios import WhatIf
    from ..graph import DesignGraph

    graph = DesignGraph(design)
    today = Analysis(design, graph)
    factor = load or 1.0
    if factor == 1.0:
        record = document(today)
    else:
        record = document(Analysis(design, graph, Scenario(load=factor)), today)
    run, skipped = sweep_wanted(design, sweep, factor)
    outcomes = WhatIf(design, graph).sweep(factor) if run else None
    return Figures(design, record, budget_minutes(today), outcomes, skipped)
