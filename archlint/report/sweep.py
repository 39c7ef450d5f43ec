"""The what-if sweep, ranked: one instance of every component down, and every zone, region and
host down, each on its own, in the order `archlint analyze --sweep` gives (most entry points
broken first, then overloaded, then degraded, then availability lost); each failure with the
entry points it breaks, overloads or degrades and why, linked to its element on the diagram.
"""

from __future__ import annotations

from ..analysis import words
from ..model import Design
from .markup import Markup, el, join
from .parts import link, plural, table
from .review import Drawing, Review, shown_path
from .ruledoc import code_spans

# Worst first; each said in a word and a shape, coloured too.
STATUSES = {"broken": "\u25a0", "overloaded": "\u25b2", "degraded": "\u25cf"}
NAMED = 12  # entry points named per line before "and N more"


def status(value: str) -> Markup:
    return el("span", el("span", STATUSES[value], aria_hidden="true"), " ", value, class_=f"status status-{value}")


def failed_element(design: Design, scenario) -> str | None:
    """The diagram element a single failure is of: the component, the zone, region or host
    group, or the component whose counted zone it is (`db#zone2`); None when the domain is only
    named (`zones=[a, b]` without a group `a`)."""
    ident = (*scenario.one_down, *scenario.failed)[0]
    if ident in design.components or ident in design.groups:
        return ident
    owner, counted, _ = ident.partition("#zone")
    return owner if counted and owner in design.components else None


def _effects(outcome) -> Markup:
    """One line per status and reason: `■ broken: web, mobile: `db` has 0 of the 1 instances...`."""
    lines: dict[tuple[str, str], list[str]] = {}
    for entry in outcome.entries:
        if entry.status in STATUSES:
            lines.setdefault((entry.status, entry.why), []).append(entry.entry)
    ordered = sorted(lines.items(), key=lambda item: list(STATUSES).index(item[0][0]))
    rows = []
    for (value, why), entries in ordered:
        shown = join([", " if n else None, el("code", e)] for n, e in enumerate(entries[:NAMED]))
        more = f" and {len(entries) - NAMED:,} more ({len(entries):,} in all)" if len(entries) > NAMED else ""
        rows.append(el("li", status(value), ": ", shown, more, el("br"), el("span", code_spans(why), class_="why")))
    return el("ul", rows, class_="effects")


def _design(review: Review, index: int, several: bool) -> Markup:
    drawing: Drawing = review.drawings[index]
    figures = review.figures[index]
    design = drawing.design
    heading = None
    if several:
        name = design.title or shown_path(design.root)
        heading = el("h3", f"Design {index + 1}: {name}", id=f"whatif-{index + 1}")
    if figures.sweep is None:
        return join([heading, el("p", "The sweep was ", code_spans(figures.skipped), ".", class_="skipped")])
    outcomes = figures.sweep
    harmful = [(rank, o) for rank, o in enumerate(outcomes, start=1) if any(e.status in STATUSES for e in o.entries)]
    if not harmful:
        return join([heading, el("p", el("strong", "Nothing breaks"), f": none of the {len(outcomes):,} single "
                                 "failures breaks, overloads or degrades an entry point.", class_="nothing-breaks")])
    window = words.window(figures.document["window_minutes"])
    rows = [[str(rank), link(drawing, failed_element(design, outcome.scenario), code_spans(outcome.label)),
             _effects(outcome), words.downtime(outcome.availability_lost, figures.window_seconds)]
            for rank, outcome in harmful]
    body = [heading, table(f"The {len(harmful):,} of {len(outcomes):,} single failures that break, overload or "
                           "degrade an entry point, worst first",
                           ["rank", "failure", "entry points it breaks, overloads or degrades, and why",
                            f"downtime it adds over a {window}, all entry points"], rows, numeric=(0, 3))]
    others = [o for o in outcomes if not any(e.status in STATUSES for e in o.entries)]
    if others:
        listed = join([", " if n else None, code_spans(o.label)] for n, o in enumerate(others))
        body.append(el("details", el("summary", f"The other {plural(len(others), 'single failure')} "
                                                + ("breaks, overloads or degrades" if len(others) == 1
                                                   else "break, overload or degrade") + " nothing"), el("p", listed), class_="others"))
    return join(body)


def section(review: Review) -> Markup:
    several = len(review.drawings) > 1
    factor = review.options.load or 1.0
    at = f", at {factor:g}x today's declared rates (--load)" if factor != 1.0 else ""
    body = [el("h2", "What-if: single failures, worst first", id="whatif-heading"),
            el("p", "One instance of every component that can lose one, and every zone, region and host, taken down "
                    f"each on its own{at}, ranked as ", el("code", "archlint analyze --sweep"), " ranks them: most "
                    "entry points broken first, then overloaded, then degraded, then the availability lost. "
                    "Select a failure to see its element on the diagram.", class_="hint")]
    body += [_design(review, index, several) for index in range(len(review.drawings))]
    return el("section", join(body), id="whatif", aria_labelledby="whatif-heading")
