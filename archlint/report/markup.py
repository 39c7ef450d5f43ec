"""HTML built from pieces that cannot inject markup.

Every string is text unless it is `Markup`: `el()` escapes plain strings (the design's labels,
ids, messages, file names) and passes `Markup` through, so a section can only produce markup by
building elements. Attribute values are always escaped, quotes included. What XML and HTML
cannot carry (control characters, lone surrogates) is replaced, so a hostile label cannot make
the page unparsable either.
"""

from __future__ import annotations

import html
import re
from typing import Iterable, Union

_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Elements without an end tag.
_VOID = frozenset({"br", "hr", "img", "meta", "link", "col", "input", "wbr"})
_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")


class Markup(str):
    """A string that is already HTML; only this module and `el()` make one. Adding text to it
    escapes the text."""

    def __add__(self, other: str) -> "Markup":
        return Markup(str.__add__(self, join(other)))

    def __radd__(self, other: str) -> "Markup":
        return Markup(str.__add__(join(other), self))


Node = Union[str, Markup, None, Iterable["Node"]]


def text(value: str) -> Markup:
    """`value` as HTML text: escaped, with what HTML cannot carry replaced by U+FFFD."""
    return Markup(html.escape(_NOT_TEXT.sub("\ufffd", value), quote=True))


def join(nodes: Node) -> Markup:
    """Nodes as one piece of HTML: text escaped, markup as it is, None and empty left out."""
    if nodes is None:
        return Markup("")
    if isinstance(nodes, Markup):
        return nodes
    if isinstance(nodes, str):
        return text(nodes)
    return Markup("".join(join(node) for node in nodes))


def el(name: str, /, *children: Node, **attrs: str | int | bool | None) -> Markup:
    """An element. Attributes are keyword arguments (`class_` for `class`, `data_element` for
    `data-element`); True writes a bare attribute, False and None leave it out."""
    if not _NAME.match(name):
        raise ValueError(f"not an element name: {name!r}")
    parts = [name]
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        attribute = key.rstrip("_").replace("_", "-")
        if not _NAME.match(attribute):
            raise ValueError(f"not an attribute name: {attribute!r}")
        parts.append(attribute if value is True else f'{attribute}="{text(str(value))}"')
    opening = "<" + " ".join(parts) + ">"
    if name in _VOID:
        return Markup(opening)
    return Markup(f"{opening}{join(children)}</{name}>")


def lines(*nodes: Node) -> Markup:
    """Pieces of a page, one per line (for a readable, diffable file)."""
    return Markup("\n".join(join(node) for node in nodes if node))
