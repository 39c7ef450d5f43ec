"""Drawing a design with its findings: DOT built from the model (`dot.py`), laid out by Graphviz
(`layout.py`), stamped so `--check` can tell a stale drawing (`stamp.py`).

    from archlint.linter import lint
    from archlint.render import render

    result = lint("design.arch")
    svg = render(result.designs[0], result.findings, "svg")

Nothing in the core imports this package, and it imports `graphviz` only when it draws.
"""

from __future__ import annotations

from typing import Iterable

from ..diagnostics import Finding
from ..model import Design
from . import stamp
from .dot import DETAILS, DIRECTIONS, ENGINES, build, drawn_ids, is_compact
from .layout import DEFAULT_TIMEOUT, LayoutError, check_size, lay_out

FORMATS = ("svg", "png", "pdf", "dot")
EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}


def render(design: Design, findings: Iterable[Finding] | None = (), fmt: str = "svg", *,
           direction: str = "LR", engine: str = "dot", detail: str = "auto",
           timeout: float = DEFAULT_TIMEOUT, scenario=None) -> bytes:
    """The drawing of a design, findings marked (`findings=None`: plain), as bytes of `fmt`.

    Raises `LayoutError` when no layout engine is installed, the design is too big for the
    engine, or the layout fails or runs past `timeout` seconds. DOT needs no engine.
    `scenario` draws a what-if scenario (`scenario.ScenarioMarks`) in place of the findings.
    """
    source = build(design, findings, direction=direction, engine=engine, detail=detail, scenario=scenario)
    if fmt != "dot":
        check_size(design, engine, is_compact(design, detail))
    return draw(source, fmt, engine=engine, timeout=timeout, components=len(design.components))


def draw(source: str, fmt: str, *, engine: str = "dot", timeout: float = DEFAULT_TIMEOUT,
         components: int = 0) -> bytes:
    """Lay out DOT `source` as `fmt`, normalised and stamped; DOT itself is returned as it is."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return source.encode("utf-8")
    data = lay_out(source, fmt, engine, timeout=timeout, components=components)
    try:
        return stamp.embed(stamp.normalise(data, fmt), fmt, stamp.of(source))
    except ValueError as error:  # the engine wrote something other than what was asked
        raise LayoutError(f"Graphviz produced no {fmt.upper()}: {error}") from None


def up_to_date(existing: bytes, source: str, fmt: str) -> bool:
    """Whether a drawing on disk was made from exactly this DOT."""
    if fmt == "dot":
        return existing == source.encode("utf-8")
    return stamp.read(existing, fmt) == stamp.of(source)


__all__ = [
    "DETAILS", "DIRECTIONS", "ENGINES", "EXTENSIONS", "FORMATS", "LayoutError",
    "build", "check_size", "draw", "drawn_ids", "is_compact", "render", "up_to_date",
]
