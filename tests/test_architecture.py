"""The import direction of docs/STYLE: parser -> model -> graph -> analysis -> rule API -> linter ->
reporters/renderer -> CLI. A module may import only modules of its own layer or below; rules
import only the rule API, the model, the graph and the analysis; the core knows no screen.

(An AST walk rather than import-linter: `archlint.rules` and `archlint.grammar` are mapped from
top-level folders, which import-linter cannot see in an editable install.)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Lower numbers are lower layers. Modules absent from the table fail the test, so a new module
# must be placed deliberately.
LAYERS = {
    "archlint.__version__": 0,  # a constant of the package root, loaded with any module
    "archlint.diagnostics": 0,
    "archlint.literals": 0,
    "archlint.sources": 0,
    "archlint.escape": 0,
    "archlint.jsonwrite": 0,
    "archlint.records": 1,  # a finding as the json formats write it and the cache keeps it
    "archlint.atomic": 0,
    "archlint.gc_pause": 0,
    "archlint.paths": 0,
    "archlint.syntax": 0,
    "archlint.codes": 1,
    "archlint.schema": 1,
    "archlint.language": 1,
    "archlint.language_doc": 1,
    "archlint.model": 1,
    "archlint.parser": 2,
    "archlint.loader": 3,
    "archlint.markdown": 3,
    "archlint.cycles": 0,
    "archlint.graph": 4,
    "archlint.analysis": 4.5,  # the numbers: above the graph, below the rules
    "archlint.rule_options": 0,  # options declared without pydantic; the model made when validating
    "archlint.rule_api": 5,
    "archlint.rules": 6,
    "archlint.registry": 6,
    "archlint.config": 6,
    "archlint.selection": 7,
    "archlint.suppress": 7,
    "archlint.baseline": 7,
    "archlint.cache": 7,
    "archlint.packs": 0,
    "archlint.discovery": 7,
    "archlint.includers": 7,
    "archlint.linter": 8,
    "archlint.testing": 9,
    "archlint.progress": 9,
    "archlint.reporters": 10,
    "archlint.render": 10,
    "archlint.format": 10,  # beside the CLI: uses the parser and loader as any user would
    "archlint.importers": 10,  # beside the CLI: uses the library as any user would, below the command that runs it
    "archlint.report": 10,
    "archlint.highlight": 10,  # a Pygments lexer: reads the language declaration only
    "archlint.lsp": 11,  # beside the CLI: the engine and the formatter behind an editor protocol
    "archlint.commands": 11,
    "archlint.cli": 12,
    "archlint.__main__": 13,
    "archlint": 13,  # the package's lazy top-level API
}
RULE_MAY_IMPORT = {"archlint.rule_api", "archlint.model", "archlint.graph", "archlint.analysis"}
SCREEN = {"archlint.reporters", "archlint.render", "archlint.report", "archlint.format", "archlint.lsp",
          "archlint.commands", "archlint.cli"}


def _modules():
    for path in sorted((ROOT / "archlint").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        yield ".".join(parts), path
    for path in sorted((ROOT / "rules").glob("*.py")):
        name = "archlint.rules" if path.stem == "__init__" else f"archlint.rules.{path.stem}"
        yield name, path


def _imports(name: str, path: Path):
    package = name if path.stem == "__init__" else name.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
                targets = [target] if node.module else [f"{target}.{alias.name}" for alias in node.names]
            else:
                targets = [node.module or ""]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target.startswith("archlint"):
                yield target, node.lineno


def _layer(module: str) -> tuple[str, int]:
    parts = module.split(".")
    for size in range(len(parts), 0, -1):
        key = ".".join(parts[:size])
        if key in LAYERS:
            return key, LAYERS[key]
    raise AssertionError(f"`{module}` has no place in the layer table of tests/test_architecture.py")


def test_every_module_has_a_layer():
    for name, _ in _modules():
        _layer(name)


def test_imports_run_one_way():
    problems = []
    for name, path in _modules():
        own_key, own = _layer(name)
        for target, line in _imports(name, path):
            key, layer = _layer(target)
            if key == own_key or key == "archlint.__main__":
                continue
            if layer > own:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {name} (layer {own}) imports {target} (layer {layer})")
    assert not problems, "\n".join(problems)


def test_rules_import_only_the_rule_api_model_and_graph():
    problems = []
    for name, path in _modules():
        if not name.startswith("archlint.rules."):
            continue
        for target, line in _imports(name, path):
            if _layer(target)[0] not in RULE_MAY_IMPORT:
                problems.append(f"{path.relative_to(ROOT)}:{line}: imports {target}")
    assert not problems, "\n".join(problems)


def test_the_core_knows_no_screen():
    problems = []
    for name, path in _modules():
        if _layer(name)[1] >= LAYERS["archlint.reporters"] or name == "archlint":
            continue
        for target, line in _imports(name, path):
            if _layer(target)[0] in SCREEN:
                problems.append(f"{path.relative_to(ROOT)}:{line}: {name} imports {target}")
    assert not problems, "\n".join(problems)
