"""`archlint report FILE -o review.html`: the design review in one self-contained HTML page.

Exit codes: 0 written (or, with --check, up to date), whatever the design's findings (the page
says whether it passes); 1 the design has fatal errors (printed as `archlint check` prints
them), or with --check, OUT is missing or out of date; 2 usage errors, no layout engine, a
failed layout, OUT that cannot be written.
"""

from __future__ import annotations

import os
import shlex
import sys

from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail
from .check import SEVERITIES, apply_baseline, read_baseline
from .options import add_config_options, config_options
from .render import add_drawing_options


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the design: a .arch file, or a Markdown document with ```arch blocks")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the page here (default: stdout)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when OUT is missing or was not made from the design as it is now")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="the severity the summary judges the design by (default: error, or the config's)")
    parser.add_argument("--baseline", metavar="FILE", help="leave out the findings this baseline lists, and say so")
    add_drawing_options(parser, plain=False)
    add_config_options(parser)


def run(args, parser) -> int:
    configuration = config_options(args, parser)
    if args.check and not args.output:
        parser.error("--check needs the report to check: -o OUT")
    if os.path.isdir(args.file):
        fail(f"`{args.file}` is a directory; report reviews one design file or Markdown document")
        return EXIT_ERROR
    baseline_entries = read_baseline(args.baseline) if args.baseline else None

    from ..diagnostics import Severity
    from ..linter import Linter

    linter = Linter(**configuration)
    result = linter.lint_paths([args.file])
    for error in result.errors:
        fail(error)
    if result.errors:
        return EXIT_ERROR
    if not result.designs:
        from .render import report_errors

        report_errors(result)
        return EXIT_FINDINGS
    if args.output and _is_input(args.output, result):
        fail(f"refusing to write the report over `{args.output}`, which is part of the design")
        return EXIT_ERROR

    settings = linter.settings_for(args.file)
    catalog, _ = linter.selection_for(settings)
    baseline = _apply_baseline(baseline_entries, args.baseline, result) if args.baseline else None
    from ..report import LayoutError, Options, compose_report, finish

    page = compose_report(
        result, threshold=Severity(args.fail_on or settings.fail_on.value), catalog=catalog,
        config=settings.source, baseline=baseline,
        options=Options(direction=args.direction, engine=args.engine, detail=args.detail),
    )
    for drawing in page.drawings:
        if drawing.refused:
            sys.stderr.write(f"archlint: warning: the report has no diagram of {drawing.design.root}: "
                             f"{drawing.refused}\n")
    if args.check:
        return _check(args, page)
    try:
        html = finish(page, timeout=args.timeout)
    except LayoutError as error:
        fail(str(error))
        return EXIT_ERROR
    return _write(args.output, html)


def _apply_baseline(entries, path: str, result):
    """Hold back what the baseline lists, as `archlint check --baseline` does, and keep what
    was held back for the report to show."""
    from ..report import BaselineUse

    before = result.findings
    stale = apply_baseline(entries, path, result)
    kept = {id(f) for f in result.findings}
    return BaselineUse(path, len(entries), [f for f in before if id(f) not in kept], stale)


def _is_input(output: str, result) -> bool:
    from ..atomic import input_at

    files = [f for design in result.designs for f in design.files]
    return input_at(output, (*files, *result.sources)) is not None


def _check(args, page) -> int:
    from ..report import up_to_date

    again = _command(args)
    try:
        with open(args.output, encoding="utf-8", errors="replace") as handle:
            existing = handle.read()
    except FileNotFoundError:
        print(f"{args.output} is missing; write it with `{again}`")
        return EXIT_FINDINGS
    except OSError as error:
        fail(f"cannot read `{args.output}`: {error.strerror or error}")
        return EXIT_ERROR
    if not up_to_date(existing, page):
        print(f"{args.output} is out of date with {args.file}; update it with `{again}`")
        return EXIT_FINDINGS
    print(f"{args.output} is up to date")
    return EXIT_CLEAN


def _command(args) -> str:
    """The command that writes OUT again as --check expects it."""
    words = ["archlint", "report", args.file, "-o", args.output]
    for option, value, default in (("--fail-on", args.fail_on, None), ("--baseline", args.baseline, None),
                                   ("--direction", args.direction, "LR"), ("--engine", args.engine, "dot"),
                                   ("--detail", args.detail, "auto"), ("--config", args.config, None)):
        if value != default:
            words += [option, value]
    if args.isolated:
        words.append("--isolated")
    return shlex.join(words)


def _write(output: str | None, html: str) -> int:
    if output is None:
        sys.stdout.write(html)
        sys.stdout.flush()
        return EXIT_CLEAN
    from ..atomic import write_atomic

    try:
        write_atomic(output, html)
    except OSError as error:
        fail(f"cannot write `{output}`: {error.strerror or error}")
        return EXIT_ERROR
    return EXIT_CLEAN
