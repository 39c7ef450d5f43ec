"""The marks of a what-if scenario on the drawing (`archlint render --fail ID`).

What is marked comes from the analysis (`scenarios.py` judges, `blast.py` says where requests
stop); this module only says how each mark looks. Colour is never the only signal: every mark
also has a word on the element's label (`DOWN`, `CUT OFF`, ...), a line style or a second
outline, and an SVG class (`whatif-down`, ...) a page or a test can find.

| mark | colour | line | class |
|---|---|---|---|
| down: no instance left; a failed zone, region or host | red, pale red fill | heavy | `whatif-down` |
| too few instances left for the load or quorum | red | heavy | `whatif-short` |
| entry point broken | red | heavy | `whatif-entry-broken` |
| cut off from a broken entry point | red | dashed | `whatif-cut-off whatif-broken` |
| survivor over capacity; entry point overloaded | purple | double outline | `whatif-overloaded`, `whatif-entry-overloaded` |
| entry point degraded; cut off from it | amber | dashed | `whatif-entry-degraded`, `whatif-cut-off whatif-degraded` |
| cache gone cold | blue | dashed | `whatif-cold` |
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.blast import Blast
from ..analysis.scenarios import BROKEN, DEGRADED, OVERLOADED, Outcome

RED, AMBER, PURPLE, BLUE = "#d62728", "#e69f00", "#cc79a7", "#0072b2"  # Okabe-Ito amber, purple, blue
DOWN_FILL = "#f8d4d4"
GROUP_DOWN_FILL = "#fdeeee"
ENTRY_COLORS = {BROKEN: RED, OVERLOADED: PURPLE, DEGRADED: AMBER}
ENTRY_WORDS = {BROKEN: "ENTRY BROKEN", OVERLOADED: "ENTRY OVERLOADED", DEGRADED: "ENTRY DEGRADED"}
_RANK = {RED: 4, PURPLE: 3, AMBER: 2, BLUE: 1}


@dataclass
class Mark:
    """How one element is marked: the words on its label, its tooltip lines, its classes."""

    classes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # label lines, in capitals first
    notes: list[str] = field(default_factory=list)  # tooltip lines
    color: str | None = None
    solid: bool = False  # a mark drawn with a heavy solid line (down, too few, an entry point's status)
    double: bool = False
    fill: str | None = None

    def add(self, css: str, word: str, note: str, color: str, *, dashed: bool = False) -> None:
        self.classes.append(css)
        self.words.append(word)
        if note:
            self.notes.append(note)
        if self.color is None or _RANK[color] > _RANK[self.color]:
            self.color = color
        self.solid = self.solid or not dashed


@dataclass(frozen=True)
class LegendRow:
    color: str
    word: str
    meaning: str
    elements: tuple[str, ...]


class ScenarioMarks:
    """The marks of one outcome, by drawn element."""

    def __init__(self, outcome: Outcome, blast: Blast) -> None:
        self.outcome = outcome
        self.blast = blast
        self.components: dict[str, Mark] = {}
        self.edges: dict[str, Mark] = {}
        self.groups: dict[str, Mark] = {}
        why = {e.entry: e.why for e in outcome.entries}
        left = outcome.left
        for ident in blast.down:
            total = left.get(ident, (0, 0))[1]
            self._component(ident).add("whatif-down", "DOWN", f"down: none of its {total} instances left", RED)
            self._component(ident).fill = DOWN_FILL
        for ident, (alive, k) in sorted(blast.short.items()):
            self._component(ident).add("whatif-short", f"TOO FEW: {alive} OF {k} NEEDED",
                                       f"too few instances: {alive} left in its unit, {k} needed", RED)
        for ident in blast.cold:
            self._component(ident).add("whatif-cold", "COLD", "cold: the reads it answered land on the stores it caches",
                                       BLUE, dashed=True)
        for ident, utilization in sorted(blast.overloaded.items()):
            mark = self._component(ident)
            mark.add("whatif-overloaded", f"OVERLOADED: {utilization:.2f} OF CAPACITY",
                     f"over capacity: utilization {utilization:.2f} with {left[ident][0]} of {left[ident][1]} "
                     f"instances left", PURPLE)
            mark.double = True
        for entry, status in sorted(blast.entry_status.items()):
            for element in blast.entry_elements[entry]:
                target = self._edge(element) if "~>" in element else self._component(element)  # work: its edge
                target.add(f"whatif-entry-{status}", ENTRY_WORDS[status], f"entry point {entry} {status}: {why[entry]}",
                           ENTRY_COLORS[status])
                if status == OVERLOADED:
                    target.double = True
        for ident, status in sorted(blast.cut_off.items()):
            self._component(ident).add(f"whatif-cut-off whatif-{status}", "CUT OFF",
                                       f"cut off: a {status} entry point can no longer reach it", ENTRY_COLORS[status],
                                       dashed=True)
        for ident, status in sorted(blast.cut_edges.items()):
            self._edge(ident).add(f"whatif-cut whatif-{status}", "CUT",
                                  f"cut: a {status} entry point's requests stop here", ENTRY_COLORS[status], dashed=True)
        for ident in blast.failed_domains:
            mark = self.groups.setdefault(ident, Mark())
            mark.add("whatif-down", "DOWN", "down: every instance placed in it is lost", RED)
            mark.fill = GROUP_DOWN_FILL

    def _component(self, ident: str) -> Mark:
        return self.components.setdefault(ident, Mark())

    def _edge(self, ident: str) -> Mark:
        return self.edges.setdefault(ident, Mark())

    # --- the legend ---------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return f"What if: {self.outcome.label}"

    def summary(self) -> str:
        counts = [f"{self.outcome.count(s)} {s}" for s in (BROKEN, OVERLOADED, DEGRADED)]
        total = len(self.outcome.entries)
        return f"entry points: {', '.join(counts)}, {total - sum(self.outcome.count(s) for s in ENTRY_COLORS)} ok"

    def legend(self) -> list[LegendRow]:
        b = self.blast

        def entries(status: str) -> tuple[str, ...]:
            return tuple(sorted(e for e, s in b.entry_status.items() if s == status))

        return [
            LegendRow(RED, "DOWN", "no instance left, or the failed zone, region or host (heavy, pale red)",
                      (*b.down, *b.failed_domains)),
            LegendRow(RED, "TOO FEW", "instances left, fewer than the load or quorum needs (heavy)",
                      tuple(sorted(b.short))),
            LegendRow(RED, "ENTRY BROKEN", "an entry point that cannot be served (heavy)", entries(BROKEN)),
            LegendRow(RED, "CUT OFF / CUT", "what a broken entry point can no longer reach (dashed)",
                      tuple(sorted(c for c, s in b.cut_off.items() if s == BROKEN))),
            LegendRow(PURPLE, "OVERLOADED", "a survivor at 1 or more of its capacity, or an entry point that needs "
                      "one (double outline)", (*sorted(b.overloaded), *entries(OVERLOADED))),
            LegendRow(AMBER, "ENTRY DEGRADED / CUT OFF", "an entry point that lost only optional dependencies, and what "
                      "it can no longer reach (dashed)",
                      (*entries(DEGRADED), *sorted(c for c, s in b.cut_off.items() if s == DEGRADED))),
            LegendRow(BLUE, "COLD", "a cache gone cold: its reads land on the stores it caches (dashed)", b.cold),
        ]


__all__ = ["LegendRow", "Mark", "ScenarioMarks"]
