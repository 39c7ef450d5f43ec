"""Configuration: `[tool.archlint]` in pyproject.toml, or archlint.toml / .archlint.toml.

The nearest configuration at or above a linted file wins, never above `search_top` (the git
work tree's top, or outside git the working directory). In one directory: `.archlint.toml`, then
`archlint.toml`, then a pyproject.toml that has a `[tool.archlint]` table. Unknown keys and bad
values are `ConfigError`s that name the key and the file.
"""

from __future__ import annotations

import functools
import os
import sys
import types
import typing
from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Any

from .diagnostics import Severity, did_you_mean
from .paths import inside

if TYPE_CHECKING:
    from pydantic import StrictBool

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = (".archlint.toml", "archlint.toml", "pyproject.toml")
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pypackages__", "build", "dist")


class ConfigError(Exception):
    """A configuration problem, for a person: which file, which key, what is wrong. `problems`
    holds each of them when a configuration has several, so each is printed on its own line."""

    def __init__(self, message: str, problems: list[str] | None = None, partial: "Settings | None" = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]
        # The settings without the values found wrong: what the run can still check further
        # (selectors, rule options), so mistakes of every kind surface in the same run.
        self.partial = partial


def _kebab(name: str) -> str:
    return name.replace("_", "-")


@dataclass(frozen=True)
class Settings:
    """The resolved settings. A plain dataclass: a configuration whose values have their
    settings' shapes is read without the validation library (`_plainly_valid`); for any other,
    `_validated` builds its validator from these fields."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    respect_gitignore: StrictBool = True  # `"yes"` is a mistake to report, not a true
    include_paths: tuple[str, ...] = ()
    rule_paths: tuple[str, ...] = ()
    markdown: StrictBool = False
    fail_on: Severity = Severity.ERROR

    # Where the settings came from: relative paths in them are relative to this directory.
    source: str | None = field(default=None, compare=False)
    root: str | None = field(default=None, compare=False)


_WHERE_FROM = ("source", "root")
SETTING_NAMES = tuple(f.name for f in fields(Settings) if f.name not in _WHERE_FROM)


def default_settings() -> Settings:
    """The settings when no configuration applies."""
    return Settings()


@functools.cache
def _validator():
    """A pydantic model of `Settings`' fields, built the first time a file is read: keys in
    kebab-case, unknown keys refused, `true`/`false` strict."""
    from pydantic import ConfigDict, Field, StrictBool, create_model

    hints = typing.get_type_hints(Settings, localns={"StrictBool": StrictBool}, include_extras=True)
    declared = {}
    for item in fields(Settings):
        if item.name in _WHERE_FROM:
            continue
        default = Field(default_factory=item.default_factory) if item.default is MISSING else item.default
        declared[item.name] = (hints[item.name], default)
    config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True)
    return create_model("Settings", __config__=config, **declared)


def _validated(table: dict, path: str, root: str) -> Settings:
    """The settings of a table, or pydantic's ValidationError."""
    model = _validator().model_validate(table)
    return Settings(**{name: getattr(model, name) for name in SETTING_NAMES}, source=path, root=root)


class _NotPlain(Exception):
    """A value not of exactly its setting's shape: left to pydantic, to coerce or refuse it."""


@functools.cache
def _setting_types() -> dict[str, Any]:
    """Each key's type, `StrictBool` read as `bool` (a TOML boolean is one) so that no
    validation library is loaded to read it."""
    hints = typing.get_type_hints(Settings, localns={"StrictBool": bool})
    return {_kebab(name): hints[name] for name in SETTING_NAMES}


def _plainly_valid(table: dict) -> dict | None:
    """The settings' values when every value in `table` has exactly the shape its setting
    declares (a list of strings, a table of them, `true`, a severity's name, ...), as pydantic
    would give them; None otherwise. Most configurations are so, and are then read without
    loading pydantic; anything else is pydantic's to coerce or refuse, in its words."""
    types = _setting_types()
    try:
        return {name.replace("-", "_"): _plain(value, types[name]) for name, value in table.items()}
    except _NotPlain:
        return None


