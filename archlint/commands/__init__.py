"""One module per subcommand: `add_arguments(parser)` and `run(args, parser) -> exit code`.

What every command shares lives here, below the CLI dispatcher that imports the commands.
"""

from __future__ import annotations

import sys

COMMANDS = {
    "check": "Lint design files and directories (the default command).",
    "rules": "List every rule: code, name, category, severity, whether it is enabled.",
    "explain": "Show the documentation of a rule.",
    "render": "Draw a design through Graphviz, with its findings marked.",
}
EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> None:
    """A problem with the run itself, on stderr."""
    sys.stderr.write(f"archlint: error: {message}\n")
