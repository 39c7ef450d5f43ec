"""`archlint format PATH...`: rewrite designs in the canonical layout (docs/editors.md).

Exit codes: 0 done (or, with --check, nothing would change); 1 with --check when a file would
change; 2 when a file could not be formatted (it does not parse, cannot be read, or the layout
would change its meaning) or on a usage error. Files that cannot be formatted are left as they were.
"""

from __future__ import annotations

import difflib
import sys

from ..escape import printable
from . import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fail
from .options import add_color_option, add_config_options, config_options, use_color

STDIN = "-"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="design files (.arch), Markdown files (their ```arch blocks) and directories "
                             "(found as `archlint check` finds them); `-` reads standard input and writes "
                             "the result to standard output; default: .")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when a file would change")
    parser.add_argument("--diff", action="store_true", help="write nothing; print what would change as a diff")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="the name of the text read from `-` (a `.md` name formats its arch blocks)")
    add_config_options(parser, purpose="find the files of a directory by")
    add_color_option(parser)


def run(args, parser) -> int:
    paths = args.paths or ["."]
    if STDIN in paths and len(paths) > 1:
        parser.error("`-` (standard input) cannot be combined with other paths")
    if args.stdin_filename and paths != [STDIN]:
        parser.error("--stdin-filename is for `-` (standard input)")
    session = _Session(args)
    if paths == [STDIN]:
        session.one(args.stdin_filename or "<stdin>", sys.stdin.buffer.read(), stdin=True)
    else:
        from ..linter import Linter
        from ..sources import SourceUnreadable, read_bytes

        errors: list[str] = []
        for path in Linter(**config_options(args, parser)).discovery.collect(paths, errors):
            try:
                data = read_bytes(path)  # a regular file, of bounded size
            except SourceUnreadable as error:
                errors.append(str(error))
                continue
            session.one(path, data)
        for error in errors:
            fail(error)
        session.failed += len(errors)
    return session.finish()


class _Session:
    def __init__(self, args) -> None:
        self.args = args
        self.changed: list[str] = []
        self.unchanged = 0
        self.failed = 0

    def one(self, name: str, data: bytes, *, stdin: bool = False) -> None:
        from ..format import NotParsed, format_document
        from ..sources import SourceUndecodable, decode

        try:
            text = decode(data)
        except SourceUndecodable as error:
            fail(f"{name}:{error.line}:{error.column}: {error}; not formatted")
            self.failed += 1
            return
        original = data.decode("utf-8", errors="replace")
        result = format_document(text, name)
        for problem in result.problems:
            self.failed += 1
            if isinstance(problem, NotParsed):
                self._syntax_errors(name, text, problem)
            else:
                fail(str(problem))
        from ..markdown import is_markdown

        new = _in_style_of(original, result.text, data.startswith(b"\xef\xbb\xbf"), strict=is_markdown(name))
        if new is None:
            fail(f"{name}: mixed line endings: formatting would change lines outside its designs; not formatted")
            self.failed += 1
            return
        if stdin and not (self.args.check or self.args.diff):
            sys.stdout.buffer.write(new.encode("utf-8"))
            sys.stdout.flush()
        if new == original:
            self.unchanged += 1
            return
        self.changed.append(name)
        if self.args.diff:
            shown = difflib.unified_diff(text.splitlines(keepends=True), result.text.splitlines(keepends=True),
                                         f"{name}\t(original)", f"{name}\t(formatted)")
            sys.stdout.writelines(_shown_line(line) for line in shown)
            sys.stdout.flush()
        if self.args.check or self.args.diff or stdin:
            return
        from ..atomic import write_atomic

        write_atomic(name, new.encode("utf-8"))

    def _syntax_errors(self, name: str, text: str, problem) -> None:
        from ..linter import LintResult
        from ..reporters import ReportContext, reporter
        result = LintResult(findings=problem.findings, sources={name: text}, files=[name])
        reporter("full").report(result, sys.stderr, color=use_color(self.args.color, sys.stderr),
                                context=ReportContext())
        fail(f"{name}: not formatted: it does not parse")

    def finish(self) -> int:
        would = "would be " if self.args.check or self.args.diff else ""
        parts = []
        if self.changed:
            parts.append(f"{len(self.changed)} file{'s' * (len(self.changed) != 1)} {would}reformatted")
            if self.args.check:
                for name in self.changed:
                    sys.stderr.write(f"would reformat {printable(name)}\n")
        if self.unchanged:
            parts.append(f"{self.unchanged} file{'s' * (self.unchanged != 1)} {'would be ' * bool(would)}left unchanged")
        if self.failed:
            parts.append(f"{self.failed} could not be formatted")
        sys.stderr.write(printable(", ".join(parts) or "no design files found") + ".\n")
        if self.failed:
            return EXIT_ERROR
        if self.args.check and self.changed:
            return EXIT_FINDINGS
        return EXIT_CLEAN


def _in_style_of(original: str, formatted: str, bom: bool, *, strict: bool) -> str | None:
    """`formatted` (newlines `\\n`) with the original's line endings and byte-order mark. Mixed
    endings become `\\n`, unless `strict` (a Markdown document, where that would touch lines
    outside its designs): then None."""
    if original.startswith("\ufeff"):
        original = original[1:]
    crlf = original.count("\r\n")
    lone_cr = original.count("\r") - crlf
    lf = original.count("\n") - crlf
    if lone_cr or (crlf and lf):
        return None if strict else ("\ufeff" if bom else "") + formatted
    text = formatted.replace("\n", "\r\n") if crlf else formatted
    return ("\ufeff" if bom else "") + text


def _shown_line(line: str) -> str:
    """A diff line with the control characters of a hostile design escaped (ESC would act on the
    terminal or CI log that shows it); its line end and tabs stay as diff writes them."""
    body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    return "\t".join(printable(part) for part in body.split("\t")) + end
