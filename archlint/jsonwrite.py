"""JSON indented exactly as `json.dumps(value, indent=N, ensure_ascii=False)` writes it, several
times faster: the standard library leaves its C encoder as soon as it indents, and a SARIF
report of 39,000 findings spent seconds in the Python one. Strings go through the C string
encoder; the rest is one walk that appends to a list."""

from __future__ import annotations

import json
from json.encoder import encode_basestring  # the C implementation where there is one


class _Unusual(Exception):
    """A value this writer leaves to `json.dumps` (a key that is not a string, a type JSON
    does not know): rare, and then the standard library decides what happens."""


def indented(value, indent: int = 2) -> str:
    step = " " * indent
    parts: list[str] = []
    append = parts.append

    def write(value, margin: str) -> None:
        if isinstance(value, str):
            append(encode_basestring(value))
        elif value is None:
            append("null")
        elif value is True:
            append("true")
        elif value is False:
            append("false")
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, float):
            append(json.dumps(value))  # `NaN`, `Infinity` and the shortest repr, as json writes them
        elif isinstance(value, (list, tuple)):
            block("[", "]", value, margin, write)
        elif isinstance(value, dict):
            block("{", "}", value.items(), margin, member)
        else:
            raise _Unusual

    def block(opening: str, closing: str, items, margin: str, each) -> None:
        if not items:
            append(opening + closing)
            return
        inner = margin + step
        append(opening + "\n" + inner)
        for index, item in enumerate(items):
            if index:
                append(",\n" + inner)
            each(item, inner)
        append("\n" + margin + closing)

    def member(pair: tuple, margin: str) -> None:
        key, item = pair
        if not isinstance(key, str):
            raise _Unusual
        append(encode_basestring(key) + ": ")
        write(item, margin)

    try:
        write(value, "")
    except _Unusual:
        return json.dumps(value, indent=indent, ensure_ascii=False)
    return "".join(parts)
