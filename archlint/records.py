"""A finding as one line of JSON: the record the `json` and `json-lines` formats write
(docs/output-formats.md), and the form in which the findings cache keeps a design's findings.

`Records` holds one design's findings as the json format lists them (a record a line, indented,
a comma between). A design answered from the cache is written by those formats as it was
stored, and its findings are built again only when something asks for them (another format, a
baseline): at 100,000 components that is 39,000 findings that neither need decoding nor
encoding again.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections import Counter

from .diagnostics import Finding, Location, Related, Severity
from .escape import json_safe


def record(finding: Finding) -> dict:
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


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode  # the C encoder
# Between two records of the one-line list: a quote inside a JSON string is always escaped, so
# `}, {"rule": ` can only be where one record ends and the next begins (every record starts with
# "rule"; a related place starts with "message").
_BETWEEN = '}, {"rule": '
# Between two records as the json format lists them. No record holds a line break (JSON writes
# one inside a string as `\\n`), so this is only ever between records.
SEPARATOR = ",\n    "


# Records encoded this many at a time: enough for the encoder's set-up not to count, few enough
# that a large report never holds every record as a dictionary at once.
_SLICE = 2000


def listed(findings: list[Finding]) -> str:
    """The records of `findings` as the json format lists them, between its brackets, made safe
    for any UTF-8 reader (`json_safe`): a slice of records through the C encoder in one call
    (one call per finding would pay Python's encoder set-up tens of thousands of times), then
    split between records."""
    glue = "}" + SEPARATOR + '{"rule": '
    return json_safe(SEPARATOR.join(_ONE_LINE([record(f) for f in findings[start:start + _SLICE]])[1:-1]
                                    .replace(_BETWEEN, glue) for start in range(0, len(findings), _SLICE)))


def counts(findings) -> dict[str, int]:
    """The unsuppressed findings per severity, and how many are suppressed."""
    counted = Counter("suppressed" if f.suppressed else f.severity.value for f in findings)
    return {key: counted[key] for key in ("error", "warning", "info", "suppressed")}


_WRITTEN = 1 << 20  # characters written at a time


def _utf8(out) -> bool:
    """Whether text written to `out` is encoded as UTF-8 (without an encoding, it stays text)."""
    encoding = getattr(out, "encoding", None)
    return encoding is None or codecs.lookup(encoding).name == "utf-8"


class Records:
    """One design's findings as the json format lists them (`listed`), with what the records
    leave out (where each related place ends) and their `counts` beside them; the `Finding`s are
    built on first use. Records read from the cache stay its UTF-8 bytes until text is asked
    for: `write` copies them to standard output as they are."""

    __slots__ = ("_listed", "_stored", "related_ends", "counts", "_findings")

    def __init__(self, listed: str | bytes | memoryview, related_ends: list, counts: dict[str, int],
                 findings: list[Finding] | None = None) -> None:
        self._listed, self._stored = (listed, None) if isinstance(listed, str) else (None, listed)
        self.related_ends = related_ends  # [end_line, end_column] of every related place, in order
        self.counts = counts
        self._findings = findings

    @property
    def listed(self) -> str:
        if self._listed is None:
            self._listed = str(self._stored, "utf-8")
        return self._listed

    def __bool__(self) -> bool:
        return bool(len(self._stored) if self._listed is None else self._listed)

    def write(self, out) -> None:
        """`listed` written to `out`; to the process's standard output as the stored bytes,
        when it writes UTF-8 and leaves line breaks as they are (POSIX), as text would be.
        As text, a megabyte at a time where every character can be written; to an output in
        another encoding in one write, which fails on a character it cannot hold before any
        record is out (a megabyte at a time would leave a document cut short)."""
        if self._listed is None and out is sys.__stdout__ and os.linesep == "\n" and _utf8(out):
            out.flush()
            out.buffer.write(self._stored)
            return
        text = self.listed
        if not (text.isascii() or _utf8(out)):
            out.write(text)
            return
        for start in range(0, len(text), _WRITTEN):  # so that its encoded copy is never whole
            out.write(text[start:start + _WRITTEN])

    @classmethod
    def of(cls, findings: list[Finding]) -> "Records":
        """The records of findings at hand (kept too: nothing is decoded again)."""
        ends = [[r.location.end_line, r.location.end_column] for f in findings for r in f.related]
        return cls(listed(findings), ends, counts(findings), findings)

    def findings(self) -> list[Finding]:
        if self._findings is None:
            self._findings = _decode(self.listed, self.related_ends)
        return self._findings


_SEVERITIES = {level.value: level for level in Severity}


def _decode(text: str, related_ends: list) -> list[Finding]:
    """The findings back from their records (written by `listed`: the values are the right kinds)."""
    ends = iter(related_ends)
    findings = []
    for item in json.loads("[" + text + "]"):
        related = item["related"]
        findings.append(Finding(
            message=item["message"],
            location=Location(item["file"], item["line"], item["column"], item["end_line"], item["end_column"]),
            element=item["element"], help=item["help"],
            related=tuple(Related(message=r["message"], location=Location(r["file"], r["line"], r["column"], *next(ends)))
                          for r in related) if related else (),
            rule=item["rule"], code=item["code"], severity=_SEVERITIES[item["severity"]],
            suppressed=item["suppressed"], suppression_reason=item["suppression_reason"]))
    return findings
