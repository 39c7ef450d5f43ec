"""`--output-format json`: one document, versioned (docs/output-formats.md describes it).

    {"schema": "archlint/findings", "version": 1, "tool": {...}, "files": [...],
     "summary": {...}, "findings": [finding, ...], "errors": [...]}
"""

from __future__ import annotations

import json

from .. import __version__
from ..escape import json_safe

SCHEMA_VERSION = 1


def finding_record(finding) -> dict:
    loc = finding.location
    return {
        "rule": finding.rule,
        "code": finding.code,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "element": finding.element,
        "help": finding.help,
        "related": [
            {"message": r.message, "file": r.location.file, "line": r.location.line, "column": r.location.column}
            for r in finding.related
        ],
        "suppressed": finding.suppressed,
        "suppression_reason": finding.suppression_reason,
    }


def document(result) -> dict:
    active = result.active
    return {
        "schema": "archlint/findings",
        "version": SCHEMA_VERSION,
        "tool": {"name": "archlint", "version": __version__},
        "files": list(result.files),
        "summary": {
            "errors": sum(f.severity.value == "error" for f in active),
            "warnings": sum(f.severity.value == "warning" for f in active),
            "info": sum(f.severity.value == "info" for f in active),
            "suppressed": len(result.findings) - len(active),
        },
        "findings": [finding_record(f) for f in result.findings],
        "errors": list(result.errors),
    }


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode  # the C encoder
# Between two records of the one-line list: a quote inside a JSON string is always escaped, so
# `}, {"rule": ` can only be where one record ends and the next begins (every record starts with
# "rule"; a related place starts with "message").
_BETWEEN = '}, {"rule": '


def _one_per_line(records: list) -> str:
    """The findings, one a line: the whole list through the C encoder in one call (one call per
    finding would pay Python's encoder set-up tens of thousands of times), then split between
    records."""
    text = _ONE_LINE(records)
    return "[\n    " + text[1:-1].replace(_BETWEEN, "},\n    {\"rule\": ") + "\n  ]"


def report(result, out, *, color: bool, context) -> None:
    """The document indented, each finding on one line: Python's encoder is pure Python as soon
    as it indents, and a run with thousands of findings would spend seconds in it."""
    members = []
    for key, value in document(result).items():
        if key == "findings" and value:
            text = _one_per_line(value)
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        members.append(f"  {json.dumps(key)}: {text}")
    out.write(json_safe("{\n" + ",\n".join(members) + "\n}\n"))
