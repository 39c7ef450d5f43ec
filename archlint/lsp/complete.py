"""What may be typed at a place: read from the text before the cursor, as the grammar allows it.

Returns (label, sort of word, detail) triples; the server turns them into completion items.
"""

from __future__ import annotations

import re

from ..language import ELEMENTS, GROUP_KEYWORDS, KEYWORDS, KIND_ALIASES, KIND_BY_NAME


_VALUE = re.compile(r"([A-Za-z_]\w*)\s*=\s*(?:\[[^\]=]*)?[\w.%/-]*$")  # `name=` or `name=[a, ` before the cursor
_NAME = re.compile(r"(?:\[|,|\{|^)\s*[A-Za-z_]?\w*$")  # where an attribute name starts
_AFTER_ARROW = re.compile(r"(?:->|~>|,)\s*\w*$")
_PRAGMA = re.compile(r"#\s*archlint\s*:\s*ignore(?:-file)?\s*\[[^\]]*$")
_STATEMENT_START = re.compile(r"^\s*\w*$")
_EDGE_HEAD = re.compile(r"^\s*\w+\s*(?:,\s*\w+\s*)*(?:->|~>)")


def complete(before: str, statement: str, in_block: str | None, ids: dict, rules: dict[str, str]) -> list[tuple]:
    """`before`: the line up to the cursor; `statement`: the text of the statement the cursor is
    in, up to the cursor; `in_block`: `component` inside a component's `{ }`, `group` inside a
    group's body, None at the top; `ids`: declared id -> declaration; `rules`: name -> summary."""
    if _PRAGMA.search(before):
        return [(name, "rule", summary) for name, summary in sorted(rules.items())]
    if "#" in before and before.rfind("#") > before.rfind('"'):
        return []
    element = _element(statement, in_block)
    value = _VALUE.search(before)
    if value and element:
        spec = ELEMENTS[element].get(value.group(1))
        if spec is None:
            return []
        if spec.type.reference or spec.name == "zones":
            return [(ident, "id", _detail(d)) for ident, d in sorted(ids.items())]
        return [(word, "value", spec.type.words) for word in spec.type.choices]
    inside_list = statement.count("[") > statement.count("]")
    if element and (inside_list or in_block == "component") and _NAME.search(before):
        return [(name, "attribute", spec.meaning) for name, spec in ELEMENTS[element].items()]
    if _AFTER_ARROW.search(before) and _EDGE_HEAD.search(statement):
        return [(ident, "id", _detail(d)) for ident, d in sorted(ids.items()) if d.what == "component"]
    if _STATEMENT_START.search(before):
        words = [(word, "kind", KIND_BY_NAME[kind].meaning) for word, kind in sorted(KIND_ALIASES.items())]
        words += [(word, "keyword", "") for word in KEYWORDS]
        words += [(ident, "id", _detail(d)) for ident, d in sorted(ids.items()) if d.what == "component"]
        return words
    return []


def _element(statement: str, in_block: str | None) -> str | None:
    """Whose attributes the statement holds: a component, an edge, a group or the slo."""
    words = statement.split()
    if in_block == "component" and not statement.strip().startswith(("}",)):
        return "component"
    if not words:
        return None
    if words[0] == "slo":
        return "slo"
    if words[0] in GROUP_KEYWORDS:
        return "group"
    if words[0] in ("title", "include"):
        return None
    if _EDGE_HEAD.search(statement):
        return "edge"
    return "component"


def _detail(declaration) -> str:
    label = f" \N{EM DASH} {declaration.label}" if declaration.label else ""
    return f"{declaration.kind}{label}"


def context(text: str) -> tuple[str, str, str | None]:
    """(line before the cursor, statement before the cursor, block) for the text up to the cursor.

    Read without the parser, which a half-typed line would stop: strings and comments skipped,
    braces and brackets counted. A `{` opens a group's body when its line starts with a group
    keyword, else a component's block; a statement runs from the line an open `[` is on."""
    blocks: list[str] = []
    bracket_line_start = None
    depth = 0
    position, length = 0, len(text)
    while position < length:
        char = text[position]
        if char == '"':
            end = text.find('"', position + 1)
            while end > 0 and text[end - 1] == "\\":
                end = text.find('"', end + 1)
            newline = text.find("\n", position + 1)
            position = length if end < 0 or (0 <= newline < end) else end + 1
            continue
        if char == "#":
            newline = text.find("\n", position)
            if newline < 0:
                break
            position = newline
            continue
        if char == "{":
            line_start = text.rfind("\n", 0, position) + 1
            first = text[line_start:position].split()
            blocks.append("group" if first and first[0] in GROUP_KEYWORDS else "component")
        elif char == "}" and blocks:
            blocks.pop()
        elif char == "[":
            if depth == 0:
                bracket_line_start = text.rfind("\n", 0, position) + 1
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        position += 1
    line_start = text.rfind("\n") + 1
    statement_start = bracket_line_start if depth and bracket_line_start is not None else line_start
    return text[line_start:], text[statement_start:], blocks[-1] if blocks else None
