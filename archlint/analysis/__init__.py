"""The numbers of a design: entry points, what they need, failure domains, availability against
the SLO, the latency budget and capacity (the contract: ANALYSIS.md; for users: docs/analysis.md).

Below the rules, above the graph; it knows no screen. The numbers rules run in every lint, so the
package loads its model only when something asks for it: a design that states no numbers (no
`slo`, no `availability`, `latency` or `capacity`) costs a lint nothing here, and the names below
are imported on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..graph import DesignGraph
    from ..model import Design
    from .analysis import DEFAULT_WINDOW, Analysis, Contributor, EntryNumbers, Scenario
    from .flows import Entry

__all__ = ["Analysis", "Contributor", "DEFAULT_WINDOW", "Entry", "EntryNumbers", "Scenario", "of", "promised_and_stated", "states"]

_WHERE = {"Analysis": ".analysis", "Contributor": ".analysis", "DEFAULT_WINDOW": ".analysis",
          "EntryNumbers": ".analysis", "Scenario": ".analysis", "Entry": ".flows"}


def __getattr__(name: str):
    """`from archlint.analysis import Analysis` loads the model then (PEP 562)."""
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(where, __name__), name)
    globals()[name] = value
    return value


def of(graph: DesignGraph) -> Analysis:
    """Today's analysis of a design, shared by every rule that judges it."""
    # Kept on the graph, so that it goes with it: a table keyed by graph would keep every graph
    # alive through its analysis, which refers to it (a leak in a long-lived language server).
    analysis = graph.derived.get("analysis")
    if analysis is None:
        from .analysis import Analysis

        analysis = graph.derived["analysis"] = Analysis(graph.design, graph)
    return analysis


def states(design: Design, attribute: str) -> bool:
    """Whether any component states `attribute` (`availability`, `latency`, `capacity`): without
    it a numbers rule has nothing to judge, and returns before the model is loaded."""
    return any(getattr(c, attribute) is not None for c in design.components.values())


def promised_and_stated(design: Design, attribute: str) -> bool:
    """Whether the slo promises `attribute` (`availability`, `latency`) and some component states
    it: what an slo rule needs before it asks for the model."""
    return design.slo is not None and getattr(design.slo, attribute) is not None and states(design, attribute)
