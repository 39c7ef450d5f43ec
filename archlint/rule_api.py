"""The public API for writing rules: what a rule module declares and what `check` yields.

A rule is a module with constants and a pure generator::

    '''One-line summary.

    ## Why is this bad?
    ...
    ## Anti-pattern
    ```arch
    ...
    ```
    ## Best practice
    ```arch
    ...
    ```
    ## Options
    ...
    ## References
    ...
    '''
    from archlint.rule_api import DeclaredOptions, Finding, Severity, option

    CODE = "X001"
    NAME = "my-rule"
    CATEGORY = "reliability"
    DEFAULT_SEVERITY = Severity.WARNING

    class Options(DeclaredOptions):   # optional
        threshold: int = option(10, "what it means", ge=1)

    def check(design, graph, options):
        for component in design.components.values():
            ...
            yield Finding(message="...", location=component.location, element=component.id)

`check` only reads: no I/O, no printing, no mutation. The engine stamps the code, name and
severity on every finding and applies configuration and suppressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType
from typing import Callable, Iterator

from .diagnostics import Finding, Location, Related, Severity
from .graph import DesignGraph, EntryPath, EntryWay, format_path
from .literals import format_duration, format_rate
from .model import Component, Design, Edge, Group
from .language import APP_KINDS, DATA_STORE_KINDS, KIND_ALIASES, KINDS, OUTSIDE_KINDS, QUEUE_KINDS, SIGNALS, STATEFUL_BY_NATURE
from .rule_options import DeclaredOptions, defaults_of, is_options, model_of, option, pydantic_base

__all__ = [
    "APP_KINDS",
    "DATA_STORE_KINDS",
    "DeclaredOptions",
    "KIND_ALIASES",
    "KINDS",
    "OUTSIDE_KINDS",
    "QUEUE_KINDS",
    "SIGNALS",
    "format_duration",
    "format_rate",
    "Component",
    "Design",
    "DesignGraph",
    "Edge",
    "EntryPath",
    "EntryWay",
    "Finding",
    "Group",
    "Location",
    "Related",
    "RuleLoadError",
    "STATEFUL_BY_NATURE",
    "cite",
    "is_write",
    "option",
    "RuleOptions",
    "RuleSpec",
    "Severity",
    "format_path",
    "rule_from_module",
]

_CODE = re.compile(r"^[A-Z]{1,4}[0-9]{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
DOC_SECTIONS = ("Why is this bad?", "Anti-pattern", "Best practice", "Options", "References")


def cite(element: Component | Edge | Group, *names: str) -> str:
    """The attributes as the author wrote them, for a message: `` `retries=3`, `timeout=2s` ``."""
    written = element.as_written  # the text only: no attribute moved to its line
    return ", ".join(f"`{name}={written[name].text}`" for name in names if name in written)


def is_write(edge: Edge) -> bool:
    """Whether an edge states that it writes: `op=write`, `op=rw`, or a `writes` rate above zero."""
    return edge.op in ("write", "rw") or bool(edge.writes)


def __getattr__(name: str):
    """`RuleOptions`, the pydantic base of a pack's options models, is made (and pydantic
    imported) when a pack asks for it (PEP 562): archlint's own rules declare theirs with
    `DeclaredOptions`, so a lint needs no pydantic unless something is validated."""
    if name == "RuleOptions":
        return pydantic_base()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class RuleLoadError(Exception):
    """A rule module that does not have the shape of a rule; the message names it."""


@dataclass(frozen=True)
class RuleSpec:
    code: str
    name: str
    category: str
    default_severity: Severity
    check: Callable[..., Iterator[Finding]]
    options: type | None  # a `DeclaredOptions` subclass, a pydantic model (`RuleOptions`), or None
    doc: str
    module: str

    @property
    def options_model(self) -> type | None:
        """The pydantic model that validates a configuration of the rule's options."""
        return None if self.options is None else model_of(self.options)

    def default_options(self):
        """The options the rule gets when no configuration sets them (None without options)."""
        return None if self.options is None else defaults_of(self.options)

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else ""

    def doc_section(self, title: str) -> str:
        """The text of one `## title` section of the rule's docstring."""
        pattern = re.compile(rf"^## {re.escape(title)}\s*$(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
        match = pattern.search(self.doc)
        return match.group(1).strip() if match else ""

    def doc_example(self, title: str) -> str | None:
        """The ```arch block of a section (Anti-pattern, Best practice), found by the project's
        one fence scanner."""
        from . import markdown

        designs = markdown.arch_blocks(self.doc_section(title))
        return "\n".join(designs[0].lines) + "\n" if designs else None


def rule_from_module(module: ModuleType) -> RuleSpec:
    """Check that `module` has the shape of a rule and describe it; RuleLoadError otherwise."""
    where = module.__name__
    problems = []
    code = getattr(module, "CODE", None)
    name = getattr(module, "NAME", None)
    category = getattr(module, "CATEGORY", None)
    severity = getattr(module, "DEFAULT_SEVERITY", None)
    check = getattr(module, "check", None)
    options = getattr(module, "Options", None)
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append("CODE must be 1-4 capital letters and 3 digits, like `R001`")
    if not isinstance(name, str) or not _NAME.match(name):
        problems.append("NAME must be kebab-case, like `single-point-of-failure`")
    if not isinstance(category, str) or not category:
        problems.append("CATEGORY must be a non-empty string")
    try:
        severity = Severity(severity)
    except ValueError:
        problems.append("DEFAULT_SEVERITY must be a Severity (`error`, `warning` or `info`)")
    if not callable(check):
        problems.append("check(design, graph, options) must be defined")
    if options is not None and not is_options(options):
        problems.append("Options must subclass archlint.rule_api.DeclaredOptions or be a pydantic model "
                        "(subclass archlint.rule_api.RuleOptions)")
    doc = module.__doc__ or ""
    if not doc.strip():
        problems.append("the module needs a docstring: a summary line and the sections " + ", ".join(DOC_SECTIONS))
    if problems:
        raise RuleLoadError(f"rule module `{where}` is not a valid rule: " + "; ".join(problems))
    return RuleSpec(code, name, category, severity, check, options, doc, where)
