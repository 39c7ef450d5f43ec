"""`archlint lsp`: run the language server on standard input and output (docs/editors.md)."""

from __future__ import annotations

import importlib.util

from . import EXIT_CLEAN, EXIT_ERROR, fail


def add_arguments(parser) -> None:
    parser.add_argument("--stdio", action="store_true",
                        help="talk over standard input and output (the default and only transport; "
                             "accepted because editors pass it)")


def run(args, parser) -> int:
    if importlib.util.find_spec("pygls") is None:
        fail("the language server needs pygls: pip install 'archlint[lsp]'")
        return EXIT_ERROR
    from ..lsp.server import main

    main()
    return EXIT_CLEAN
