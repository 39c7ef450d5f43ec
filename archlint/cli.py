"""The command line: parse arguments, call the library, pick a reporter, set the exit code.

    archlint [check] PATH...      lint designs (the default command)
    archlint rules                list the rules
    archlint explain RULE         show a rule's documentation
    archlint render FILE -o OUT   draw a design with its findings

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or internal error.
Nothing a user can type ends in a traceback (ARCHLINT_DEBUG=1 shows one for internal errors).
"""

from __future__ import annotations

import gc
import os
import sys

from .commands import COMMANDS, EXIT_CLEAN, EXIT_ERROR, EXIT_INTERRUPTED, fail


def main(argv: list[str] | None = None) -> None:
    """The console script: run, then leave at once. Everything is written and flushed by then;
    freeing a large design object by object would take seconds (3.8 s at 100,000 components)
    and change nothing.

    Python's cyclic collector is off for the whole run: a run's objects (a design, its graph,
    its findings) hold no cycles to speak of and live until the process leaves, yet each full
    collection walks all of them; with hundreds of thousands of them, collections while
    reporting cost more than the report (a quarter of a 10,000-component run)."""
    gc.disable()
    code = run(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # the reader left: nothing more to say to it
        _silence_stdout()
    except (OSError, ValueError):
        pass
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def run(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _closed_streams_discard()
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_CLEAN
    except UnicodeEncodeError as error:  # a report to an output in an encoding that cannot hold it
        char = error.object[error.start:error.end][:1]
        fail(f"the output's encoding ({error.encoding}) cannot hold a character of the report "
             f"(U+{ord(char):04X}): set PYTHONIOENCODING=utf-8, or write the report to a file with -o")
        return EXIT_ERROR
    except Exception as error:  # a bug of ours: say so plainly, never a traceback by default
        from .atomic import OutputError
        from .config import ConfigError
        from .rule_api import RuleLoadError

        if isinstance(error, ConfigError):
            for problem in error.problems:
                fail(problem)
            return EXIT_ERROR
        if isinstance(error, (RuleLoadError, OutputError)):
            fail(str(error))
            return EXIT_ERROR
        if os.environ.get("ARCHLINT_DEBUG"):
            raise
        fail(f"internal error: {type(error).__name__}: {error} (set ARCHLINT_DEBUG=1 for details)")
        return EXIT_ERROR


def _closed_streams_discard() -> None:
    """Started with standard output or error closed, Python has no stream there (None): what
    would be written to it is discarded, as `print` does, instead of failing on the first write.
    The exit code still says how the run went."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass


def _dispatch(argv: list[str]) -> int:
    if argv[:1] in (["--version"], ["-V"]):
        from . import __version__

        print(f"archlint {__version__}")
        return EXIT_CLEAN
    if argv[:1] in (["-h"], ["--help"], ["help"]):
        _overview()
        return EXIT_CLEAN
    name = "check"
    if argv and argv[0] in COMMANDS:
        name, argv = argv[0], argv[1:]
    elif argv and _mistyped_command(argv[0]):
        return EXIT_ERROR
    import importlib

    command = importlib.import_module(f".commands.{name}", __package__)
    parser = _parser(name, command)
    args = parser.parse_args(argv)
    return command.run(args, parser)


def _mistyped_command(word: str) -> bool:
    """`archlint explian R001` is a typo for a command more often than a file name: say so
    (a word with no dot or slash that names no file and is near a command)."""
    if word.startswith("-") or "." in word or "/" in word or os.sep in word or os.path.lexists(word):
        return False
    from .diagnostics import did_you_mean

    near = did_you_mean(word, COMMANDS)
    if near:
        fail(f"`{word}` is neither a file nor a command; did you mean `archlint {near}`?")
    return near is not None


def _parser(name: str, command):
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message: str):
            from .escape import printable

            super().error(printable(message))  # an argument quoted back is shown, not obeyed

    prog = "archlint" if name == "check" else f"archlint {name}"
    parser = Parser(prog=prog, description=COMMANDS[name])
    command.add_arguments(parser)
    return parser


def _overview() -> None:
    from . import __version__

    width = max(len(n) for n in COMMANDS)
    lines = [
        f"archlint {__version__}: lint architecture designs written as code.",
        "",
        "usage: archlint [check] [options] PATH...",
        "       archlint <command> [options]",
        "",
        "commands:",
        *(f"  {name:<{width}}  {text}" for name, text in COMMANDS.items()),
        "",
        "`archlint <command> --help` shows a command's options; `archlint check --help` the lint options.",
        "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, configuration or internal error.",
    ]
    print("\n".join(lines))
