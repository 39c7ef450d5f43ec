"""One module per subcommand: `add_arguments(parser)` and `run(args, parser) -> exit code`.

What every command shares lives here and in `options` (the options several commands take),
below the CLI dispatcher that imports the commands. To add a command: a module `NAME.py` here
with those two functions, a line in `COMMANDS`, and its options built from `options` where one
fits (docs/architecture.md walks through it).
"""

from __future__ import annotations

import sys

from ..escape import printable

COMMANDS = {
    "check": "Lint design files and directories (the default command).",
    "rules": "List every rule: code, name, category, severity, whether it is enabled.",
    "explain": "Show the documentation of a rule.",
    "render": "Draw a design through Graphviz, with its findings marked.",
    "format": "Rewrite designs in the canonical layout (--check, --diff, `-` for stdin).",
    "import": "Draft a design from docker compose files or Kubernetes manifests, or check one against them.",
    "analyze": "Compute availability, latency and capacity per entry point, against the SLO.",
    "report": "Write the design review as one self-contained HTML page: diagram, findings, inputs.",
    "lsp": "Run the language server over stdio, for editors (needs the `lsp` extra).",
}

# Exit codes, by name everywhere.
EXIT_CLEAN = 0  # nothing at or above the failing severity
EXIT_FINDINGS = 1  # findings that fail the run (or, for render --check, a stale drawing)
EXIT_ERROR = 2  # usage, configuration or internal error: the run itself failed
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


def fail(message: str) -> None:
    """A problem with the run itself, on stderr."""
    sys.stderr.write(f"archlint: error: {printable(message)}\n")


def write_output(path: str, data: str | bytes) -> bool:
    """Write a command's output file (see `atomic.write_atomic`: nothing is lost); False, said
    on stderr, when it cannot be written."""
    from ..atomic import OutputError, write_atomic

    try:
        write_atomic(path, data)
    except OutputError as error:
        fail(str(error))
        return False
    return True


def warn(message: str) -> None:
    """A warning about the run, on stderr."""
    sys.stderr.write(f"archlint: warning: {printable(message)}\n")


def note(message: str) -> None:
    """What the run did, on stderr."""
    sys.stderr.write(f"archlint: {printable(message)}\n")
