"""Where the findings came from and what was left out: the suppressions in force with their
reasons, the baseline in use, and the inputs (each file with its SHA-256) and archlint's
version, so a reader can tell which design the report is of."""

from __future__ import annotations

import hashlib

from .. import __version__
from .figures import SWEEP_AUTO_LIMIT, SWEEP_AUTO_LIMIT_AT_LOAD
from .markup import Markup, el, join
from .parts import place, severity, table
from .review import Review, shown_path


def _finding_rows(findings, reason: bool):
    for finding in sorted(findings, key=lambda f: f.sort_key()):
        row = [severity(finding.severity.value), finding.code, finding.element or "the design", finding.message]
        if reason:
            row.append(finding.suppression_reason or el("em", "no reason given"))
        row.append(place(finding))
        yield row


def suppressions(review: Review) -> Markup:
    body = [el("h2", "Suppressions and baseline", id="suppressions-heading")]
    suppressed = review.suppressed
    body.append(el("h3", "Suppressed in the design"))
    if suppressed:
        body.append(table(f"{len(suppressed)} findings suppressed by `archlint: ignore` comments",
                          ["severity", "code", "element", "finding", "reason", "place"],
                          _finding_rows(suppressed, True)))
    else:
        body.append(el("p", "No finding is suppressed."))
    body.append(el("h3", "Baseline"))
    baseline = review.baseline
    if baseline is None:
        body.append(el("p", "No baseline in use: every finding is listed."))
    else:
        body.append(el("p", "Baseline in use: ", el("code", shown_path(baseline.path)),
                       f", {baseline.entries} entries; {len(baseline.held_back)} findings held back."))
        if baseline.held_back:
            body.append(table("Findings held back by the baseline", ["severity", "code", "element", "finding", "place"],
                              _finding_rows(baseline.held_back, False)))
        if baseline.stale:
            rows = [[entry.describe(), str(count)] for entry, count in baseline.stale]
            body.append(table("Baseline entries that match nothing any more (remove them with --write-baseline)",
                              ["entry", "unmatched"], rows, numeric=(1,)))
    return el("section", join(body), id="suppressions", aria_labelledby="suppressions-heading")


def digest(path: str) -> tuple[int, str]:
    """Size and SHA-256 of a file as it is on disk."""
    sha = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def input_files(review: Review) -> list[str]:
    """Every file the report depends on: the designs and what they include, the configuration,
    the baseline; each once, in the order first met."""
    files = list(review.result.files)
    for drawing in review.drawings:
        files += drawing.design.files
    if review.config:
        files.append(review.config)
    if review.baseline:
        files.append(review.baseline.path)
    return list(dict.fromkeys(shown_path(f) for f in files))


def inputs(review: Review) -> Markup:
    rows = []
    for file in input_files(review):
        try:
            size, sha = digest(file)
            rows.append([el("code", file), f"{size:,}", el("code", sha, class_="hash")])
        except OSError as error:
            rows.append([el("code", file), "", f"not readable: {error.strerror or error}"])
    options = review.options
    settings = [
        ["archlint", __version__],
        ["configuration", shown_path(review.config) if review.config else "none: archlint's defaults"],
        ["fails the run at (--fail-on)", review.threshold.value],
        ["baseline", shown_path(review.baseline.path) if review.baseline else "none"],
        ["diagram", f"--direction {options.direction} --engine {options.engine} --detail {options.detail}"],
        ["load factor (--load)", f"{options.load:g}x" if options.load else "1x: today's declared rates"],
        ["what-if sweep", {True: "--sweep", False: "--no-sweep"}.get(
            options.sweep, f"run on designs of at most {SWEEP_AUTO_LIMIT:,} components "
                           f"({SWEEP_AUTO_LIMIT_AT_LOAD:,} with --load)")],
    ]
    body = [
        el("h2", "Inputs", id="inputs-heading"),
        table("Files read", ["file", "bytes", "SHA-256"], rows, numeric=(1,)),
        table("Settings", ["setting", "value"], settings),
        el("p", "The report depends on nothing else: the same files and settings give the same page, but for "
                "the diagram's layout, which is Graphviz's. `archlint report --check` compares everything else.",
           class_="note"),
    ]
    return el("section", join(body), id="inputs", aria_labelledby="inputs-heading")
