"""Which rules run, at what severity, with which options: settings resolved against the rules.

Selectors are rule names (`single-point-of-failure`), codes (`R001`), code prefixes (`R`,
`R00`) or `ALL`, as in ruff, and categories (`security`: every rule of that category).
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field

from . import codes
from .config import ConfigError, Settings, in_words
from .diagnostics import Severity, did_you_mean
from .registry import RuleSet, builtin_rules, installed_rules, local_rules
from .rule_api import RuleSpec


class PerFileIgnores:
    """`per-file-ignores`: the codes left out in a file, by patterns relative to the configuration
    (a pattern matches the relative path or the file's name, as `fnmatch` does).

    Work grows with files and patterns, never with findings: a file's codes are worked out once.
    A pattern without wildcards is looked up, not matched, so thousands of literal paths cost
    one lookup a file."""

    def __init__(self, entries: list[tuple[str, set[str]]]) -> None:
        self.literal: dict[str, set[str]] = {}
        self.globs: list[tuple[str, set[str]]] = []
        for pattern, codes_ in entries:
            pattern = pattern.replace("\\", "/")
            if any(char in pattern for char in "*?["):
                self.globs.append((pattern, codes_))
            else:
                self.literal.setdefault(pattern, set()).update(codes_)
        self._by_file: dict[str, frozenset[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.literal or self.globs)

    def codes_for(self, relative: str) -> frozenset[str]:
        """The codes ignored in the file at `relative` (forward slashes)."""
        found = self._by_file.get(relative)
        if found is None:
            name = relative.rsplit("/", 1)[-1]
            codes_: set[str] = set(self.literal.get(relative, ())) | self.literal.get(name, set())
            for pattern, ignored in self.globs:
                if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern):
                    codes_ |= ignored
            found = self._by_file[relative] = frozenset(codes_)
        return found


@dataclass
class Catalog:
    """Every rule archlint can name in this run: built-in diagnostics and rule modules."""

    rules: RuleSet
    builtin_codes: frozenset[str]
    installed_loaded: bool = False

    def names(self) -> dict[str, str]:
        """code -> name of everything, diagnostics included."""
        table = {d.code: d.name for d in codes.all_builtin()}
        table.update({r.code: r.name for r in self.rules})
        return table

    def categories(self) -> dict[str, set[str]]:
        """category -> codes, the built-in diagnostics' categories (`language`, `suppression`) included."""
        table: dict[str, set[str]] = {}
        for diagnostic in codes.all_builtin():
            table.setdefault(diagnostic.category, set()).add(diagnostic.code)
        for rule in self.rules:
            table.setdefault(rule.category, set()).add(rule.code)
        return table

    def resolve(self, selector: str, *, context: str) -> set[str]:
        """The codes a selector means; ConfigError (with a suggestion) when it means nothing."""
        if re.fullmatch(r"[a-z]{1,4}[0-9]{0,3}", selector) and any(c.startswith(selector.upper()) for c in self.names()):
            selector = selector.upper()  # codes are capitals; `r001` means `R001`
        if selector == "ALL":
            if not self.installed_loaded:
                self.load_installed()
            return set(self.names())
        names = self.names()
        for code, name in names.items():
            if selector == name or selector == code:
                return {code}
        if selector[:1].isupper():
            matched = {code for code in names if code.startswith(selector)}
            if matched:
                return matched
        if not self.installed_loaded:
            self.load_installed()
            return self.resolve(selector, context=context)
        categories = self.categories()
        if selector in categories:
            return categories[selector]
        near = did_you_mean(selector, list(names.values()) + list(names) + list(categories))
        hint = f"; did you mean `{near}`?" if near else " (see `archlint rules`)"
        raise ConfigError(f"{context}: unknown rule `{selector}`{hint}")

    def load_installed(self) -> None:
        self.installed_loaded = True
        for rule in installed_rules():
            self.rules.add(rule)

    def spec(self, code: str) -> RuleSpec | None:
        return self.rules.by_code.get(code)


def make_catalog(rule_paths: tuple[str, ...] = (), extra: tuple[RuleSpec, ...] = ()) -> Catalog:
    """The built-in rules, the rules of the configured directories, and `extra` (tests).

    Rules from directories and `extra` are enabled by default like the built-in ones: the
    user named them.
    """
    rules = RuleSet(builtin_rules())
    for directory in rule_paths:
        for rule in local_rules(directory):
            rules.add(rule)
    for rule in extra:
        rules.add(rule)
    return Catalog(rules, frozenset(r.code for r in rules))


@dataclass
class Selection:
    enabled: set[str]
    severity: dict[str, Severity]
    options: dict[str, object | None] = field(default_factory=dict)
    per_file_ignores: PerFileIgnores = field(default_factory=lambda: PerFileIgnores([]))

    def rules(self, catalog: Catalog) -> list[tuple[RuleSpec, object | None]]:
        specs = [catalog.spec(code) for code in sorted(self.enabled)]
        return [(spec, self.options.get(spec.code)) for spec in specs if spec is not None]


def _option_problem(where: str, selector: str, rule, error: dict) -> str:
    """One rule option's problem in the words of the file."""
    key = ".".join(str(part) for part in error["loc"])
    names = [f.alias or n for n, f in rule.options_model.model_fields.items()]
    message = in_words(error)
    if error["type"] == "extra_forbidden":
        near = did_you_mean(key, names)
        message = "unknown option" + (f"; did you mean `{near}`?" if near else f" (options: {', '.join(f'`{n}`' for n in names)})")
    return f"{where}: `rules.{selector}.{key}`: {message}"


def select(catalog: Catalog, settings: Settings, *, cli_select=None, cli_extend_select=(), cli_ignore=()) -> Selection:
    where = settings.source or "configuration"
    default = {d.code for d in codes.all_builtin()} | set(catalog.builtin_codes)

    problems: list[str] = []  # every problem of the configuration, reported together

    def resolve(selector, context) -> set[str]:
        try:
            return catalog.resolve(selector, context=context)
        except ConfigError as error:
            problems.append(str(error))
            return set()

    def resolve_all(selectors, context) -> set[str]:
        result: set[str] = set()
        for selector in selectors:
            result |= resolve(selector, context)
        return result

    if cli_select is not None:
        enabled = resolve_all(cli_select, "--select")
    elif settings.select is not None:
        enabled = resolve_all(settings.select, f"{where}: `select`")
    else:
        enabled = set(default)
    enabled |= resolve_all(settings.extend_select, f"{where}: `extend-select`")
    enabled |= resolve_all(cli_extend_select, "--extend-select")
    enabled -= resolve_all(settings.ignore, f"{where}: `ignore`")
    enabled -= resolve_all(cli_ignore, "--ignore")
    enabled |= codes.FATAL_CODES  # a broken design is always reported

    severity: dict[str, Severity] = {d.code: d.severity for d in codes.all_builtin()}
    severity.update({r.code: r.default_severity for r in catalog.rules})
    for selector, level in settings.severity.items():
        for code in resolve(selector, f"{where}: `severity`"):
            severity[code] = level

    options: dict[str, object | None] = {}
    configured: dict[str, dict] = {}
    for selector, table in settings.rules.items():
        found = resolve(selector, f"{where}: `rules`")
        if len(found) > 1:
            problems.append(f"{where}: `rules.{selector}`: options go under one rule's name, not a prefix")
        elif found:
            configured[found.pop()] = (selector, table)
    for rule in catalog.rules:
        selector, table = configured.get(rule.code, (rule.name, {}))
        if rule.options is None:
            if table:
                problems.append(f"{where}: `rules.{selector}`: rule `{rule.name}` takes no options")
            options[rule.code] = None
            continue
        if not table:  # the rule's own defaults: nothing to validate
            options[rule.code] = rule.default_options()
            continue
        from pydantic import ValidationError

        try:
            options[rule.code] = rule.options_model.model_validate(table)
        except ValidationError as error:
            problems += [_option_problem(where, selector, rule, e) for e in error.errors()]

    per_file = PerFileIgnores([
        (pattern, resolve_all(selectors, f"{where}: `per-file-ignores`"))
        for pattern, selectors in settings.per_file_ignores.items()
    ])
    if problems:
        raise ConfigError("\n".join(problems), problems)
    return Selection(enabled, severity, options, per_file)
