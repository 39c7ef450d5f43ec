"""`--output-format json-lines`: one JSON object per finding per line, and nothing else.

Each line is the record of the json format's `findings` (docs/output-formats.md), suppressed
findings included with `"suppressed": true`. A clean run writes nothing. Run errors go to
stderr and the exit code, not here.
"""

from __future__ import annotations

from ..records import SEPARATOR, listed


def report(result, out, *, color: bool, context) -> None:
    stored = result.records
    text = stored.listed if stored is not None else listed(result.findings)
    if text:
        out.write(text.replace(SEPARATOR, "\n") + "\n")
