"""`archlint [check] PATH...`: lint designs and report."""

from __future__ import annotations

import io
import os
import sys

from ..escape import printable
from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail, note, warn, write_output
from .options import add_cache_option, add_color_option, add_config_options, add_output_format, config_options, use_color
from ..reporters import FORMATS, HUMAN_FORMATS, ReportContext, reporter

SEVERITIES = ("error", "warning", "info")


def _list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="design files (.arch, .md) and directories (every .arch below, and the .md files "
                             "with ```arch blocks when the config says `markdown = true`); default: .")
    rules = parser.add_argument_group("rule selection")
    rules.add_argument("--select", type=_list, action="extend", default=None, metavar="RULES",
                       help="only these rules: names, codes or code prefixes, comma-separated (replaces the config)")
    rules.add_argument("--extend-select", type=_list, action="extend", default=[], metavar="RULES",
                       help="these rules in addition to the selected ones")
    rules.add_argument("--ignore", type=_list, action="extend", default=[], metavar="RULES",
                       help="leave these rules out")
    add_config_options(parser)
    parser.add_argument_group("configuration").add_argument(
        "--show-settings", action="store_true",
        help="print the configuration file in use and every resolved setting for the path, and exit")
    files = parser.add_argument_group("files")
    files.add_argument("--stdin-filename", metavar="NAME",
                       help="with PATH `-`: the design is read from stdin and reported (and its includes resolved) "
                            "as NAME (default: <stdin>); NAME ending in .md reads a Markdown document")
    files.add_argument("--force-exclude", action="store_true",
                       help="apply `exclude` to files named on the command line too (for hooks)")
    add_cache_option(files)
    output = parser.add_argument_group("output")
    add_output_format(output, FORMATS, default="full", help="how to report (default: full)")
    output.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    output.add_argument("--statistics", action="store_true", help="count the findings per rule")
    output.add_argument("--show-suppressed", action="store_true", help="list suppressed findings too")
    add_color_option(output)
    baseline = parser.add_argument_group("baseline").add_mutually_exclusive_group()
    baseline.add_argument("--baseline", metavar="FILE",
                          help="leave out the findings this baseline lists; report only new ones")
    baseline.add_argument("--write-baseline", metavar="FILE",
                          help="write the current findings to a baseline FILE and exit 0")
    exit_ = parser.add_argument_group("exit code")
    exit_.add_argument("--fail-on", choices=SEVERITIES, default=None,
                       help="exit 1 when a finding is at least this severe (default: error, or the config's)")
    exit_.add_argument("--strict", action="store_true", help="the same as --fail-on warning")
    exit_.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")


def run(args, parser) -> int:
    configuration = config_options(args, parser)
    from .. import progress
    from ..diagnostics import Severity
    from ..linter import Linter

    linter = Linter(
        **configuration,
        select=args.select,
        extend_select=args.extend_select,
        ignore=args.ignore,
        force_exclude=args.force_exclude,
        check_includers=True,
        cache=not args.no_cache,
    )
    paths = args.paths or ["."]
    if args.show_settings:
        return _show_settings(linter, paths[0], args)
    baseline = read_baseline(args.baseline) if args.baseline else None
    if "-" in paths:
        if paths != ["-"]:
            parser.error("`-` (stdin) is the only PATH when it is given")
        result = _lint_stdin(linter, args.stdin_filename or "<stdin>")
    else:
        result = linter.lint_paths(paths, progress=progress.bar(sys.stderr, for_people=args.output_format in HUMAN_FORMATS))
    for error in result.errors:
        fail(error)
    for design, changed in result.includers:
        sys.stderr.write(f"archlint: note: also checked {design}, which includes {changed}\n")
    if not result.files and not result.errors:
        warn(f"no design files found in {', '.join(paths)} "
             "(directories yield `.arch` files, and Markdown files only with `markdown = true`)")
    if args.write_baseline:
        return _write_baseline(args.write_baseline, result, _inputs(result, linter, args))
    if baseline is not None:
        apply_baseline(baseline, args.baseline, result)

    # The run-wide settings (`fail-on`, the report's rule list) are those of the one path
    # given, or of the working directory.
    settings = linter.settings_for(paths[0] if len(paths) == 1 else ".")
    threshold = Severity("warning" if args.strict else args.fail_on or settings.fail_on.value)
    catalog = enabled = None
    if FORMATS[args.output_format].describes_rules or not linter.rules_proven(settings):
        catalog, selection = linter.selection_for(settings)  # also where a bad rule option is reported
        enabled = frozenset(selection.enabled)
    context = ReportContext(catalog=catalog, enabled=enabled, show_suppressed=args.show_suppressed,
                            statistics=args.statistics, fail_on=threshold.value)
    write_report(result, args, context, _inputs(result, linter, args))

    if result.errors:
        return EXIT_ERROR
    if result.fails(threshold) and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _lint_stdin(linter, name: str):
    """`archlint - --stdin-filename NAME`: one design from stdin, for editors and scripts."""
    from ..linter import LintResult
    from ..sources import decode

    result = LintResult()
    try:
        text = decode(sys.stdin.buffer.read())
    except ValueError as error:  # not UTF-8: reported as the file's own problem
        text = None
        result.errors.append(f"{name}: {error}")
    if text is not None:
        linter.lint_file(name, result, text)
    return result


