"""A file a command makes from one design (a drawing, a report): lint the design first, never
write over it, tell with `--check` whether the file on disk is current, and write it whole."""

from __future__ import annotations

import sys
from typing import Callable

from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail, write_output


def lint_one(path: str, configuration: dict):
    """The linter and the result of linting one file, or an exit code: 2 when the run failed
    (printed), 1 when no design in it could be judged (its errors printed as `check` does)."""
    from ..linter import Linter

    linter = Linter(**configuration)
    result = linter.lint_paths([path])
    for error in result.errors:
        fail(error)
    if result.errors:
        return EXIT_ERROR
    if not result.designs:
        from ..reporters import ReportContext, reporter

        reporter("full").report(result, sys.stderr, color=False, context=ReportContext())
        sys.stderr.flush()
        return EXIT_FINDINGS
    return linter, result


def overwrites_input(output: str | None, result, what: str, linter=None, extra=()) -> bool:
    """Whether `output` is a file this run read (and say so): the design's files, the
    configuration, a baseline. Nothing the user wrote is overwritten."""
    from ..atomic import input_at

    files = [f for design in result.designs for f in design.files]
    read = linter.configurations_read() if linter is not None else ()
    source = None if output is None else input_at(output, (*files, *result.sources, *read, *extra))
    if source is None:
        return False
    fail(f"refusing to write the {what} over `{source}`, which this run read")
    return True


def check_current(output: str, source: str, current: Callable[[bytes], bool], again: str) -> int:
    """`--check`: 0 when `output` is current, 1 when it is missing or stale (with the command
    that makes it again), 2 when it cannot be read."""
    from ..escape import printable
    from ..sources import SourceUnreadable, read_bytes

    try:
        existing = read_bytes(output)  # a regular file of bounded size: a FIFO never blocks
    except SourceUnreadable as error:
        if error.reason == "no such file":
            print(printable(f"{output} is missing; make it with `{again}`"))
            return EXIT_FINDINGS
        fail(f"cannot read `{output}`: {error.reason}")
        return EXIT_ERROR
    if not current(existing):
        print(printable(f"{output} is out of date with {source}; update it with `{again}`"))
        return EXIT_FINDINGS
    print(printable(f"{output} is up to date"))
    return EXIT_CLEAN


def write(output: str | None, data: bytes) -> int:
    """Write to `output` in one step, or to stdout without one."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_CLEAN
    return EXIT_CLEAN if write_output(output, data) else EXIT_ERROR
