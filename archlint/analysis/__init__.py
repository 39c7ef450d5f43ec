"""The numbers of a design: entry points, what they need, failure domains, availability against
the SLO, the latency budget and capacity (the contract: ANALYSIS.md; for users: docs/analysis.md).

Below the rules, above the graph; it knows no screen. Nothing here is imported by a plain lint
unless a rule asks for the numbers.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from ..graph import DesignGraph
from .analysis import DEFAULT_WINDOW, Analysis, Contributor, EntryNumbers, Scenario
from .flows import Entry

__all__ = ["Analysis", "Contributor", "DEFAULT_WINDOW", "Entry", "EntryNumbers", "Scenario", "of"]

_TODAY: WeakKeyDictionary = WeakKeyDictionary()


def of(graph: DesignGraph) -> Analysis:
    """Today's analysis of a design, shared by every rule that judges it."""
    analysis = _TODAY.get(graph)
    if analysis is None:
        analysis = _TODAY[graph] = Analysis(graph.design, graph)
    return analysis
