"""`archlint render FILE -o OUT`: draw a design through Graphviz, its findings marked.

Exit codes: 0 drawn (or, with --check, up to date); 1 the design has fatal errors (printed as
`archlint check` prints them), or with --check, OUT is missing or out of date; 2 usage errors,
no layout engine, a design too big for the engine, a failed layout.
"""

from __future__ import annotations

import os
import shlex
import sys

from . import EXIT_ERROR, EXIT_FINDINGS, fail, whatif
from .artifact import check_current, overwrites_input, write
from .options import add_config_options, add_output_format, config_options
from .. import markdown
from ..render import DETAILS, DIRECTIONS, ENGINES, EXTENSIONS, FORMATS


def _seconds(value: str) -> float:
    import argparse

    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, found `{value}`") from None
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"must be more than 0, found `{value}`")
    if not seconds <= MAX_TIMEOUT:  # inf and 1e308 too: a process timer cannot hold them
        raise argparse.ArgumentTypeError(f"must be at most {MAX_TIMEOUT:g} seconds (a day), found `{value}`")
    return seconds


MAX_TIMEOUT = 86_400.0


def add_drawing_options(parser, *, plain: bool = True) -> None:
    """How a design is drawn: the options `render` and `report` share (`plain`: --no-findings)."""
    drawing = parser.add_argument_group("drawing")
    drawing.add_argument("--direction", choices=DIRECTIONS, default="LR",
                         help="which way the arrows run: left to right (default), top to bottom, ...")
    drawing.add_argument("--engine", choices=ENGINES, default="dot",
                         help="the Graphviz layout: dot (layered, draws groups; default), sfdp (fast, for "
                              "thousands of components, no groups), neato")
    drawing.add_argument("--detail", choices=DETAILS, default="auto",
                         help="full: every edge with its label; compact: edge labels in tooltips, edges into "
                              "observability left out; auto (default): compact past 150 components")
    if plain:
        drawing.add_argument("--no-findings", action="store_true", help="a plain drawing: no marks, no legend")
    drawing.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS",
                         help="stop a layout that runs longer than this (default: 60)")


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="the design to draw (.arch)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="write the drawing here; its extension (.svg .png .pdf .dot) gives the format "
                             "(default: SVG on stdout)")
    add_output_format(parser, FORMATS, default=None, help="the drawing's format, whatever OUT's extension")
    add_drawing_options(parser)
    parser.add_argument("--block", metavar="N|NAME",
                        help="in a Markdown document with several ```arch blocks, the one to draw: its number "
                             "(1 is the first), the name after `arch` (```arch checkout), or its heading")
    parser.add_argument("--check", action="store_true",
                        help="draw nothing; exit 1 when OUT is missing or was not drawn from the design as it is now")
    whatif.add_scenario_arguments(parser.add_argument_group(
        "what if", "draw a scenario in place of the findings: what is down, what each entry point can no longer "
                   "reach, what is overloaded (as `archlint analyze --fail` judges it)"))
    add_config_options(parser)


