"""A rule's docstring as HTML: the small Markdown the rule docs are written in (paragraphs,
`-` lists, fenced code, `code` and *emphasis*), every character of it escaped first.

A third-party rule's docstring is text from outside like any label: nothing in it becomes
markup other than these few constructs, and links are shown as their text.
"""

from __future__ import annotations

import re

from .markup import Markup, el, join, text

_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\([^)\s]*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_ITEM = re.compile(r"^\s*[-*]\s+")
# The sections a reviewer reads in the report, in this order; the others stay in `archlint explain`.
SHOWN = ("Why is this bad?", "Best practice", "Options", "References")


def inline(source: str) -> Markup:
    """One line or paragraph: `code`, **strong**, *emphasis*, [text](link) as text."""
    out, at = [], 0
    for match in _INLINE.finditer(source):
        out.append(text(source[at:match.start()]))
        code, strong, emphasis, link = match.groups()
        if code is not None:
            out.append(el("code", code))
        elif strong is not None:
            out.append(el("strong", strong))
        elif emphasis is not None:
            out.append(el("em", emphasis))
        else:
            out.append(text(link))
        at = match.end()
    out.append(text(source[at:]))
    return join(out)


def code_spans(source: str) -> Markup:
    """A finding's message: its `quoted` names and evidence as code, nothing else as markup."""
    parts = source.split("`")
    if len(parts) % 2 == 0:  # an odd number of backticks: leave them as they are
        return text(source)
    return join(el("code", part) if odd else text(part) for odd, part in
                ((i % 2 == 1, p) for i, p in enumerate(parts)))


def blocks(source: str) -> Markup:
    """Paragraphs, lists and fenced code of a Markdown text."""
    out: list[Markup] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    code: list[str] | None = None

    def close() -> None:
        if paragraph:
            out.append(el("p", inline(" ".join(line.strip() for line in paragraph))))
            paragraph.clear()
        if items:
            out.append(el("ul", [el("li", inline(" ".join(item))) for item in items]))
            items.clear()

    for line in source.splitlines():
        if code is not None:
            if _FENCE.match(line):
                out.append(el("pre", el("code", "\n".join(code))))
                code = None
            else:
                code.append(line)
        elif _FENCE.match(line):
            close()
            code = []
        elif not line.strip():
            close()
        elif _ITEM.match(line):
            if paragraph:
                close()
            items.append([_ITEM.sub("", line, count=1).strip()])
        elif items and line.startswith((" ", "\t")):
            items[-1].append(line.strip())
        else:
            if items:
                close()
            paragraph.append(line)
    if code is not None:
        out.append(el("pre", el("code", "\n".join(code))))
    close()
    return join(out)


def sections(doc: str) -> dict[str, str]:
    """`## Title` -> its text; the summary line and what precedes the first title under ""."""
    found: dict[str, str] = {}
    title, body = "", []
    for line in doc.strip().splitlines():
        if line.startswith("## "):
            found[title] = "\n".join(body).strip()
            title, body = line[3:].strip(), []
        else:
            body.append(line)
    found[title] = "\n".join(body).strip()
    return found


def explanation(doc: str, heading: str = "h4") -> Markup:
    """The sections of a rule's docstring a reviewer needs, under `heading`s of their own."""
    parts = sections(doc)
    intro = parts.get("", "").split("\n", 1)
    out = [blocks(intro[1])] if len(intro) > 1 and intro[1].strip() else []
    for title in SHOWN:
        if parts.get(title):
            out.append(el(heading, title))
            out.append(blocks(parts[title]))
    return join(out)
