"""Finding rules: the built-in pack, installed packs (entry points) and local rule directories.

Every pack, the built-in one included, is a module named by an entry point in the group
`archlint.rules`: either a rule module itself or a package listing its rule modules in
`RULE_MODULES`. The built-in pack is imported directly, so a plain lint never pays for reading
every installed distribution's metadata; installed packs are looked up when asked for.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from types import ModuleType

from .packs import BUILTIN_PACK, installed_packs
from .rule_api import RuleLoadError, RuleSpec, rule_from_module


def rules_of_pack(pack: ModuleType) -> list[RuleSpec]:
    """The rules of a pack module: itself if it is a rule, else the modules it lists."""
    if hasattr(pack, "CODE"):
        return [rule_from_module(pack)]
    names = getattr(pack, "RULE_MODULES", None)
    if names is None:
        raise RuleLoadError(f"`{pack.__name__}` is neither a rule (no CODE) nor a pack (no RULE_MODULES)")
    return [rule_from_module(_import(f"{pack.__name__}.{name}")) for name in names]


def _import(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except Exception as error:  # a plugin's own bug: name it instead of crashing
        raise RuleLoadError(f"cannot import rule module `{name}`: {type(error).__name__}: {error}") from error


def builtin_rules() -> list[RuleSpec]:
    return rules_of_pack(_import(BUILTIN_PACK))


def installed_rules() -> list[RuleSpec]:
    rules: list[RuleSpec] = []
    for entry_name, module_name in installed_packs():
        try:
            rules.extend(rules_of_pack(_import(module_name.split(":")[0])))
        except RuleLoadError as error:
            raise RuleLoadError(f"rule pack `{entry_name}`: {error}") from error
    return rules


def local_rules(directory: str) -> list[RuleSpec]:
    """The rule modules (`*.py`) of a directory the configuration names."""
    if not os.path.isdir(directory):
        raise RuleLoadError(f"rule directory `{directory}` does not exist")
    rules = []
    for entry in sorted(os.listdir(directory)):
        if not entry.endswith(".py") or entry.startswith("_"):
            continue
        path = os.path.join(directory, entry)
        module_name = f"archlint_local_rules.{abs(hash(os.path.realpath(directory)))}.{entry[:-3]}"
        spec = importlib.util.spec_from_file_location(module_name, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        sys.path.insert(0, directory)  # so a rule can import helpers that sit beside it
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            del sys.modules[module_name]
            raise RuleLoadError(f"cannot import local rule `{path}`: {type(error).__name__}: {error}") from error
        finally:
            sys.path.remove(directory)
        try:
            rules.append(rule_from_module(module))
        except RuleLoadError as error:
            raise RuleLoadError(str(error).replace(f"rule module `{module_name}`", f"local rule `{path}`")) from None
    return rules


class RuleSet:
    """Rules by code and by name; two rules may not share either."""

    def __init__(self, rules: list[RuleSpec]) -> None:
        self.by_code: dict[str, RuleSpec] = {}
        self.by_name: dict[str, RuleSpec] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: RuleSpec) -> None:
        for key, table in ((rule.code, self.by_code), (rule.name, self.by_name)):
            other = table.get(key)
            if other is not None and other.module != rule.module:
                raise RuleLoadError(f"rules `{other.module}` and `{rule.module}` both claim `{key}`")
        self.by_code[rule.code] = rule
        self.by_name[rule.name] = rule

    def __iter__(self):
        return iter(sorted(self.by_code.values(), key=lambda r: r.code))

    def get(self, key: str) -> RuleSpec | None:
        return self.by_name.get(key) or self.by_code.get(key)
