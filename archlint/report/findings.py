"""Findings grouped by rule, worst rule first, each rule with its explanation (from the rule's
docstring) and each finding with a link to its element on the diagram."""

from __future__ import annotations

from itertools import groupby

from .. import codes
from .markup import Markup, el, join
from .parts import finding_line, severity
from .review import Item, Review, rule_order
from .ruledoc import explanation
from .summary import rule_anchor


def _about(review: Review, code: str) -> tuple[str, Markup | None]:
    """A rule's one-line summary and its explanation (None for the language's own diagnostics,
    which have a summary only)."""
    spec = review.catalog.rules.get(code) if review.catalog is not None else None
    if spec is not None:
        return spec.summary, explanation(spec.doc)
    builtin = codes.BY_CODE.get(code)
    if builtin is not None:
        return builtin.summary[:1].upper() + builtin.summary[1:] + ".", None
    return "", None


def _rule(review: Review, items: list[Item]) -> Markup:
    finding = items[0].finding
    code, rule = finding.code, finding.rule
    summary, why = _about(review, code)
    heading = el("h3", severity(finding.severity.value), " ", el("span", code, class_="code"), " ", rule,
                 el("span", f" ({len(items)})", class_="count"), id=f"{rule_anchor(code, rule)}-heading")
    rows = [el("li", finding_line(item), id=item.anchor, class_=f"finding finding-{item.finding.severity.value}",
               data_element=item.target) for item in items]
    body = [heading, el("p", summary, class_="rule-summary") if summary else None,
            el("ol", rows, class_="findings")]
    if why is not None:
        body.append(el("details", el("summary", f"Why {rule} matters, and how to fix it"), why,
                       class_="explanation"))
    return el("section", join(body), id=rule_anchor(code, rule), class_="rule",
              aria_labelledby=f"{rule_anchor(code, rule)}-heading")


def section(review: Review) -> Markup:
    groups = [list(items) for _, items in groupby(review.items, key=lambda i: rule_order(i.finding))]
    body = [el("h2", "Findings by rule", id="findings-heading")]
    if not groups:
        body.append(el("p", "No findings."))
    body += [_rule(review, items) for items in groups]
    return el("section", join(body), id="findings", aria_labelledby="findings-heading")
