"""The whole document: head, sections, the inline style and script, and the stamp.

One self-contained file: the CSS and the script are inline, the diagrams are inline SVG, and a
Content-Security-Policy lets the page load nothing at all and run no script but its own (by
hash), so even a label that slipped past escaping could not run or fetch anything.

The stamp, like a drawing's, lets `--check` tell a stale report without laying anything out:
the SHA-256 of the page as written before layout (every section, with a placeholder where
each diagram goes) and of the DOT each diagram is laid out from.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from importlib import resources

from .. import __version__
from . import diagram, findings, numbers, provenance, summary, sweep
from .markup import Markup, el, join, lines
from .review import Drawing, Options, Review

STAMP_NAME = "archlint-report-stamp"
_UNSTAMPED = f'<meta name="{STAMP_NAME}" content="">'
_STAMPED = re.compile(rf'<meta name="{STAMP_NAME}" content="([0-9a-f]{{64}})">')
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SVG_START = re.compile(r"<svg[\s>]")


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


@dataclass
class Page:
    """A report before layout: its HTML with a placeholder per diagram, and its stamp."""

    skeleton: str
    drawings: list[Drawing]
    options: Options
    stamp: str

    def with_diagrams(self, svgs: dict[int, str]) -> str:
        """The finished page: each drawing's SVG (`inline_svg` output) in its place."""
        html = self.skeleton
        for drawing in self.drawings:
            if drawing.index in svgs:
                html = html.replace(drawing.placeholder, svgs[drawing.index], 1)
        return html


def compose(review: Review) -> Page:
    """The page of a review, every section but the diagrams' SVG in place."""
    css, script = _asset("report.css"), _asset("report.js")
    policy = (f"default-src 'none'; style-src '{_hash(css)}'; script-src '{_hash(script)}'; img-src data:; "
              "base-uri 'none'; form-action 'none'")
    title = f"Design review: {review.title}"
    sections = [summary.section(review), diagram.section(review), findings.section(review), numbers.section(review),
                sweep.section(review), provenance.suppressions(review), provenance.inputs(review)]
    contents = [("summary", "Summary"), ("diagram", "Diagram"), ("findings", "Findings by rule"),
                ("analysis", "Analysis per entry point"), ("whatif", "What-if"),
                ("suppressions", "Suppressions and baseline"), ("inputs", "Inputs")]
    nav = el("nav", el("ul", [el("li", el("a", label, href=f"#{ident}")) for ident, label in contents]),
             aria_label="Sections")
    head = lines(
        Markup('<meta charset="utf-8">'),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", http_equiv="Content-Security-Policy", content=policy),
        el("meta", name="generator", content=f"archlint {__version__}"),
        Markup(_UNSTAMPED),
        el("title", title),
        el("style", Markup(css)),
    )
    files = ", ".join(provenance.input_files(review)[: len(review.result.files)])
    header = el("header", el("h1", title), el("p", f"{files} \u00b7 archlint {__version__}", class_="subtitle"), nav)
    body = lines(header, el("main", lines(*sections)),
                 el("footer", "Made by archlint ", __version__, " from the inputs listed above. Numbers and findings "
                    "are judged from what the design states."),
                 el("script", Markup(script)))
    skeleton = Markup("<!DOCTYPE html>\n") + lines(
        Markup('<html lang="en">'), el("head", Markup("\n") + head + Markup("\n")), el("body", Markup("\n") + body),
        Markup("</html>")) + "\n"
    stamp = _stamp(skeleton, review.drawings)
    return Page(skeleton.replace(_UNSTAMPED, f'<meta name="{STAMP_NAME}" content="{stamp}">', 1),
                review.drawings, review.options, stamp)


def _stamp(skeleton: str, drawings: list[Drawing]) -> str:
    sha = hashlib.sha256(skeleton.encode("utf-8"))
    for drawing in drawings:
        sha.update(b"\0" + (drawing.dot or "").encode("utf-8"))
    return sha.hexdigest()


def stamp_of(html: str) -> str | None:
    """The stamp a report carries, or None (not a report, or not one archlint wrote)."""
    found = _STAMPED.search(html[:4096])
    return found.group(1) if found else None


def inline_svg(data: bytes) -> str:
    """The renderer's SVG as an element of the page: the XML prolog, doctype and comments
    dropped (Graphviz escapes every text and attribute, so what is left parses the same as
    HTML and as XML)."""
    text = data.decode("utf-8")
    start = _SVG_START.search(text)
    if start is None:
        raise ValueError("not an SVG drawing")
    return _COMMENT.sub("", text[start.start():]).strip()
