"""`archlint report FILE -o review.html`: the design review in one self-contained HTML page.

Exit codes: 0 written (or, with --check, up to date), whatever the design's findings (the page
says whether it passes); 1 the design has fatal errors (printed as `archlint check` prints
them), or with --check, OUT is missing or out of date; 2 usage errors, no layout engine, a
failed layout, OUT that cannot be written.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

from . import EXIT_ERROR, fail
from .artifact import check_current, lint_one, overwrites_input, write
from .check import SEVERITIES, apply_baseline, read_baseline
from .options import add_config_options, config_options
from .render import add_drawing_options
from .whatif import load_factor


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the design: a .arch file, or a Markdown document with ```arch blocks")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the page here (default: stdout)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when OUT is missing or was not made from the design as it is now")
    parser.add_argument("--fail-on", choices=SEVERITIES, default=None,
                        help="the severity the summary judges the design by (default: error, or the config's)")
    parser.add_argument("--baseline", metavar="FILE", help="leave out the findings this baseline lists, and say so")
    parser.add_argument("--load", type=load_factor, default=None, metavar="FACTOR",
                        help="also judge capacity, and run the sweep, with every declared rate multiplied by FACTOR "
                             "(`10x`), as `archlint analyze --load` does")
    parser.add_argument("--sweep", action=argparse.BooleanOptionalAction, default=None,
                        help="run the what-if sweep whatever the design's size, or never (default: on designs of "
                             "at most 2,000 components, 100 with --load: figures.SWEEP_AUTO_LIMIT)")
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
    linted = lint_one(args.file, configuration)
    if isinstance(linted, int):
        return linted
    linter, result = linted
    if overwrites_input(args.output, result, "report", linter, [args.baseline] if args.baseline else []):
        return EXIT_ERROR

    from ..diagnostics import Severity
    from ..report import LayoutError, Options, compose_report, finish, up_to_date

    settings = linter.settings_for(args.file)
    catalog, _ = linter.selection_for(settings)
    baseline = _apply_baseline(baseline_entries, args.baseline, result) if args.baseline else None
    page = compose_report(
        result, threshold=Severity(args.fail_on or settings.fail_on.value), catalog=catalog,
        config=settings.source, baseline=baseline,
        options=Options(direction=args.direction, engine=args.engine, detail=args.detail, load=args.load,
                        sweep=args.sweep),
    )
    for drawing in page.drawings:
        if drawing.refused:
            sys.stderr.write(f"archlint: warning: the report has no diagram of {drawing.design.root}: "
                             f"{drawing.refused}\n")
    if args.check:
        return check_current(args.output, args.file,
                             lambda existing: up_to_date(existing.decode("utf-8", "replace"), page), _command(args))
    try:
        html = finish(page, timeout=args.timeout)
    except LayoutError as error:
        fail(str(error))
        return EXIT_ERROR
    return write(args.output, html.encode("utf-8"))


def _apply_baseline(entries, path: str, result):
    """Hold back what the baseline lists, as `archlint check --baseline` does, and keep what
    was held back for the report to show."""
    from ..report import BaselineUse

    before = result.findings
    stale = apply_baseline(entries, path, result)
    kept = {id(f) for f in result.findings}
    return BaselineUse(path, len(entries), [f for f in before if id(f) not in kept], stale)


def _command(args) -> str:
    """The command that writes OUT again as --check expects it."""
    words = ["archlint", "report", args.file, "-o", args.output]
    for option, value, default in (("--fail-on", args.fail_on, None), ("--baseline", args.baseline, None),
                                   ("--direction", args.direction, "LR"), ("--engine", args.engine, "dot"),
                                   ("--detail", args.detail, "auto"), ("--config", args.config, None),
                                   ("--load", args.load and f"{args.load:g}x", None)):
        if value != default:
            words += [option, value]
    if args.sweep is not None:
        words.append("--sweep" if args.sweep else "--no-sweep")
    if args.isolated:
        words.append("--isolated")
    return shlex.join(words)
