"""The design review in one page: a self-contained HTML report of a design, its diagram with
the findings marked, the findings by rule with each rule's explanation, the analysis per entry
point and the what-if sweep, what is suppressed, and the inputs it was made from
(docs/report.md).

    from archlint.linter import lint
    from archlint.report import compose_report, finish

    page = compose_report(lint("design.arch"))
    html = finish(page)            # lays out the diagrams (Graphviz)

`compose_report` needs no layout engine: its stamp is what `archlint report --check` compares.
Nothing in the core imports this package.
"""

from __future__ import annotations

from ..diagnostics import Severity
from ..linter import LintResult
from ..render import DEFAULT_TIMEOUT, LayoutError, draw
from .page import Page, compose, inline_svg, stamp_of
from .review import BaselineUse, Options, make_review


def compose_report(result: LintResult, *, threshold: Severity = Severity.ERROR, catalog=None,
                   config: str | None = None, options: Options = Options(),
                   baseline: BaselineUse | None = None) -> Page:
    """The report of a lint run over one file, before layout. `catalog` (a rule catalogue)
    gives the rules' explanations; `config` and `baseline` are named in the report."""
    review = make_review(result, threshold=threshold, catalog=catalog, config=config, options=options,
                         baseline=baseline)
    return compose(review)


def finish(page: Page, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The finished HTML: every diagram laid out and put in place. Raises `LayoutError` as
    `archlint.render.render` does (no engine, a layout that fails or runs past `timeout`)."""
    svgs = {}
    for drawing in page.drawings:
        if drawing.dot is not None:
            data = draw(drawing.dot, "svg", engine=page.options.engine, timeout=timeout,
                        components=len(drawing.design.components))
            svgs[drawing.index] = inline_svg(data)
    return page.with_diagrams(svgs)


def up_to_date(existing: str, page: Page) -> bool:
    """Whether a report on disk was made from exactly what `page` was."""
    return stamp_of(existing) == page.stamp


__all__ = ["BaselineUse", "LayoutError", "Options", "Page", "compose_report", "finish", "up_to_date"]
