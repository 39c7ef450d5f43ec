"""`--output-format json`: one document, versioned (docs/output-formats.md describes it).

    {"schema": "archlint/findings", "version": 1, "tool": {...}, "files": [...],
     "summary": {...}, "findings": [finding, ...], "errors": [...]}
"""

from __future__ import annotations

import json

from .. import __version__
from ..escape import json_safe
from ..records import lines

SCHEMA_VERSION = 1


def report(result, out, *, color: bool, context) -> None:
    """The document indented, each finding on one line: Python's encoder is pure Python as soon
    as it indents, and a run with thousands of findings would spend seconds in it. A design
    answered from the findings cache is written from the lines the cache holds."""
    counts = result.counts()
    stored = result.records
    findings = stored.lines if stored is not None else lines(result.findings)
    members = [
        ("schema", "archlint/findings"),
        ("version", SCHEMA_VERSION),
        ("tool", {"name": "archlint", "version": __version__}),
        ("files", list(result.files)),
        ("summary", {"errors": counts["error"], "warnings": counts["warning"], "info": counts["info"],
                     "suppressed": counts["suppressed"]}),
    ]
    text = [f"  {json.dumps(key)}: " + json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
            for key, value in members]
    text.append('  "findings": ' + ("[\n    " + findings.replace("\n", ",\n    ") + "\n  ]" if findings else "[]"))
    text.append('  "errors": ' + json.dumps(list(result.errors), indent=2, ensure_ascii=False).replace("\n", "\n  "))
    out.write(json_safe("{\n" + ",\n".join(text) + "\n}\n"))
