"""archlint: lint architecture designs written as code.

    import archlint
    result = archlint.lint(["design.arch"])     # or archlint.lint_text(text, "design.arch")
    for finding in result.active: ...

The names below are imported on first use, so `archlint --version` loads nothing else.
"""

__version__ = "0.1.0"

_LAZY = {
    "lint": "archlint.linter",
    "lint_text": "archlint.linter",
    "Linter": "archlint.linter",
    "LintResult": "archlint.linter",
    "Finding": "archlint.diagnostics",
    "Location": "archlint.diagnostics",
    "Severity": "archlint.diagnostics",
    "Design": "archlint.model",
    "DesignGraph": "archlint.graph",
    "ConfigError": "archlint.config",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'archlint' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
