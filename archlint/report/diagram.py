"""The diagram section: each design drawn by the renderer, inline, with a panel that lists the
findings of the element a reader selects.

The page's script does the selecting; what it shows is all here, written out in advance: one
panel per element with findings, keyed by the element's SVG id, and one panel for "no
findings". The SVG itself is put in place of each drawing's placeholder after layout.
"""

from __future__ import annotations

from .markup import Markup, el, join
from .parts import element_name, severity
from .review import Drawing, Review, shown_path
from .ruledoc import code_spans

HINT = ("Select a component, an edge or a box to list its findings here; select an element's name in a "
        "finding to show it on the diagram. Marks: an outline in red with a \u25a0 for an error, amber with "
        "a \u25b2 for a warning, blue with a \u25cf for info, and the codes of its findings under the label.")


def _panel(drawing: Drawing, target: str, items) -> Markup:
    element = items[0].finding.element
    count = len(items)
    rows = [el("li", severity(i.finding.severity.value), " ", el("span", i.finding.code, class_="code"), " ",
               code_spans(i.finding.message), " ", el("a", f"finding {i.number}", href=f"#{i.anchor}"))
            for i in items]
    title = el("p", el("strong", element_name(drawing, element)), f": {count} finding" + ("s" if count != 1 else ""),
               class_="panel-title")
    return el("div", title, el("ul", rows), class_="panel", data_element=target, hidden=True)


def _drawing(review: Review, drawing: Drawing, several: bool) -> Markup:
    design = drawing.design
    name = design.title or shown_path(design.root)
    heading = None
    if several:
        heading = el("h3", f"Design {drawing.index + 1}: {name}", id=f"design-{drawing.index + 1}")
    if drawing.dot is None:
        return join([heading, el("p", "The diagram is not drawn: ", drawing.refused or "", class_="refused")])
    panels = [_panel(drawing, target, items) for target, items in sorted(review.by_element(drawing).items())]
    nothing = el("div", el("p", el("strong", "", class_="panel-name"), ": no findings.", class_="panel-title"),
                 class_="panel panel-none", hidden=True)
    idle = el("p", "Nothing selected.", class_="panel-idle")
    canvas = el("div", Markup(drawing.placeholder), class_="canvas", tabindex="0", role="region",
                aria_label=f"diagram of {name}")
    zoom = el("button", "Fit to width", type="button", class_="zoom", aria_pressed="false", hidden=True)
    # The panel and the button are shown by the script: without it, the links in the findings
    # still find their elements.
    selection = el("div", idle, join(panels), nothing, class_="selection", aria_live="polite", hidden=True)
    return join([heading, el("div", zoom, canvas, selection, class_="drawing", data_prefix=drawing.prefix)])


def section(review: Review) -> Markup:
    several = len(review.drawings) > 1
    body = [el("h2", "Diagram", id="diagram-heading"), el("p", HINT, class_="hint")]
    body += [_drawing(review, drawing, several) for drawing in review.drawings]
    return el("section", join(body), id="diagram", aria_labelledby="diagram-heading")
