"""Text from a design, a file name or a baseline, made safe to show: one helper for every place
archlint prints what someone else wrote.

A pull request can hold any character. Written raw, ESC starts a terminal escape sequence, BS
and CR overwrite what a reviewer reads, a newline in a file name starts a fresh line that a CI
runner may take for a command (`::error ...` on GitHub), U+2028 ends a line in JavaScript, and
a file name that is not UTF-8 (a lone surrogate in Python) cannot be written to a strict UTF-8
stream at all. Each such character is shown as a visible escape instead: `\\x1b`, `\\n`,
`\\u2028`, `\\xff` (the byte a non-UTF-8 file name holds).
"""

from __future__ import annotations

import json
import re

# C0 controls and DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph
# separators, the bidirectional overrides and isolates (text that reads otherwise than it is),
# and lone surrogates: every one but the newline, then the newline.
_UNSAFE_BUT_NEWLINE = "\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_BUT_NEWLINE}\n]")
_UNSAFE_IN_LINES = re.compile(f"[{_UNSAFE_BUT_NEWLINE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every character a terminal or a CI log would act on shown as an escape."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_shown, text)


def printable_lines(text: str) -> str:
    """`printable` for text of several lines (a rule's documentation, a whole report): each line
    escaped, the line breaks between them kept."""
    if not _UNSAFE_IN_LINES.search(text):  # one scan of the whole text: most have nothing to escape
        return text
    return "\n".join(printable(line) for line in text.split("\n"))


def has_unsafe(text: str, *, allow: str = "\n") -> bool:
    """Whether `text` holds a character `printable` would escape (other than those in `allow`):
    the oracle the fuzz campaign holds every human report to."""
    return any(char not in allow for char in _UNSAFE.findall(text))


# In JSON text these characters can only stand inside strings, where an escape means the same.
_JSON_UNSAFE = re.compile("[\u2028\u2029\ud800-\udfff]")


def json_text(value, *, indent: int | None = None) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=indent)` that any UTF-8 stream can carry
    and any parser reads as one line: U+2028, U+2029 and lone surrogates are written as
    `\\uXXXX`."""
    if indent is None:
        return json_safe(json.dumps(value, ensure_ascii=False))
    from .jsonwrite import indented

    return json_safe(indented(value, indent))


def json_safe(text: str) -> str:
    """JSON text with U+2028, U+2029 and lone surrogates written as `\\uXXXX` escapes."""
    # The common cases answered by C scans: the regular expression tests every character in
    # Python's matcher, a second at a large report's size.
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # fails on a lone surrogate
        if "\u2028" not in text and "\u2029" not in text:
            return text
    except UnicodeEncodeError:
        pass
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
