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
    encode = encode_basestring

    # The most common value, a string, is written where it is met rather than through `write`: a
    # SARIF report is hundreds of thousands of them.
    def write(value, margin: str) -> None:
        if isinstance(value, str):
            append(encode(value))
        elif isinstance(value, (list, tuple)):
            if not value:
                append("[]")
                return
            inner = margin + step
            lead, between = "[\n" + inner, ",\n" + inner
            for item in value:
                if type(item) is str:
                    append(lead + encode(item))
                else:
                    append(lead)
                    write(item, inner)
                lead = between
            append("\n" + margin + "]")
        elif isinstance(value, dict):
            if not value:
                append("{}")
                return
            inner = margin + step
            lead, between = "{\n" + inner, ",\n" + inner
            for key, item in value.items():
                if not isinstance(key, str):
                    raise _Unusual
                if type(item) is str:
                    append(lead + encode(key) + ": " + encode(item))
                else:
                    append(lead + encode(key) + ": ")
                    write(item, inner)
                lead = between
            append("\n" + margin + "}")
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
        else:
            raise _Unusual

    try:
        write(value, "")
    except _Unusual:
        return json.dumps(value, indent=indent, ensure_ascii=False)
    return "".join(parts)
