"""What a report shows, worked out once: the findings in the order the page lists them, each
with the drawn element it is about, the DOT of each design, each design's numbers, and the
run's settings.

Nothing here lays anything out or writes HTML: the sections read a `Review`, and the page
(`page.py`) turns it into a document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..diagnostics import Finding, Severity
from ..linter import LintResult
from ..model import Design
from ..render import LayoutError, build, check_size, drawn_ids, is_compact
from .figures import Figures, figures_of

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Options:
    """How the diagrams are drawn (the options `archlint render` takes), and the numbers judged:
    `load` multiplies every declared rate (`--load`), `sweep` runs the what-if sweep (None: on
    designs small enough, `figures.SWEEP_AUTO_LIMIT`)."""

    direction: str = "LR"
    engine: str = "dot"
    detail: str = "auto"
    load: float | None = None
    sweep: bool | None = None


@dataclass
class BaselineUse:
    """The baseline a run applied: where, how many entries, what it held back, what is stale."""

    path: str
    entries: int
    held_back: list[Finding]
    stale: list[tuple[object, int]]  # (baseline.Entry, count unmatched)


@dataclass
class Drawing:
    """One design's diagram: its DOT (None when the design is too big to lay out, `refused`
    says why) and the SVG id of each element a finding can be about."""

    index: int
    design: Design
    prefix: str
    ids: dict[str, str]
    dot: str | None
    refused: str | None = None
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # file -> first and last line

    @property
    def placeholder(self) -> str:
        return f"<!--archlint diagram {self.index}-->"


@dataclass
class Item:
    """A finding as listed: its number on the page and the drawn element it points at."""

    number: int
    finding: Finding
    target: str | None  # the SVG id, None when it is about no drawn element
    drawing: Drawing | None

    @property
    def anchor(self) -> str:
        return f"finding-{self.number}"


@dataclass
class Review:
    result: LintResult
    threshold: Severity
    catalog: object  # archlint.selection.Catalog
    config: str | None  # the configuration file in use, None for the defaults
    options: Options
    baseline: BaselineUse | None
    drawings: list[Drawing]
    items: list[Item] = field(default_factory=list)  # active findings, in page order
    figures: list[Figures] = field(default_factory=list)  # one per drawing, in the same order

    @property
    def title(self) -> str:
        titles = [d.design.title for d in self.drawings if d.design.title]
        if titles:
            return titles[0]
        return ", ".join(shown_path(f) for f in self.result.files) or "design"

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.result.findings if f.suppressed]

    def failing(self) -> list[Item]:
        return [i for i in self.items if i.finding.severity.rank >= self.threshold.rank]

    def by_element(self, drawing: Drawing) -> dict[str, list[Item]]:
        """The listed findings on each drawn element of one diagram, by SVG id."""
        found: dict[str, list[Item]] = {}
        for item in self.items:
            if item.drawing is drawing and item.target is not None:
                found.setdefault(item.target, []).append(item)
        return found


def shown_path(path: str) -> str:
    """A path as the report prints it: relative to the working directory when it is below it,
    so that a report made in a checkout reads the same in every checkout."""
    if os.path.isabs(path):
        relative = os.path.relpath(path)
        if not relative.startswith(".."):
            path = relative
    return path.replace(os.sep, "/")


def severity_rank(finding: Finding) -> int:
    return SEVERITIES.index(finding.severity.value)


def rule_order(finding: Finding) -> tuple:
    """Worst first, then by code: the order of rules on the page."""
    return (severity_rank(finding), finding.code, finding.rule)


def make_review(result: LintResult, *, threshold: Severity, catalog, config: str | None = None,
                options: Options = Options(), baseline: BaselineUse | None = None) -> Review:
    """The review of a lint run over one file (a design, or a Markdown document of designs)."""
    several = len(result.designs) > 1
    drawings = [_drawing(i, design, result.findings, options, f"d{i + 1}-" if several else "")
                for i, design in enumerate(result.designs)]
    review = Review(result, threshold, catalog, config, options, baseline, drawings)
    active = sorted(result.active, key=lambda f: (rule_order(f), f.sort_key(), f.element or ""))
    for number, finding in enumerate(active, start=1):
        drawing = _drawing_of(finding, drawings)
        target = drawing.ids[finding.element] if drawing is not None and drawing.dot is not None else None
        review.items.append(Item(number, finding, target, drawing))
    review.figures = [figures_of(d.design, load=options.load, sweep=options.sweep) for d in drawings]
    return review


def _drawing(index: int, design: Design, findings: list[Finding], options: Options, prefix: str) -> Drawing:
    ids = drawn_ids(design, prefix)
    if options.engine != "dot":  # the force-directed layouts draw no groups
        ids = {element: ident for element, ident in ids.items() if element not in design.groups}
    spans = _spans(design)
    try:
        check_size(design, options.engine, is_compact(design, options.detail))
    except LayoutError as error:
        return Drawing(index, design, prefix, ids, None, refused=str(error), spans=spans)
    dot = build(design, findings, direction=options.direction, engine=options.engine, detail=options.detail,
                ids=prefix)
    return Drawing(index, design, prefix, ids, dot, spans=spans)


def _drawing_of(finding: Finding, drawings: list[Drawing]) -> Drawing | None:
    """The diagram that shows what a finding is about: the design that holds its element and,
    when several do (a Markdown document's "before" and "after"), whose text holds it."""
    if finding.element is None:
        return None
    holding = [d for d in drawings if finding.element in d.ids]
    where = finding.location
    for drawing in holding:
        first, last = drawing.spans.get(where.file, (0, -1))
        if first <= where.line <= last:
            return drawing
    return holding[0] if holding else None


def _spans(design: Design) -> dict[str, tuple[int, int]]:
    """The lines each file gives the design: one block of a Markdown document, a whole file."""
    spans: dict[str, tuple[int, int]] = {}
    for element in (*design.components.values(), *design.groups.values(), *design.edges):
        where = element.statement
        first, last = spans.get(where.file, (where.line, where.end_line))
        spans[where.file] = (min(first, where.line), max(last, where.end_line))
    return spans
