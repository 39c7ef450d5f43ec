"""`archlint analyze FILE...`: the numbers of a design, per entry point, against its SLO.

Exit codes: 0 analysed; 1 a design has errors that stop the analysis (printed as `archlint check`
prints them); 2 usage errors, unreadable files.
"""

from __future__ import annotations

import json
import sys

from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail
from . import whatif
from .options import add_color_option, add_output_format, use_color


def _window(value: str) -> float:
    import argparse

    from ..literals import LiteralError, read_number_literal

    try:
        kind, seconds = read_number_literal(value)
    except LiteralError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if kind != "duration" or seconds <= 0:
        raise argparse.ArgumentTypeError(f"expected a duration such as `30d` or `7d`, found `{value}`")
    return float(seconds)


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="design files (.arch)")
    add_output_format(parser, ("text", "json"), default="text",
                      help="text (default) or the `archlint/analysis` JSON document")
    parser.add_argument("--window", type=_window, metavar="DURATION",
                        help="count the error budget over this window (default: the slo's `window`, else 30d)")
    parser.add_argument("--load", type=whatif.load_factor, default=None, metavar="FACTOR",
                        help="also judge capacity with every declared rate multiplied by FACTOR (`10x`)")
    whatif.add_arguments(parser)
    add_color_option(parser)


def run(args, parser) -> int:
    from ..codes import FATAL_CODES
    from ..gc_pause import gc_paused
    from ..graph import DesignGraph
    from ..loader import load
    from ..sources import SourceUnreadable

    documents = []
    status = EXIT_CLEAN
    for path in args.files:
        try:
            loaded = load(path)
        except SourceUnreadable as error:
            fail(str(error))
            return EXIT_ERROR
        if loaded.design is None or any(f.code in FATAL_CODES for f in loaded.findings):
            _report_errors(path, loaded)
            status = EXIT_FINDINGS
            continue
        with gc_paused():  # as a lint judges: a large design's objects hold no cycles to collect
            graph = DesignGraph(loaded.design)
            document, analysis = _analyse(loaded.design, graph, args)
            if whatif.wanted(args):
                from ..analysis.scenarios import UnknownTarget

                try:
                    outcomes = whatif.scenarios(loaded.design, graph, args)
                except UnknownTarget as error:
                    fail(f"{path}: {error}")
                    return EXIT_ERROR
                document["scenarios"] = whatif.records(loaded.design, outcomes)
        documents.append((document, analysis))
    if args.output_format == "json":
        payload = [d for d, _ in documents]
        sys.stdout.write(_json(payload[0]) if len(payload) == 1 else
                         "[\n" + ",\n".join(_json(d, "  ") for d in payload) + "\n]")
        sys.stdout.write("\n")
    else:
        from .analyze_text import write

        write([pair for pair in documents], sys.stdout, color=use_color(args.color, sys.stdout))
    sys.stdout.flush()
    return status


_ONE_LINE = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode  # the C encoder
_LISTS = ("entries", "components", "scenarios")  # long: one record per line


def _json(document: dict, margin: str = "") -> str:
    """The document indented, each record of its long lists on one line: Python's encoder is
    pure Python as soon as it indents, and a large design has thousands of records."""
    from ..escape import json_safe

    members = []
    for key, value in document.items():
        if key in _LISTS and value:
            text = "[\n" + ",\n".join(f"{margin}    {_ONE_LINE(record)}" for record in value) + f"\n{margin}  ]"
        else:
            text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", f"\n{margin}  ")
        members.append(f"{margin}  {json.dumps(key)}: {text}")
    return json_safe(f"{margin}{{\n" + ",\n".join(members) + f"\n{margin}}}")


def _analyse(design, graph, args):
    from ..analysis import Analysis, Scenario
    from ..analysis.export import document

    today = Analysis(design, graph, window=args.window)
    if args.load is None or args.load == 1.0:
        return document(today), today
    scaled = Analysis(design, graph, Scenario(load=args.load), window=args.window)
    return document(scaled, today), scaled


def _report_errors(path: str, loaded) -> None:
    from ..linter import LintResult
    from ..reporters import ReportContext, reporter

    result = LintResult(findings=loaded.findings, sources=loaded.sources, files=[path])
    reporter("full").report(result, sys.stderr, color=False, context=ReportContext())
    sys.stderr.write(f"archlint: `{path}` was not analysed: fix the errors above first\n")
