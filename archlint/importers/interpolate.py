"""Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}` and the rest, and `.env` files.

The forms are the compose specification's: `-` and `:-` give a default (`:-` also when the
variable is empty), `+` and `:+` a replacement when it is set, `?` and `:?` stop with an error
when it is missing, `$$` is a literal `$`. Defaults may themselves hold `${...}`.
"""

from __future__ import annotations

import re

from .yamlfile import ImportFailure, read_text

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Variables:
    """Where values come from: the process environment first, then the `.env` file."""

    def __init__(self, environment: dict[str, str], dotenv: dict[str, str]):
        self.values = {**dotenv, **environment}
        self.unset: dict[str, str] = {}  # name -> first place it was used unset

    def get(self, name: str) -> str | None:
        return self.values.get(name)


def interpolate(text: str, variables: Variables, where: str) -> str:
    out, position = [], 0
    while True:
        dollar = text.find("$", position)
        if dollar < 0:
            out.append(text[position:])
            return "".join(out)
        out.append(text[position:dollar])
        following = text[dollar + 1:dollar + 2]
        if following == "$":
            out.append("$")
            position = dollar + 2
        elif following == "{":
            end = _closing(text, dollar + 2, where)
            out.append(_expression(text[dollar + 2:end], variables, where))
            position = end + 1
        else:
            match = _NAME.match(text, dollar + 1)
            if match is None:  # a lone `$` is kept as written, as compose does
                out.append("$")
                position = dollar + 1
            else:
                out.append(_value(match.group(), variables, where))
                position = match.end()


def _closing(text: str, start: int, where: str) -> int:
    depth = 1
    index = start
    while index < len(text):
        if text.startswith("${", index):
            depth += 1
            index += 2
            continue
        if text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
        index += 1
    raise ImportFailure(f"{where}: invalid interpolation: `${{` without its `}}` in `{_short(text)}`")


def _expression(body: str, variables: Variables, where: str) -> str:
    match = _NAME.match(body)
    if match is None:
        raise ImportFailure(f"{where}: invalid interpolation `${{{body}}}`: expected a variable name after `${{`")
    name, rest = match.group(), body[match.end():]
    value = variables.get(name)
    if not rest:
        return _value(name, variables, where)
    for operator in (":-", ":?", ":+", "-", "?", "+"):
        if rest.startswith(operator):
            argument = rest[len(operator):]
            break
    else:
        raise ImportFailure(f"{where}: invalid interpolation `${{{body}}}`: expected `}}`, `:-`, `-`, `:?`, `?`, "
                            f"`:+` or `+` after `{name}`")
    present = value is not None and (value != "" or ":" not in operator)
    if operator.endswith("-"):
        return value if present else interpolate(argument, variables, where)
    if operator.endswith("+"):
        return interpolate(argument, variables, where) if present else ""
    if not present:
        reason = interpolate(argument, variables, where) or "it is required"
        raise ImportFailure(f"{where}: variable `{name}` is missing a value: {reason}")
    return value


def _value(name: str, variables: Variables, where: str) -> str:
    value = variables.get(name)
    if value is None:
        variables.unset.setdefault(name, where)
        return ""
    return value


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


def read_env_file(path: str, variables: Variables | None = None):
    """Yield (name, value, line) for each assignment in a `.env`-style file; a bare NAME has value None.

    Double-quoted and unquoted values are interpolated from `variables` when given (as compose
    does for `.env`); single-quoted values are literal."""
    for number, raw in enumerate(read_text(path, "env file").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        name, equals, value = line.partition("=")
        name = name.strip()
        if not _NAME.fullmatch(name):
            raise ImportFailure(f"{path}:{number}: expected NAME=VALUE, found `{_short(raw.strip())}`")
        if not equals:
            yield name, None, number
            continue
        value = value.strip()
        if value[:1] == "'" and value.count("'") >= 2:
            value = value[1:value.index("'", 1)]
        else:
            if value[:1] == '"' and value.count('"') >= 2:
                value = value[1:value.rindex('"')].replace('\\n', "\n").replace('\\"', '"')
            else:
                value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
            if variables is not None:
                value = interpolate(value, variables, f"{path}:{number}")
        yield name, value, number
