"""The shapes of the compose file parts that the import reads, checked before anything is inferred.

A schema is a Python value: `str` a string, `SCALAR` any single value, `None` an empty value,
`[x]` a list of x, `{key: x}` a mapping whose listed keys are x (`"*"` for every value; other
keys are free), `ANY` anything, and a tuple the alternatives. A value of the wrong shape is
refused at its line with what was expected, as compose itself refuses it, so no later step
meets a list where it reads a name.
"""

from __future__ import annotations

from .yamlfile import ImportFailure, Map, Seq, Tagged

SCALAR, ANY = "a single value", "anything"

_PORT = (SCALAR, {"published": SCALAR, "target": SCALAR, "host_ip": SCALAR, "protocol": SCALAR})
SERVICE = {
    "image": str, "container_name": str, "hostname": str,
    "build": (str, {"context": str}),
    "environment": ({"*": (SCALAR, None)}, [SCALAR]),
    "env_file": (str, [(str, {"path": str, "required": SCALAR})]),
    "ports": [_PORT],
    "volumes": [(str, {"type": str, "source": str, "target": str})],
    "depends_on": ([str], {"*": (None, {"condition": str})}),
    "links": [str],
    "deploy": {"replicas": SCALAR, "mode": str},
    "scale": SCALAR,
    "profiles": [str],
    "extends": (str, {"service": str, "file": str}),
    "networks": ([str], {"*": (None, {"aliases": [str]})}),
}
COMPOSE_FILE = {
    "name": SCALAR,
    "services": {"*": (None, SERVICE)},
    "include": [(str, {"path": (str, [str])})],
}


def check(value, schema, where: tuple, what: str) -> None:
    if isinstance(value, Tagged):  # !reset / !override: the value it carries, if any
        if value.value is not None:
            check(value.value, schema, where, what)
        return
    for alternative in schema if isinstance(schema, tuple) else (schema,):
        if _fits(value, alternative):
            _inside(value, alternative, what)
            return
    expected = " or ".join(_describe(a) for a in (schema if isinstance(schema, tuple) else (schema,)))
    file, line = where
    raise ImportFailure(f"{file}:{line}: `{what}` must be {expected}, found {_found(value)}")


def _fits(value, schema) -> bool:
    if schema is ANY:
        return True
    if schema is None:
        return value is None
    if schema is str:
        return isinstance(value, str)
    if schema is SCALAR:
        return isinstance(value, (str, int, float, bool))
    if isinstance(schema, list):
        return isinstance(value, Seq)
    return isinstance(value, Map)


def _inside(value, schema, what: str) -> None:
    if isinstance(schema, list):
        for index, item in enumerate(value):
            check(item, schema[0], value.place(index), what)
    elif isinstance(schema, dict):
        for key, item in value.items():
            sub = schema.get(key, schema.get("*")) if isinstance(key, str) else None
            if sub is not None:
                check(item, sub, value.place(key), f"{what}.{key}" if what else str(key))


def _describe(schema) -> str:
    if schema is None:
        return "empty"
    if schema is str:
        return "a string"
    if isinstance(schema, list):
        return "a list"
    if isinstance(schema, dict):
        return "a mapping"
    return schema


def _found(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Seq):
        return "a list"
    if isinstance(value, Map):
        return "a mapping"
    return f"`{value}`"
