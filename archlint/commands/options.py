"""The options several commands share, declared once: which configuration, colour, how to write.

A command adds the groups it needs in `add_arguments` and reads them back with the helpers
here, so `--config` means the same thing, with the same checks, in every command.
"""

from __future__ import annotations

import argparse
import os
from typing import Sequence

COLOR_CHOICES = ("auto", "always", "never")


def add_config_options(parser: argparse.ArgumentParser, *, purpose: str = "use") -> None:
    """`--config FILE` and `--isolated`; `purpose` words the help (`judge \u2026 by`)."""
    group = parser.add_argument_group("configuration")
    group.add_argument("--config", metavar="FILE", help=f"{purpose} this configuration file and no other")
    group.add_argument("--isolated", action="store_true", help="ignore every configuration file")


def config_options(args: argparse.Namespace, parser: argparse.ArgumentParser) -> dict:
    """The `Linter` keywords of the configuration options (a usage error when both are given)."""
    if args.config and args.isolated:
        parser.error("--config and --isolated cannot be used together")
    return {"config": args.config, "isolated": args.isolated}


def add_color_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="colour the terminal output (default: auto, off when NO_COLOR is set)")


def use_color(choice: str, stream) -> bool:
    """Whether to colour `stream`: as `--color` says, else NO_COLOR / FORCE_COLOR, else a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and os.environ.get("TERM") != "dumb"


def add_output_format(parser, choices: Sequence[str], *, default: str | None, help: str) -> None:
    """`--output-format`, the one spelling of every command; `--format` is kept, unlisted, for
    the scripts that used it."""
    parser.add_argument("--output-format", dest="output_format", choices=list(choices), default=default, help=help)
    parser.add_argument("--format", dest="output_format", choices=list(choices), default=argparse.SUPPRESS,
                        help=argparse.SUPPRESS)


def add_cache_option(parser) -> None:
    """`--no-cache`: judge every design afresh, neither reading nor writing `.archlint_cache/`."""
    parser.add_argument("--no-cache", action="store_true",
                        help="do not answer unchanged designs from .archlint_cache/ at the project root, "
                             "nor write to it")