def run(args, parser) -> int:
    configuration = config_options(args, parser)
    if args.check and not args.output:
        parser.error("--check needs the drawing to check: -o OUT")
    fmt = _format(args)
    if fmt is None:
        return EXIT_ERROR
    if not args.output and fmt in ("png", "pdf") and sys.stdout.isatty():
        fail(f"not writing {fmt.upper()} to a terminal; give -o OUT")
        return EXIT_ERROR
    if os.path.isdir(args.file):
        fail(f"`{args.file}` is a directory; render draws one design file")
        return EXIT_ERROR

    from ..linter import Linter

    linter = Linter(**configuration)
    if args.block is not None and not markdown.is_markdown(args.file):
        parser.error("--block picks an arch block of a Markdown document; a .arch file is one design")
    if markdown.is_markdown(args.file):
        result = _lint_block(linter, args)
        if result is None:
            return EXIT_ERROR
    else:
        result = linter.lint_paths([args.file])
    for error in result.errors:
        fail(error)
    if result.errors:
        return EXIT_ERROR
    if not result.designs:
        _report_errors(result)
        return EXIT_FINDINGS
    if len(result.designs) > 1:
        fail(f"`{args.file}` holds {len(result.designs)} designs; render draws one")
        return EXIT_ERROR
    design = result.designs[0]
    if overwrites_input(args.output, result, "drawing", linter):
        return EXIT_ERROR

    from ..render import LayoutError, build, render

    findings = None if args.no_findings else result.findings
    options = {"direction": args.direction, "engine": args.engine, "detail": args.detail}
    if args.fail or args.cold_cache or args.load is not None:
        from ..analysis.scenarios import UnknownTarget

        try:
            options["scenario"] = whatif.marks(design, args)
        except UnknownTarget as error:
            fail(f"{args.file}: {error}")
            return EXIT_ERROR
        findings = None  # the scenario speaks in red and amber; the findings have their own drawing
    if args.check:
        from ..render import up_to_date

        source = build(design, findings, **options)
        return check_current(args.output, args.file, lambda existing: up_to_date(existing, source, fmt), _command(args))
    try:
        data = render(design, findings, fmt, timeout=args.timeout, **options)
    except LayoutError as error:
        fail(str(error))
        return EXIT_ERROR
    return write(args.output, data)


def _lint_block(linter, args):
    """The one arch block of a Markdown document to draw, linted; None (said) when there is
    none, or several and `--block` does not pick one."""
    from ..linter import LintResult
    from ..sources import SourceUnreadable, read_source

    try:
        text = read_source(args.file)
    except (SourceUnreadable, ValueError) as error:
        fail(str(error))
        return None
    designs = markdown.arch_blocks(text)
    if not designs:
        fail(f"`{args.file}` holds no ```arch block; there is nothing to draw")
        return None
    if args.block is None and len(designs) > 1:
        listed = "; ".join(markdown.describe(number, b) for number, b in enumerate(designs, start=1))
        fail(f"`{args.file}` holds {len(designs)} designs; pick one with --block: {listed}")
        return None
    try:
        block = designs[0] if args.block is None else markdown.pick(designs, args.block)
    except LookupError as error:
        fail(f"`{args.file}`: {error}")
        return None
    result = LintResult()
    linter.lint_file(args.file, result, text, block=block)
    return result


def _format(args) -> str | None:
    if args.output_format:
        return args.output_format
    if not args.output:
        return "svg"
    extension = os.path.splitext(args.output)[1].lower()
    if extension in EXTENSIONS:
        return EXTENSIONS[extension]
    fail(f"cannot tell the format of `{args.output}` from its extension; name it .svg, .png, .pdf or .dot, "
         f"or give --output-format")
    return None


def _report_errors(result) -> None:
    from ..reporters import ReportContext, reporter

    reporter("full").report(result, sys.stderr, color=False, context=ReportContext())
    sys.stderr.flush()


def _command(args) -> str:
    """The command that redraws OUT as --check expects it."""
    words = ["archlint", "render", args.file, "-o", args.output]
    if args.output_format:
        words += ["--output-format", args.output_format]
    if args.direction != "LR":
        words += ["--direction", args.direction]
    if args.engine != "dot":
        words += ["--engine", args.engine]
    if args.detail != "auto":
        words += ["--detail", args.detail]
    if args.no_findings:
        words.append("--no-findings")
    if args.block is not None:
        words += ["--block", args.block]
    for ident in args.fail:
        words += ["--fail", ident]
    for ident in args.cold_cache:
        words += ["--cold-cache", ident]
    if args.load is not None:
        words += ["--load", f"{args.load:g}x"]
    if args.config:
        words += ["--config", args.config]
    if args.isolated:
        words.append("--isolated")
    return shlex.join(words)
