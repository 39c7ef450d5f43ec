"""`--output-format json-lines`: one JSON object per finding per line, and nothing else.

Each line is the record of the json format's `findings` (docs/output-formats.md), suppressed
findings included with `"suppressed": true`. A clean run writes nothing. Run errors go to
stderr and the exit code, not here.
"""

from __future__ import annotations

from ..escape import json_text
from .json_format import finding_record


def report(result, out, *, color: bool, context) -> None:
    for finding in result.findings:
        out.write(json_text(finding_record(finding)))
        out.write("\n")
