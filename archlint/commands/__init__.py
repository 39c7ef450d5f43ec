"""One module per subcommand: `add_arguments(parser)` and `run(args, parser) -> exit code`.

What every command shares lives here and in `options` (the options several commands take),
below the CLI dispatcher that imports the commands. To add a command: a module `NAME.py` here
with those two functions, a line in `COMMANDS`, and its options built from `options` where one
fits (docs/architecture.md walks through it).
"""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "check": "Lint design files and directories (the default command).",
    "rules": "List every rule: code, name, category, severity, whether it is enabled.",
    "explain": "Show the documentation of a rule.",
    "render": "Draw a design through Graphviz, with its findings marked.",
    "format": "Rewrite designs in the canonical layout (--check, --diff, `-` for stdin).",
    "import": "Draft a design from docker compose files or Kubernetes manifests, or check one against them.",
    "analyze": "Compute availability, latency and capacity per entry point, against the SLO.",
    "report": "Write the design review as one self-contained HTML page: diagram, findings, inputs.",
}

# Exit codes, by name everywhere.
EXIT_CLEAN = 0  # nothing at or above the failing severity
EXIT_FINDINGS = 1  # findings that fail the run (or, for render --check, a stale drawing)
EXIT_ERROR = 2  # usage, configuration or internal error: the run itself failed
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports SIGINT


def fail(message: str) -> None:
    """A problem with the run itself, on stderr."""
    sys.stderr.write(f"archlint: error: {message}\n")


def cannot_write(path: str, error: OSError) -> str:
    """Why `path` could not be written, in words: the missing directory named, not a temp file."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        return f"cannot write `{path}`: the directory `{os.path.dirname(path) or directory}` does not exist"
    if os.path.isdir(path):
        return f"cannot write `{path}`: it is a directory"
    return f"cannot write `{path}`: {error.strerror or error}"


def write_output(path: str, data: str | bytes) -> bool:
    """Write a command's output file whole or not at all; False (said on stderr) when it cannot."""
    from ..atomic import write_atomic

    try:
        write_atomic(path, data)
    except OSError as error:
        fail(cannot_write(path, error))
        return False
    return True