def _plain(value: Any, hint: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return value
    if hint is bool or hint is str:
        if type(value) is not hint:
            raise _NotPlain
        return value
    if hint is Severity:
        if type(value) is not str or value not in _SEVERITY_NAMES:
            raise _NotPlain
        return Severity(value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if type(value) is not list:
            raise _NotPlain
        return tuple(_plain(item, args[0]) for item in value)
    if origin is dict:
        if type(value) is not dict:
            raise _NotPlain
        return {_plain(key, args[0]): _plain(item, args[1]) for key, item in value.items()}
    if origin in (typing.Union, types.UnionType) and type(None) in args:  # `X | None`: TOML has no None
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _plain(value, inner)
    raise _NotPlain


_SEVERITY_NAMES = frozenset(level.value for level in Severity)


KNOWN_KEYS = sorted(_kebab(name) for name in SETTING_NAMES)


def _table(path: str, data: dict) -> dict | None:
    if os.path.basename(path) == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("archlint") if isinstance(tool, dict) else None
    return data


def _section(path: str) -> str:
    return "[tool.archlint]" if os.path.basename(path) == "pyproject.toml" else "the top level"


def read_config(path: str) -> Settings:
    """The settings of one configuration file (empty settings when pyproject.toml has none)."""
    from .sources import SourceUnreadable, read_bytes

    try:
        data = tomllib.loads(read_bytes(path).decode("utf-8"))
    except SourceUnreadable as error:
        raise ConfigError(f"{path}: cannot read: {error.reason}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 at byte {error.start}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except ValueError:  # the only other: an integer past Python's 4,300-digit limit
        raise ConfigError(f"{path}: invalid TOML: an integer too long to read (over 4,300 digits)") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: arrays or tables nested too deep to read") from None
    table = _table(path, data)
    if table is None:
        table = {}
    return settings_from_table(table, path)


PATH_KEYS = ("include-paths", "rule-paths", "exclude", "extend-exclude")


def settings_from_table(table: dict, path: str) -> Settings:
    """The settings of a configuration table; every problem in it at once in one ConfigError
    (unknown keys and wrong values alike), so one run shows all there is to fix."""
    root = os.path.dirname(os.path.abspath(path))
    problems = []
    for key in table:
        if key not in KNOWN_KEYS:
            near = did_you_mean(key, KNOWN_KEYS)
            hint = f"; did you mean `{near}`?" if near else f" (known keys: {', '.join(KNOWN_KEYS)})"
            problems.append(f"{path}: unknown key `{key}` in {_section(path)}{hint}")
    known = {key: value for key, value in table.items() if key in KNOWN_KEYS}
    for key in PATH_KEYS:
        values = table.get(key)
        if isinstance(values, list) and any(isinstance(v, str) and "\0" in v for v in values):
            problems.append(f"{path}: `{key}` in {_section(path)}: a path cannot hold a NUL character (`\\u0000`)")
            del known[key]
    plain = _plainly_valid(known)
    if plain is not None:
        settings = Settings(**plain, source=path, root=root)
    else:
        from pydantic import ValidationError

        try:
            settings = _validated(known, path, root)
        except ValidationError as error:
            problems += [f"{path}: `{_key(e['loc'])}` in {_section(path)}: {_in_words(e)}" for e in error.errors()]
            settings = _without_wrong_values(known, error, path, root)
    if problems:
        raise ConfigError("\n".join(problems), problems, settings) from None
    return settings


def _without_wrong_values(known: dict, error, path: str, root: str) -> Settings | None:
    """The settings of `known` less what `error` found wrong: a wrong entry of a table (one
    `severity` or `rules` entry) is left out alone, any other wrong value with its key."""
    from pydantic import ValidationError

    for _ in range(3):
        known = dict(known)
        for problem in error.errors():
            key, rest = problem["loc"][0], problem["loc"][1:]
            if rest and isinstance(known.get(key), dict):
                known[key] = {name: value for name, value in known[key].items() if name != rest[0]}
            else:
                known.pop(key, None)
        try:
            return _validated(known, path, root)
        except ValidationError as again:
            error = again
    return None


def _key(location: tuple) -> str:
    return ".".join(str(part) for part in location if not isinstance(part, int))


def _in_words(error: dict) -> str:
    """A validation error in the words of a TOML file rather than of Python types."""
    kind = error["type"]
    if kind in ("tuple_type", "list_type"):
        return "expected a list, e.g. `[\"a\", \"b\"]`"
    if kind == "dict_type":
        return "expected a table"
    if kind == "enum":
        value = str(error.get("input"))
        near = did_you_mean(value, [s.value for s in Severity])
        return f"expected `error`, `warning` or `info`, found `{value}`" + (f"; did you mean `{near}`?" if near else "")
    if kind in ("bool_type", "bool_parsing"):
        return "expected `true` or `false`"
    if kind in ("string_type",):
        return "expected a string"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, found `{error.get('input')!r}`"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, found `{error.get('input')!r}`"
    return error["msg"]


def in_words(error: dict) -> str:
    return _in_words(error)


def _has_archlint_table(path: str) -> bool:
    """Whether a pyproject.toml configures archlint; one that cannot be read (or is no regular
    file) is an error, never a silent "no configuration"."""
    from .sources import SourceUnreadable, read_bytes

    try:
        return b"[tool.archlint" in read_bytes(path)
    except SourceUnreadable as error:
        raise ConfigError(f"{path}: cannot read: {error.reason}") from None


def find_config_file(start: str) -> str | None:
    """The nearest configuration file in `start` or above it, never above `search_top(start)`:
    a configuration outside the project does not apply."""
    for directory in _upward(start):
        for name in CONFIG_FILES:
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate) and (name != "pyproject.toml" or _has_archlint_table(candidate)):
                return candidate
    return None


def search_top(start: str) -> tuple[str, str]:
    """The highest directory whose configuration (or project marker) counts for files in
    `start`, and why it is the top. In a git work tree: its top. Outside one: the working
    directory when `start` lies inside it, else `start` itself. So a `pyproject.toml` in a parent
    directory (a shared /tmp, the directory a CI job unpacks into, another project) never changes
    the rules or loads its `rule-paths`: outside git the user's own choice of directory bounds it."""
    directory = os.path.abspath(start)
    top = repository_root(directory)
    if top is not None:
        return top, "the top of the git work tree"
    levels = _levels_below_working_directory(directory)
    if levels is None:
        return directory, "outside a git repository and the working directory, only the file's own directory"
    for _ in range(levels):
        directory = os.path.dirname(directory)
    return directory, "outside a git repository, the working directory"


def _levels_below_working_directory(directory: str) -> int | None:
    """How many directories `directory` lies below the working directory (None: not inside
    it). Compared as real paths, so a symbolic link in either does not move the top."""
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:  # the working directory was removed
        return None
    found = inside(os.path.realpath(directory), cwd)
    if found is None:
        return None
    return 0 if found == "." else found.count("/") + 1


def _upward(start: str):
    """`start` (absolute) and each directory above it, up to and including its `search_top`."""
    directory = os.path.abspath(start)
    top, _ = search_top(directory)
    while True:
        yield directory
        parent = os.path.dirname(directory)
        if directory == top or parent == directory:
            return
        directory = parent


@functools.lru_cache(maxsize=4096)
def repository_root(directory: str) -> str | None:
    """The top of the git work tree holding `directory` (where `.git` is), or None. A `.git`
    that another user owns counts only when git itself trusts it (its `safe.directory` rule):
    otherwise anyone who can write to a shared parent such as /tmp could plant one and stretch
    the search up to a configuration of theirs."""
    marker = os.path.join(directory, ".git")
    if os.path.lexists(marker):
        return directory if _trusted_repository(directory, marker) else None
    parent = os.path.dirname(directory)
    return None if parent == directory else repository_root(parent)


def _trusted_repository(directory: str, marker: str) -> bool:
    try:
        owner = os.lstat(marker).st_uid
    except OSError:
        return False
    if not hasattr(os, "geteuid") or owner in (os.geteuid(), 0):
        return True
    import subprocess

    try:  # git refuses a repository of another owner unless `safe.directory` names it
        process = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=directory, capture_output=True,
                                 timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return process.returncode == 0


PROJECT_MARKERS = (".git", "pyproject.toml", "archlint.toml", ".archlint.toml")


def project_root(path: str) -> str:
    """The directory a design's includes must stay inside: the nearest directory, from the
    design's own up to its `search_top`, that holds a repository or a configuration, else the
    design's own directory. The same bound as the configuration search, so nothing outside
    the project decides either."""
    start = os.path.dirname(os.path.abspath(path))
    for directory in _upward(start):
        if any(os.path.exists(os.path.join(directory, marker)) for marker in PROJECT_MARKERS):
            return directory
    return start


def describe(settings: Settings) -> str:
    """Every resolved setting, written as the TOML that would set it."""
    lines = []
    for name in SETTING_NAMES:
        value = getattr(settings, name)
        if value is None:
            lines.append(f"# {_kebab(name)} is not set")
        else:
            lines.append(f"{_kebab(name)} = {_toml(value)}")
    return "\n".join(lines) + "\n"


def _toml(value) -> str:
    import json

    if isinstance(value, Severity):
        return json.dumps(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {_toml(v)}" for k, v in value.items()) + " }" if value else "{}"
    return json.dumps(value)
