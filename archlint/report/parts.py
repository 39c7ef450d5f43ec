"""Small pieces several sections print the same way: a severity, a place, an element's name,
a finding's line, a table."""

from __future__ import annotations

from typing import Iterable, Sequence

from ..diagnostics import Finding
from .markup import Markup, Node, el
from .review import Drawing, Item, shown_path
from .ruledoc import code_spans

# Severity is said in words and in shape, never by colour alone.
SHAPES = {"error": "\u25a0", "warning": "\u25b2", "info": "\u25cf"}  # square, triangle, circle


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def severity(value: str) -> Markup:
    return el("span", el("span", SHAPES[value], aria_hidden="true"), " ", value, class_=f"sev sev-{value}")


def place(finding: Finding) -> Markup:
    where = finding.location
    return el("span", f"{shown_path(where.file)}:{where.line}:{where.column}", class_="where")


def element_name(drawing: Drawing | None, element: str) -> str:
    """`service api (Shortener API)`, `edge api->urls`, `region eu_west`: what the element is."""
    if drawing is None:
        return element
    design = drawing.design
    if element in design.components:
        component = design.components[element]
        return f"{component.kind} {component.id}" + (f" ({component.label})" if component.label else "")
    if element in design.groups:
        group = design.groups[element]
        return f"{group.kind} {group.id}" + (f" ({group.label})" if group.label else "")
    return f"edge {element}"


def locate(item: Item) -> Markup:
    """The element a finding is about: a link to it on the diagram, or plain text when it is not
    drawn (the link works without the script too: the browser scrolls to the element)."""
    finding = item.finding
    if finding.element is None:
        return el("span", "the design as a whole", class_="element")
    return _to(item.target, element_name(item.drawing, finding.element))


def link(drawing: Drawing | None, element: str | None, content: Node) -> Markup:
    """`content` as a link to `element` on the diagram (a component's id, `api->db`, a group's
    id), or as plain text when that element is not drawn."""
    drawn = drawing is not None and drawing.dot is not None and element is not None
    return _to(drawing.ids.get(element) if drawn else None, content)


def _to(target: str | None, content: Node) -> Markup:
    if target is None:
        return el("span", content, class_="element")
    return el("a", content, href=f"#{target}", class_="locate element", data_element=target)


def finding_line(item: Item, *, with_rule: bool = False) -> list[Node]:
    """The body of one finding's row: severity, (rule,) element, message, place, help."""
    finding = item.finding
    return [
        severity(finding.severity.value), " ",
        el("span", finding.code, class_="code") if with_rule else None, " " if with_rule else None,
        locate(item), ": ",
        el("span", code_spans(finding.message), class_="message"), " ",
        place(finding),
        el("span", " Fix: ", code_spans(finding.help), class_="help") if finding.help else None,
    ]


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Node]], *,
          numeric: Sequence[int] = ()) -> Markup:
    """A table with a caption and column headers (`numeric`: columns aligned right)."""
    head = el("tr", [el("th", h, scope="col") for h in headers])
    body = [el("tr", [el("td", cell, class_="num" if i in numeric else None) for i, cell in enumerate(row)])
            for row in rows]
    return el("table", el("caption", caption), el("thead", head), el("tbody", body))
