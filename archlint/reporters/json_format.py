"""`--output-format json`: one document, versioned (docs/output-formats.md describes it).

    {"schema": "archlint/findings", "version": 1, "tool": {...}, "files": [...],
     "summary": {...}, "findings": [finding, ...], "errors": [...]}
"""

from __future__ import annotations

import json

from .. import __version__
from ..escape import json_safe
from ..records import Records, listed

SCHEMA_VERSION = 1


def _member(key: str, value) -> str:
    return f"  {json.dumps(key)}: " + json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")


def report(result, out, *, color: bool, context) -> None:
    """The document indented, each finding on one line: Python's encoder is pure Python as soon
    as it indents, and a run with thousands of findings would spend seconds in it. A design
    answered from the findings cache is written from the text the cache holds, as it is."""
    counts = result.counts()
    head = [
        _member("schema", "archlint/findings"),
        _member("version", SCHEMA_VERSION),
        _member("tool", {"name": "archlint", "version": __version__}),
        _member("files", list(result.files)),
        _member("summary", {"errors": counts["error"], "warnings": counts["warning"], "info": counts["info"],
                            "suppressed": counts["suppressed"]}),
    ]
    out.write(json_safe("{\n" + ",\n".join(head) + ',\n  "findings": '))
    records = result.records  # json_safe already, as `listed` makes them
    if records is None:
        records = Records(listed(result.findings), [], counts)
    if records:
        out.write("[\n    ")
        records.write(out)
        out.write("\n  ]")
    else:
        out.write("[]")
    out.write(json_safe(",\n" + _member("errors", list(result.errors)) + "\n}\n"))
