"""`--output-format github`: GitHub Actions workflow commands, which the runner turns into
annotations on the pull request's diff.

    ::error file=design.arch,line=3,col=10,endLine=3,endColumn=16,title=R001 single-point-of-failure::database ...

One line per unsuppressed finding (warning -> `::warning`, info -> `::notice`), nothing else:
the summary and run errors stay off stdout so no stray line is taken for a command.
"""

from __future__ import annotations

import os

from ..escape import printable
from ..paths import inside

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The message of a workflow command, escaped as the runner unescapes it (a line break as
    `%0A`, so no line of the text starts a command of its own), the other characters a log
    viewer would act on (ESC, BS, ...) made visible."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A property value (`file=`, `title=`): the message escapes plus `:` and `,`."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding, file: str | None = None) -> str:
    """The workflow command of one finding; `file`, its file as the command names it (escaped),
    when the caller has it already."""
    loc = finding.location
    if file is None:
        file = escape_property(inside(loc.file, os.getcwd()) or loc.file)
    properties = [f"file={file}"]
    if loc.line >= 1:
        properties.append(f"line={loc.line}")
        if loc.column >= 1:
            properties.append(f"col={loc.column}")
        properties.append(f"endLine={max(loc.end_line, loc.line)}")
        if loc.column >= 1 and loc.end_column >= 1:
            properties.append(f"endColumn={loc.end_column}")
    title = f"{finding.code} {finding.rule}".strip()
    properties.append(f"title={escape_property(title)}")
    return f"::{COMMANDS[finding.severity.value]} {','.join(properties)}::{escape_data(finding.message)}"


def report(result, out, *, color: bool, context) -> None:
    cwd = os.getcwd()
    files: dict[str, str] = {}  # a run has few files and many findings: each file named once
    lines = []
    for finding in result.active:
        file = finding.location.file
        if file not in files:
            files[file] = escape_property(inside(file, cwd) or file)
        lines.append(command(finding, files[file]))
        lines.append("\n")
    out.write("".join(lines))
