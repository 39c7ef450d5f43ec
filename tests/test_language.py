"""Every declared attribute and kind, read through the parser, the model, the docs and `explain`.

The declarations in archlint/language.py are the one source; this test proves that each of them
reaches every place derived from it, so adding an attribute cannot leave one behind.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_cli

from archlint import language
from archlint.commands.explain import document
from archlint.language_doc import default_words
from archlint.loader import load
from archlint.model import Component, Edge, Group, Slo
from archlint.syntax import Value

ROOT = Path(__file__).resolve().parents[1]
MODELS = {"component": Component, "edge": Edge, "group": Group, "slo": Slo}
DECLARED = [(element, spec) for element, specs in language.ELEMENTS.items() for spec in specs.values()]


def _design(element: str, spec, written: bool) -> tuple[str, str]:
    """A design that writes `spec` (or not) on one element, and the kind or keyword it uses."""
    kind = sorted(spec.kinds)[0] if spec.kinds else ("region" if element == "group" else "service")
    attrs = f"[{spec.name}={spec.type.example}]" if written else ""
    lines = ["service a", "service b", "service orders"]
    if element == "component":
        lines.append(f"{kind} x {attrs}")
    elif element == "edge":
        lines.append(f"a -> b {attrs}")
    elif element == "group":
        lines.append(f"{kind} x {attrs} {{ service inside }}")
    else:
        lines.append(f"slo {attrs or '[]'}")
    return "\n".join(lines) + "\n", kind


def _element(design, element: str):
    return {"component": lambda: design.components["x"], "edge": lambda: design.edges[0],
            "group": lambda: design.groups["x"], "slo": lambda: design.slo}[element]()


def _expected(spec) -> dict:
    text = spec.type.example
    from archlint.parser import parse

    parsed = parse(f"service probe [{spec.name}={text}]\n", "probe.arch")
    value: Value = parsed.tree.statements[0].attrs[0].value
    return spec.fields(spec.type.read(value))


@pytest.mark.parametrize(("element", "spec"), DECLARED, ids=[f"{e}.{s.name}" for e, s in DECLARED])
def test_a_declared_attribute_reaches_the_model(element, spec):
    text, kind = _design(element, spec, written=True)
    result = load("d.arch", text)
    assert not [f for f in result.findings if f.code.startswith("L")], result.findings
    model = _element(result.design, element)
    for field, value in _expected(spec).items():
        assert getattr(model, field) == value, field
    assert model.written(spec.name).text == spec.type.example

    text, kind = _design(element, spec, written=False)
    model = _element(load("d.arch", text).design, element)
    assert getattr(model, spec.name) == spec.by_kind.get(kind, spec.default)


@pytest.mark.parametrize(("element", "spec"), DECLARED, ids=[f"{e}.{s.name}" for e, s in DECLARED])
def test_a_declared_attribute_is_in_the_reference_and_explained(element, spec):
    reference = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    row = f"| `{spec.name}` | {spec.type.words} | {default_words(spec)} |"
    assert row in reference
    page = document(spec.name)
    assert f"# `{spec.name}` ({element} attribute)" in page and spec.type.words in page


def test_the_model_has_a_field_for_every_declared_attribute_and_no_other():
    structural = {"component": {"id", "kind", "label", "group"}, "edge": {"source", "target", "arrow", "label"},
                  "group": {"id", "kind", "label", "parent", "components", "groups"}, "slo": set()}
    for element, model in MODELS.items():
        specs = language.ELEMENTS[element]
        declared = {name for spec in specs.values() for name in (spec.name, *(a[0] for a in spec.also))}
        fields = {f.name for f in dataclasses.fields(model)} - {"location", "statement", "as_written"}
        assert fields - structural[element] == declared, element


def test_the_model_is_frozen_and_slotted():
    text, _ = _design("component", language.COMPONENT_ATTRIBUTES["replicas"], written=True)
    design = load("d.arch", text).design
    for model in (design, design.components["x"], design.edges[0] if design.edges else None, design.slo):
        if model is None:
            continue
        assert not hasattr(model, "__dict__"), type(model)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(model, dataclasses.fields(model)[0].name, None)


@pytest.mark.parametrize("kind", language.KIND_DECLARATIONS, ids=lambda k: k.name)
def test_every_kind_and_alias_loads_explains_and_is_documented(kind):
    reference = (ROOT / "docs" / "language.md").read_text(encoding="utf-8")
    assert f"| `{kind.name}` |" in reference
    for word in (kind.name, *kind.aliases):
        design = load("d.arch", f"{word} x\n").design
        component = design.components["x"]
        assert component.kind == kind.name
        for name, value in language.kind_defaults(kind.name):
            assert getattr(component, name) == value
        assert f"# `{kind.name}` (component kind)" in document(word)


def test_explain_prints_an_attribute_and_a_kind_from_the_cli():
    attribute = run_cli("explain", "latency", "--color", "never")
    assert attribute.returncode == 0, attribute.stderr
    assert "(component attribute)" in attribute.stdout and "(slo attribute)" in attribute.stdout
    kind = run_cli("explain", "db", "--color", "never")
    assert kind.returncode == 0 and "# `database` (component kind)" in kind.stdout
    assert "`durable=true`" in kind.stdout
    typo = run_cli("explain", "replcas")
    assert typo.returncode == 2 and "did you mean `replicas`?" in typo.stderr


def test_an_attribute_on_a_kind_it_is_not_declared_for_is_reported(monkeypatch):
    """The `kinds` of a declaration: written elsewhere, it is an unknown attribute with a hint."""
    spec = dataclasses.replace(language.COMPONENT_ATTRIBUTES["dlq"], kinds=frozenset({"queue"}))
    table = dict(language.COMPONENT_ATTRIBUTES, dlq=spec)
    monkeypatch.setattr(language, "COMPONENT_ATTRIBUTES", table)
    monkeypatch.setattr(language, "ELEMENTS", dict(language.ELEMENTS, component=table))
    findings = load("d.arch", "queue dead\nqueue q [dlq=dead]\nservice s [dlq=dead]\n").findings
    assert [(f.rule, f.location.line) for f in findings] == [("unknown-attribute", 3)]
    assert "`dlq` is written on `queue`" in findings[0].help


def test_the_generated_tables_are_up_to_date():
    process = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_language_doc.py"), "--check"],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr + "\nrun: python tools/gen_language_doc.py"
