"""`archlint explain NAME`: a rule's documentation, or a language attribute's or kind's, rendered as
Markdown on a terminal."""

from __future__ import annotations

import sys

from ..escape import printable, printable_lines
from . import EXIT_CLEAN, EXIT_ERROR, fail
from .options import add_color_option, use_color


def add_arguments(parser) -> None:
    parser.add_argument("rule", metavar="NAME",
                        help="a rule name or code (single-point-of-failure, R001), an attribute (replicas) or a kind (database)")
    add_color_option(parser)


def _catalog():
    """The rules this directory's configuration knows: built-in, local directories, installed."""
    from ..linter import Linter

    linter = Linter()
    return linter.selection_for(linter.settings_for("."))[0]


def document(key: str) -> str | None:
    from .. import codes

    catalog = _catalog()
    if key.isalnum() and key[:1].isalpha() and key[-1:].isdigit():
        key = key.upper()  # codes are capitals: `r001` means `R001`
    rule = catalog.rules.get(key)
    if rule is None:
        catalog.load_installed()
        rule = catalog.rules.get(key)
    if rule is not None:  # a rule pack's words: shown, never acted on by a terminal or a CI log
        body = rule.doc.strip().split("\n", 1)
        rest = printable_lines(body[1].strip()) if len(body) > 1 else ""
        return f"# {rule.name} ({rule.code})\n\n{printable(body[0].strip())}\n\n" \
               f"Category: {printable(rule.category)}. Default severity: {rule.default_severity.value}.\n\n{rest}\n"
    builtin = codes.BY_NAME.get(key) or codes.BY_CODE.get(key)
    if builtin is not None:
        kind = "It cannot be suppressed, and rules do not run on a design that has it." if builtin.fatal \
            else "It can be selected, ignored and suppressed like a rule."
        return f"# {builtin.name} ({builtin.code})\n\n{builtin.summary[0].upper()}{builtin.summary[1:]}.\n\n" \
               f"Reported by archlint itself at severity {builtin.severity.value}. {kind}\n\n" \
               "The language reference (docs/language.md in archlint's repository) shows examples.\n"
    from .. import language_doc

    return language_doc.explain(key)


def run(args, parser) -> int:
    text = document(args.rule)
    if text is None:
        from ..diagnostics import did_you_mean

        catalog = _catalog()
        catalog.load_installed()
        from ..language_doc import words

        known = list(catalog.names().values()) + list(catalog.names()) + words()
        near = did_you_mean(args.rule, known)
        fail(f"unknown rule, attribute or kind `{args.rule}`"
             + (f"; did you mean `{near}`?" if near else "; see `archlint rules` and docs/language.md"))
        return EXIT_ERROR
    if use_color(args.color, sys.stdout):
        from rich.console import Console
        from rich.markdown import Markdown

        Console().print(Markdown(text))
    else:
        sys.stdout.write(text)
    return EXIT_CLEAN
