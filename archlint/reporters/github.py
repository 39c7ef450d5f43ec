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


def command(finding) -> str:
    loc = finding.location
    file = inside(loc.file, os.getcwd()) or loc.file
    properties = [("file", file)]
    if loc.line >= 1:
        properties.append(("line", str(loc.line)))
        if loc.column >= 1:
            properties.append(("col", str(loc.column)))
        properties.append(("endLine", str(max(loc.end_line, loc.line))))
        if loc.column >= 1 and loc.end_column >= 1:
            properties.append(("endColumn", str(loc.end_column)))
    title = f"{finding.code} {finding.rule}".strip()
    properties.append(("title", title))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMANDS[finding.severity.value]} {joined}::{escape_data(finding.message)}"


def report(result, out, *, color: bool, context) -> None:
    for finding in result.active:
        out.write(command(finding))
        out.write("\n")
