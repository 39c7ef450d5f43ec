"""The vocabulary of the language: component kinds, their aliases, and every attribute's type.

Reading an attribute turns a literal into the typed value the model stores, or into a message
that says, in words, what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .syntax import Value

KIND_ALIASES: dict[str, str] = {
    "client": "client",
    "user": "client",
    "dns": "dns",
    "cdn": "cdn",
    "lb": "lb",
    "load_balancer": "lb",
    "gateway": "gateway",
    "api_gateway": "gateway",
    "service": "service",
    "app": "service",
    "worker": "worker",
    "consumer": "worker",
    "function": "function",
    "lambda": "function",
    "database": "database",
    "db": "database",
    "cache": "cache",
    "queue": "queue",
    "stream": "stream",
    "object_store": "object_store",
    "bucket": "object_store",
    "search": "search",
    "observability": "observability",
    "metrics": "observability",
    "logging": "observability",
    "tracing": "observability",
    "external": "external",
}
KINDS = sorted(set(KIND_ALIASES.values()))

# Tiers that later stages reason about.
APP_KINDS = frozenset({"service", "worker", "function", "gateway"})
DATA_STORE_KINDS = frozenset({"database", "search", "object_store"})
QUEUE_KINDS = frozenset({"queue", "stream"})
STATEFUL_BY_NATURE = DATA_STORE_KINDS | QUEUE_KINDS | {"cache"}
OUTSIDE_KINDS = frozenset({"client", "external"})
DURABLE_BY_DEFAULT = frozenset({"database", "queue", "stream", "object_store"})


class AttributeError_(ValueError):
    """A value that does not fit its attribute; the message says what was expected."""


@dataclass(frozen=True)
class AttributeSpec:
    name: str
    read: Callable[[Value], Any]
    help: str
    reference: bool = False  # the value names another component


def _describe(value: Value) -> str:
    words = {
        "number": "a number",
        "percent": "a percentage",
        "duration": "a duration",
        "rate": "a rate",
        "string": "a string",
        "symbol": "the word",
        "bool": "a boolean",
        "list": "a list",
        "invalid": "an invalid literal",
    }
    if value.kind == "symbol":
        return f"`{value.text}`"
    return f"{words[value.kind]} `{value.text}`"


def _fail(expected: str, value: Value):
    raise AttributeError_(f"expected {expected}, found {_describe(value)}")


def integer(minimum: int) -> Callable[[Value], int]:
    def read(value: Value) -> int:
        if value.kind != "number" or not float(value.value).is_integer():
            _fail(f"a whole number >= {minimum}", value)
        if value.value < minimum:
            raise AttributeError_(f"must be >= {minimum}, found `{value.text}`")
        return int(value.value)

    return read


def boolean(value: Value) -> bool:
    if value.kind != "bool":
        _fail("`true` or `false`", value)
    return value.value


def percentage(value: Value) -> float:
    if value.kind != "percent":
        _fail("a percentage such as `99.95%`", value)
    if not 0 <= value.value <= 100:
        raise AttributeError_(f"a percentage must be between 0% and 100%, found `{value.text}`")
    return float(value.value)


def duration(value: Value) -> float:
    if value.kind != "duration":
        _fail("a duration such as `200ms` or `2s`", value)
    if value.value < 0:
        raise AttributeError_(f"a duration cannot be negative, found `{value.text}`")
    return float(value.value)


def rate(value: Value) -> float:
    if value.kind not in ("rate", "number"):
        _fail("a rate such as `40k/s` or `300/min`", value)
    if value.value < 0:
        raise AttributeError_(f"a rate cannot be negative, found `{value.text}`")
    return float(value.value)


def choice(*options: str) -> Callable[[Value], str]:
    words = ", ".join(f"`{o}`" for o in options)

    def read(value: Value) -> str:
        if value.kind in ("symbol", "string") and value.value in options:
            return value.value
        if value.kind in ("symbol", "string"):
            from .diagnostics import did_you_mean

            near = did_you_mean(str(value.value), options)
            hint = f"; did you mean `{near}`?" if near else ""
            raise AttributeError_(f"expected one of {words}, found {_describe(value)}{hint}")
        _fail(f"one of {words}", value)

    return read


def identifier(value: Value) -> str:
    if value.kind != "symbol":
        _fail("the id of a component", value)
    return value.value


def name(value: Value) -> str:
    if value.kind not in ("symbol", "string"):
        _fail("a name or a string", value)
    return str(value.value)


def names(value: Value) -> tuple[str, ...]:
    items = value.value if value.kind == "list" else [value]
    return tuple(name(item) for item in items)


def zones(value: Value) -> int | tuple[str, ...]:
    """`zones=3`, or `zones=[use1a, use1b]`: a count or the zones themselves."""
    if value.kind == "list":
        for item in value.value:
            if item.kind != "symbol":
                _fail("zone ids (`zones=[use1a, use1b]`) or a count (`zones=3`)", item)
        ids = tuple(item.value for item in value.value)
        if not ids:
            raise AttributeError_("a list of zones cannot be empty")
        return ids
    return integer(1)(value)


SIGNALS = ("metrics", "logs", "traces")


def signals(value: Value) -> tuple[str, ...]:
    items = value.value if value.kind == "list" else [value]
    read = choice(*SIGNALS)
    return tuple(read(item) for item in items)


COMPONENT_ATTRIBUTES: dict[str, AttributeSpec] = {
    spec.name: spec
    for spec in [
        AttributeSpec("replicas", integer(1), "running instances"),
        AttributeSpec("zones", zones, "failure domains the replicas span"),
        AttributeSpec("managed", boolean, "a provider runs it highly available"),
        AttributeSpec("state", choice("stateless", "stateful"), "whether an instance holds state others cannot see"),
        AttributeSpec("sessions", choice("local", "sticky", "shared", "client", "none"), "where user sessions live"),
        AttributeSpec("durable", boolean, "whether its data survives a restart"),
        AttributeSpec("replica_of", identifier, "the store this one is a read replica of", reference=True),
        AttributeSpec("mode", choice("single", "primary_replica", "cluster", "multi_primary"), "replication of a data store"),
        AttributeSpec("engine", name, "the product: postgres, redis, kafka, ..."),
        AttributeSpec("tech", name, "the technology: go, java, ..."),
        AttributeSpec("availability", percentage, "availability of one instance"),
        AttributeSpec("latency", duration, "time added to a request, p99"),
        AttributeSpec("capacity", rate, "requests per second one instance can take"),
        AttributeSpec("dlq", identifier, "the dead-letter queue of a queue", reference=True),
        AttributeSpec("tags", names, "free metadata"),
        AttributeSpec("owner", name, "free metadata"),
    ]
}

EDGE_ATTRIBUTES: dict[str, AttributeSpec] = {
    spec.name: spec
    for spec in [
        AttributeSpec("op", choice("read", "write", "rw"), "what the call does to the target's data"),
        AttributeSpec("reads", rate, "read rate on this edge"),
        AttributeSpec("writes", rate, "write rate on this edge"),
        AttributeSpec("rps", rate, "request rate on this edge"),
        AttributeSpec("proto", name, "https, grpc, amqp, sql, ..."),
        AttributeSpec("tls", boolean, "encrypted in transit"),
        AttributeSpec("timeout", duration, "client-side timeout"),
        AttributeSpec("retries", integer(0), "client-side retries"),
        AttributeSpec("signal", signals, "on an edge to observability: what flows"),
        AttributeSpec("optional", boolean, "the caller survives the callee's failure"),
    ]
}

GROUP_ATTRIBUTES: dict[str, AttributeSpec] = {
    spec.name: spec
    for spec in [
        AttributeSpec("tags", names, "free metadata"),
        AttributeSpec("owner", name, "free metadata"),
    ]
}

SLO_ATTRIBUTES: dict[str, AttributeSpec] = {
    spec.name: spec
    for spec in [
        AttributeSpec("availability", percentage, "what the design promises its clients"),
        AttributeSpec("latency", duration, "p99 latency the design promises"),
    ]
}