def _show_settings(linter, path: str, args) -> int:
    """ruff's --show-settings: which configuration applies to `path`, and what it resolves to."""
    from ..config import describe, search_top

    settings = linter.settings_for(path)
    searched = None
    if args.isolated:
        source = "none (--isolated: the defaults)"
    elif args.config:
        source = f"{settings.source} (--config)"
    else:
        start = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        top, why = search_top(start)
        searched = f"# searched from {os.path.abspath(start)} up to {top} ({why})"
        source = settings.source or "none found (the defaults)"
    catalog, selection = linter.selection_for(settings)
    names = catalog.names()
    print(f"# settings for `{printable(path)}`")
    print(f"# configuration file: {printable(source)}")
    if searched is not None:
        print(printable(searched))
    sys.stdout.write(describe(settings))
    enabled = sorted(selection.enabled)
    print(f"# enabled rules ({len(enabled)}):")
    for code in enabled:
        print(f"#   {code} {names.get(code, '')}".rstrip())
    return EXIT_CLEAN


def read_baseline(path: str):
    """The entries of a baseline; a usage error (exit 2) when it cannot be read."""
    from ..baseline import BaselineError, read

    try:
        return read(path)
    except BaselineError as error:
        raise SystemExit(_usage_error(str(error))) from None


def _write_baseline(path: str, result, inputs: list[str]) -> int:
    """Write the run's findings as the baseline (not when the run itself failed: a baseline of
    half the designs would hide nothing the next time and report the rest as new)."""
    from ..baseline import dumps, entries_beside, not_loaded

    if result.errors:
        fail(f"baseline `{path}` not written: the run had errors")
        return EXIT_ERROR
    broken = not_loaded(result.findings)
    if broken:  # a baseline cannot hold what was never checked: say which, write nothing
        fail(f"baseline `{path}` not written: designs that do not load are not checked, and a baseline "
             "cannot hold them (fix them, or leave them out with `exclude`):")
        first = {}
        for finding in broken:
            first.setdefault(finding.location.file, finding)
        for finding in first.values():
            sys.stderr.write(printable(f"  {finding.location}: {finding.code} {finding.message}") + "\n")
        return EXIT_ERROR
    _refuse_to_overwrite_input(path, inputs)
    entries = entries_beside(path, result.findings)
    if not write_output(path, dumps(entries)):
        return EXIT_ERROR
    count = sum(entry.count for entry in entries)
    note(f"wrote {count} finding{'s' * (count != 1)} to the baseline `{path}`")
    return EXIT_CLEAN


def apply_baseline(entries, path: str, result) -> list:
    """Drop the baselined findings from `result`; say which entries match nothing any more,
    and return them with their unmatched counts."""
    from ..baseline import apply

    result.findings, stale = apply(entries, result.findings, path, list(result.sources))
    for entry, unmatched in stale:
        part = f" ({unmatched} of {entry.count})" if unmatched != entry.count else ""
        warn(f"baseline entry no longer matches: {entry.describe()}{part} \N{EM DASH} remove it with --write-baseline")
    return stale


def write_report(result, args, context, inputs: list[str]) -> None:
    module = reporter(args.output_format)
    if args.output:
        _refuse_to_overwrite_input(args.output, inputs)
        buffer = io.StringIO()
        module.report(result, buffer, color=False, context=context)
        if not write_output(args.output, buffer.getvalue()):
            raise SystemExit(EXIT_ERROR)
        return
    color = args.output_format in HUMAN_FORMATS and use_color(args.color, sys.stdout)
    module.report(result, sys.stdout, color=color, context=context)
    sys.stdout.flush()


def _inputs(result, linter, args) -> list[str]:
    """Every file the run read: designs and their includes, configuration, the baseline."""
    return [*result.sources, *linter.configurations_read(), *([args.baseline] if args.baseline else [])]


def _refuse_to_overwrite_input(output: str, inputs: list[str]) -> None:
    from ..atomic import input_at

    source = input_at(output, inputs)
    if source is not None:
        raise SystemExit(_usage_error(f"refusing to write over `{source}`, which this run read"))


def _usage_error(message: str) -> int:
    fail(message)
    return EXIT_ERROR

