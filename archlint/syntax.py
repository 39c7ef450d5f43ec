"""The syntax tree of one file: plain, position-carrying nodes that the parser emits.

Only the parser builds these and only the loader reads them; nothing later sees them, nor any
Lark object. Positions are (line, column, end_line, end_column), 1-based, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union

Span = tuple[int, int, int, int]


def join(first: Span, last: Span) -> Span:
    return (first[0], first[1], last[2], last[3])


@dataclass(slots=True)
class Value:
    """A literal. `kind` is one of number, percent, duration, rate, string, symbol, bool, list."""

    kind: str
    value: Any  # number: int|float; percent: percent; duration: seconds; rate: per second
    text: str
    span: Span


@dataclass(slots=True)
class Attr:
    name: str
    name_span: Span
    value: Value

    @property
    def span(self) -> Span:
        """From the name to the end of the value (derived: a large design has many attributes)."""
        return join(self.name_span, self.value.span)


@dataclass(slots=True)
class ComponentNode:
    kind: str
    kind_span: Span
    id: str
    id_span: Span
    label: str | None
    attrs: list[Attr]
    span: Span


@dataclass(slots=True)
class Ref:
    id: str
    span: Span


@dataclass(slots=True)
class EdgeNode:
    """`a, b -> c ~> d "label" [attrs]`: the ref lists and the arrows between them."""

    stages: list[list[Ref]]
    arrows: list[str]
    label: str | None
    attrs: list[Attr]
    span: Span


@dataclass(slots=True)
class GroupNode:
    keyword: str
    id: str
    id_span: Span
    label: str | None
    attrs: list[Attr]
    body: list["Statement"]  # empty when the statements went to a sink as they were parsed
    span: Span  # the header's until the closing brace is read
    header_span: Span  # from the keyword to the opening brace


@dataclass(slots=True)
class TitleNode:
    text: str
    span: Span


@dataclass(slots=True)
class IncludeNode:
    path: str
    path_span: Span
    span: Span


@dataclass(slots=True)
class SloNode:
    attrs: list[Attr]
    span: Span


Statement = Union[ComponentNode, EdgeNode, GroupNode, TitleNode, IncludeNode, SloNode]


@dataclass(slots=True)
class Comment:
    text: str
    line: int
    column: int
    end_column: int


@dataclass(slots=True)
class FileTree:
    statements: list[Statement] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
