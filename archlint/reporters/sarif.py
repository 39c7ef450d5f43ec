"""`--output-format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run. `tool.driver.rules` describes every rule archlint knows in this run (the built-in
language and suppression diagnostics, the rule packs; only the enabled ones when the context's
`enabled` names them) plus any code a result names. Results point at files relative
to the working directory through the `%SRCROOT%` base. Suppressed findings are results with an
`inSource` suppression, so code scanning shows them dismissed. `partialFingerprints` hash the
rule, the file and the element (not the line), so an alert survives lines moving above it.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from .. import __version__, codes
from ..diagnostics import without_places
from ..escape import json_text
from ..paths import inside

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/archlint/archlint"
RULES_DOC_URI = "https://github.com/archlint/archlint/blob/main/docs/rules.md"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "archlintFingerprint/v1"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}

# `2:13` or `design.arch:2:13` inside a message: a place that moves when lines move.


def relative_path(file: str, cwd: str | None = None) -> str | None:
    """`file` relative to the working directory with forward slashes; None when it is outside."""
    here = os.getcwd()
    return _inside(file, cwd or here, here)


@lru_cache(maxsize=4096)
def _inside(file: str, cwd: str, here: str) -> str | None:
    """`inside`, worked out once per file: a report names a few files tens of thousands of
    times. `here`, the process's directory, is part of the key: a relative `file` is read from it."""
    return inside(file, cwd)


def artifact_location(file: str, cwd: str | None = None) -> dict:
    relative = relative_path(file, cwd)
    if relative is None:
        return {"uri": Path(os.path.abspath(file)).as_uri()}
    return {"uri": quote(os.fsencode(relative), safe="/"), "uriBaseId": SRCROOT}  # the bytes of the name


def fingerprint(finding, cwd: str | None = None) -> str:
    """A hash of what the finding is about, not where it is: rule, file and element.

    Findings about no element (a syntax error, a design-wide finding) use their message with
    any `line:column` in it left out.
    """
    file = relative_path(finding.location.file, cwd) or os.path.abspath(finding.location.file)
    subject = finding.element if finding.element is not None else without_places(finding.message)
    key = "\0".join((finding.code, file, "element" if finding.element is not None else "message", subject))
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()  # a name that is not UTF-8


def _region(loc) -> dict | None:
    if loc.line < 1:
        return None
    region = {"startLine": loc.line}
    if loc.column >= 1:
        region["startColumn"] = loc.column
    end_line = max(loc.end_line, loc.line)
    region["endLine"] = end_line
    if loc.end_column >= 1 and "startColumn" in region:
        end_column = loc.end_column
        if end_line == loc.line and end_column < loc.column:
            end_column = loc.column
        region["endColumn"] = end_column
    return region


def _physical(loc, cwd: str) -> dict:
    physical = {"artifactLocation": artifact_location(loc.file, cwd)}
    region = _region(loc)
    if region is not None:
        physical["region"] = region
    return physical


# --- rules ------------------------------------------------------------------------------------
def _builtin_descriptor(diagnostic) -> dict:
    summary = f"{diagnostic.summary[0].upper()}{diagnostic.summary[1:]}."
    kind = (
        "It cannot be suppressed, and rules do not run on a design that has it."
        if diagnostic.fatal
        else "It can be selected, ignored and suppressed like a rule."
    )
    text = f"{summary}\n\nReported by archlint itself. {kind}"
    return {
        "id": diagnostic.code,
        "name": diagnostic.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": f"**{diagnostic.name}** ({diagnostic.code})\n\n{text}"},
        "helpUri": f"{RULES_DOC_URI}#{diagnostic.name}",
        "defaultConfiguration": {"level": LEVELS[diagnostic.severity.value]},
        "properties": {"tags": [diagnostic.category]},
    }


def _rule_descriptor(spec) -> dict:
    summary = spec.summary or spec.name
    why = spec.doc_section("Why is this bad?") or summary
    body = spec.doc.strip()
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": why},
        "help": {"text": body or summary, "markdown": f"# {spec.name} ({spec.code})\n\n{body or summary}"},
        "helpUri": f"{RULES_DOC_URI}#{spec.name}",
        "defaultConfiguration": {"level": LEVELS[spec.default_severity.value]},
        "properties": {"tags": [spec.category]},
    }


def _fallback_descriptor(finding) -> dict:
    """A code no catalogue describes (a reporter used without one): what the finding says."""
    name = finding.rule or finding.code
    return {
        "id": finding.code,
        "name": name,
        "shortDescription": {"text": name},
        "fullDescription": {"text": name},
        "help": {"text": f"See `archlint explain {finding.code}`."},
        "helpUri": f"{RULES_DOC_URI}#{name}",
        "defaultConfiguration": {"level": LEVELS[finding.severity.value]},
    }


def rule_descriptors(findings, catalog, enabled=None) -> list[dict]:
    """The built-in diagnostics, then every rule of the catalogue, then any other code found.

    With `enabled` (the codes that ran), only those and the codes of the findings are listed.
    """
    wanted = None if enabled is None else set(enabled) | {f.code for f in findings}
    descriptors: dict[str, dict] = {}
    for diagnostic in codes.all_builtin():
        if wanted is None or diagnostic.code in wanted:
            descriptors[diagnostic.code] = _builtin_descriptor(diagnostic)
    if catalog is not None:
        for spec in sorted(catalog.rules, key=lambda r: r.code):
            if wanted is None or spec.code in wanted:
                descriptors.setdefault(spec.code, _rule_descriptor(spec))
    for finding in findings:
        if finding.code in descriptors:
            continue
        spec = catalog.spec(finding.code) if catalog is not None else None
        descriptors[finding.code] = _rule_descriptor(spec) if spec is not None else _fallback_descriptor(finding)
    return list(descriptors.values())


# --- results ----------------------------------------------------------------------------------
def _result(finding, index: int, fingerprint_value: str, cwd: str) -> dict:
    result = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": LEVELS[finding.severity.value],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": _physical(finding.location, cwd)}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint_value},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": number, "physicalLocation": _physical(related.location, cwd), "message": {"text": related.message}}
            for number, related in enumerate(finding.related, start=1)
        ]
    if finding.suppressed:
        suppression = {"kind": "inSource"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        result["suppressions"] = [suppression]
    properties = {}
    if finding.rule:
        properties["rule"] = finding.rule
    if finding.element is not None:
        properties["element"] = finding.element
    if finding.help:
        properties["help"] = finding.help
    if properties:
        result["properties"] = properties
    return result


def document(result, context=None, cwd: str | None = None) -> dict:
    cwd = cwd or os.getcwd()
    catalog = context.catalog if context is not None else None
    enabled = context.enabled if context is not None else None
    rules = rule_descriptors(result.findings, catalog, enabled)
    index_of = {rule["id"]: index for index, rule in enumerate(rules)}
    results = []
    seen: dict[str, int] = {}
    for finding in result.findings:
        value = fingerprint(finding, cwd)
        seen[value] = seen.get(value, 0) + 1
        if seen[value] > 1:  # the same thing twice: number the repeats, in source order
            value = f"{value}:{seen[value]}"
        results.append(_result(finding, index_of[finding.code], value, cwd))
    invocation = {"executionSuccessful": not result.errors}
    if result.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": error}} for error in result.errors
        ]
    root = Path(os.path.abspath(cwd)).as_uri()
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "archlint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "originalUriBaseIds": {SRCROOT: {"uri": root if root.endswith("/") else root + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def report(result, out, *, color: bool, context) -> None:
    out.write(json_text(document(result, context), indent=2))
    out.write("\n")
