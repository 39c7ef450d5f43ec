"""Baselines: the findings a team has agreed to live with for now, so CI fails only on new ones.

A baseline is a JSON document of entries keyed on what a finding is about, never where it is
or how its message is worded: the file (relative to the baseline's directory, with forward
slashes), the rule code, and the element (null for a finding about the design as a whole), with
a count. Lines can move, and a message can change its figures ("telemetry from 2 application
components" becoming 3), without breaking the match. A design-wide entry keeps the message it
had when written, for the person reading the file; matching never reads it.

    {
      "schema": "archlint/baseline",
      "version": 1,
      "entries": [
        {"file": "designs/shop.arch", "code": "R001", "element": "orders", "count": 1},
        {"file": "designs/shop.arch", "code": "O001", "element": null,
         "message": "no observability component: ...", "count": 1}
      ]
    }

Fatal language diagnostics (a design that does not load) are never baselined: such a design is
not being checked at all, and `--write-baseline` refuses to write while one does not load.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass

from . import codes
from .diagnostics import Finding
from .escape import json_text
from .paths import relative

SCHEMA = "archlint/baseline"
VERSION = 1
_FATAL = codes.FATAL_CODES
Key = tuple[str, str, str | None]  # file, code, element (None: the design as a whole)


class BaselineError(Exception):
    """A baseline file that is missing or not a baseline, for a person."""


@dataclass(frozen=True)
class Entry:
    file: str
    code: str
    element: str | None
    message: str | None
    count: int

    @property
    def key(self) -> Key:
        return (self.file, self.code, self.element)

    def describe(self) -> str:
        subject = self.element if self.element is not None else f'(the design: "{self.message or ""}")'
        return f"{self.file} {self.code} {subject}"


def _eligible(finding: Finding) -> bool:
    return not finding.suppressed and finding.code not in _FATAL


def key_of(finding: Finding, directory: str) -> Key:
    return (relative(finding.location.file, directory), finding.code, finding.element)


def not_loaded(findings: list[Finding]) -> list[Finding]:
    """The fatal findings of designs that do not load: what a baseline cannot hold."""
    return [f for f in findings if f.code in _FATAL and not f.suppressed]


# --- writing ----------------------------------------------------------------------------------
def entries_for(findings: list[Finding], directory: str) -> list[Entry]:
    """The entries that describe these findings (unsuppressed, not fatal), sorted."""
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for finding in findings:
        if not _eligible(finding):
            continue
        key = key_of(finding, directory)
        counts[key] += 1
        messages.setdefault(key, finding.message)
    entries = []
    for key, count in counts.items():
        file, code, element = key
        entries.append(Entry(file, code, element, messages[key] if element is None else None, count))
    return sorted(entries, key=lambda e: (e.file, e.code, e.element or "", e.message or ""))


def dumps(entries: list[Entry]) -> str:
    rows = []
    for entry in entries:
        row = {"file": entry.file, "code": entry.code, "element": entry.element}
        if entry.element is None:
            row["message"] = entry.message
        row["count"] = entry.count
        rows.append(row)
    document = {"schema": SCHEMA, "version": VERSION, "entries": rows}
    return json_text(document, indent=2) + "\n"


def entries_beside(path: str, findings: list[Finding]) -> list[Entry]:
    """The entries of a baseline to be written at `path` (files relative to its directory)."""
    return entries_for(findings, os.path.dirname(os.path.abspath(path)))


# --- reading ----------------------------------------------------------------------------------
def read(path: str) -> list[Entry]:
    """The entries of the baseline at `path`; BaselineError says what is wrong with it."""
    from .sources import SourceUnreadable, read_bytes

    try:
        text = read_bytes(path).decode("utf-8")
    except SourceUnreadable as error:
        if error.reason == "no such file":
            raise BaselineError(f"baseline `{path}`: no such file (write one with `--write-baseline {path}`)") from None
        raise BaselineError(f"baseline `{path}`: cannot read: {error.reason}") from None
    except UnicodeDecodeError as error:
        raise BaselineError(f"baseline `{path}`: cannot read: not UTF-8 at byte {error.start}") from None
    try:
        document = json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline `{path}`: not valid JSON: {error.msg} at {error.lineno}:{error.colno}") from None
    except RecursionError:
        raise BaselineError(f"baseline `{path}`: not a baseline: nested too deep to read") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise BaselineError(f'baseline `{path}`: not an archlint baseline (no `"schema": "{SCHEMA}"`)')
    version = document.get("version")
    if version != VERSION:
        raise BaselineError(f"baseline `{path}`: version {version!r} is not one this archlint reads ({VERSION}); "
                            f"write it again with `--write-baseline {path}`")
    rows = document.get("entries")
    if not isinstance(rows, list):
        raise BaselineError(f"baseline `{path}`: `entries` must be a list")
    return [_entry(row, index, path) for index, row in enumerate(rows)]


def _whole_number(digits: str) -> int | float:
    """A JSON integer; one too long for any count (past Python's 4,300-digit limit, where int()
    would raise) reads as infinity, which every check below refuses in words."""
    if len(digits.lstrip("-")) > 18:
        return float("-inf") if digits.startswith("-") else float("inf")
    return int(digits)


def _entry(row, index: int, path: str) -> Entry:
    where = f"baseline `{path}`: entry {index + 1}"
    if not isinstance(row, dict):
        raise BaselineError(f"{where}: expected an object")
    for name in ("file", "code"):
        if not isinstance(row.get(name), str) or not row[name]:
            raise BaselineError(f"{where}: `{name}` must be a non-empty string")
    element, message, count = row.get("element"), row.get("message"), row.get("count", 1)
    if element is not None and not isinstance(element, str):
        raise BaselineError(f"{where}: `element` must be a string or null")
    if message is not None and not isinstance(message, str):
        raise BaselineError(f"{where}: `message` must be a string")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{where}: `count` must be a whole number >= 1")
    return Entry(row["file"], row["code"], element, message if element is None else None, count)


# --- applying ---------------------------------------------------------------------------------
def apply(entries: list[Entry], findings: list[Finding], baseline_path: str,
          looked_at: list[str]) -> tuple[list[Finding], list[tuple[Entry, int]]]:
    """Drop the findings a baseline entry matches (each entry up to its count).

    Returns the findings kept and the stale entries with how many of their count went
    unmatched, among the entries about files this run read (`looked_at`: a run over some files
    says nothing about the others).
    """
    directory = os.path.dirname(os.path.abspath(baseline_path))
    left: Counter[Key] = Counter()
    for entry in entries:
        left[entry.key] += entry.count
    kept = []
    for finding in findings:
        if _eligible(finding):
            key = key_of(finding, directory)
            if left[key] > 0:
                left[key] -= 1
                continue
        kept.append(finding)
    read_files = {relative(file, directory) for file in looked_at}
    stale = []
    seen: set[Key] = set()
    for entry in entries:
        if entry.key in seen or entry.file not in read_files or left[entry.key] <= 0:
            continue
        seen.add(entry.key)
        stale.append((entry, left[entry.key]))
    return kept, stale
