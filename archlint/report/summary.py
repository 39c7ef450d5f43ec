"""The summary: passed or failed against `--fail-on`, and the findings counted by severity and
by rule."""

from __future__ import annotations

from collections import Counter

from ..diagnostics import Severity
from .markup import Markup, el, join
from .parts import plural, severity, table
from .review import SEVERITIES, Review, rule_order


def verdict(review: Review) -> Markup:
    threshold = review.threshold.value
    failing = len(review.failing())
    if failing:
        word, sign, kind = "Failed", "\u2717", "failed"
        detail = f"{plural(failing, 'finding')} at or above {threshold}, the severity that fails the run (--fail-on)."
    else:
        word, sign, kind = "Passed", "\u2713", "passed"
        detail = f"no finding at or above {threshold}, the severity that fails the run (--fail-on)."
    return el("p", el("strong", el("span", sign, aria_hidden="true"), " ", word), ": ", detail,
              class_=f"verdict verdict-{kind}", id="verdict")


def rule_anchor(code: str, rule: str) -> str:
    return f"rule-{code or rule}"


def section(review: Review) -> Markup:
    items = review.items
    by_severity = Counter(i.finding.severity.value for i in items)
    severity_rows = [
        [severity(value), str(by_severity[value]),
         "yes" if Severity(value).rank >= review.threshold.rank else "no"]
        for value in SEVERITIES
    ]
    rules: dict[tuple, int] = Counter()
    for item in items:
        rules[rule_order(item.finding)] += 1
    rule_rows = []
    for (rank, code, rule), count in sorted(rules.items()):
        spec = review.catalog.rules.get(code) if review.catalog is not None else None
        rule_rows.append([
            el("a", code, href=f"#{rule_anchor(code, rule)}"), rule, spec.category if spec else "language",
            severity(SEVERITIES[rank]), str(count),
        ])
    held = len(review.baseline.held_back) if review.baseline else 0
    notes = [f"{plural(len(items), 'finding')} listed"]
    if review.suppressed:
        notes.append(f"{len(review.suppressed)} suppressed in the design")
    if review.baseline:
        notes.append(f"{held} held back by the baseline")
    body = [
        el("h2", "Summary", id="summary-heading"),
        verdict(review),
        el("p", "; ".join(notes) + " (see ", el("a", "Suppressions and baseline", href="#suppressions"), ").")
        if review.suppressed or review.baseline else el("p", notes[0] + "."),
        table("Findings by severity", ["severity", "findings", "fails the run"], severity_rows, numeric=(1,)),
    ]
    if rule_rows:
        body.append(table("Findings by rule", ["code", "rule", "category", "severity", "findings"], rule_rows,
                          numeric=(4,)))
    return el("section", join(body), id="summary", aria_labelledby="summary-heading")
