"""The value types of the language: how a written literal becomes the typed value the model keeps.

Each type says in words what a writer may write (`words`) and what the model stores (`stored`),
so the language reference and `archlint explain` describe it from the same object that reads it.
Reading turns a literal into the typed value, or raises `AttributeError_` with a message that
says, in words, what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .syntax import Value


class AttributeError_(ValueError):
    """A value that does not fit its attribute; the message says what was expected."""


@dataclass(frozen=True)
class ValueType:
    """One type of attribute value."""

    words: str  # what may be written, for people: "whole number ≥ 1"
    stored: str  # what the model keeps, for people: "seconds"
    read: Callable[[Value], Any]
    python: str  # the model field's annotation
    example: str  # a value as written, for the docs and the tests: `40k/s`
    reference: bool = False  # the value names another component; checked once the design is read
    choices: tuple[str, ...] = ()  # the words it takes, where they are a closed set (for completion)


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


# The most instances or zones one attribute may state. The analysis lists instances and zones
# one by one, so a count is work: without a bound, `replicas=1000000000` in a one-line design
# would take minutes and gigabytes. Far above any fleet a design review sizes.
MAX_COUNT = 10_000


def _read_integer(minimum: int, maximum: int | None = None) -> Callable[[Value], int]:
    def read(value: Value) -> int:
        if value.kind != "number" or not float(value.value).is_integer():
            _fail(f"a whole number >= {minimum}", value)
        if value.value < minimum:
            raise AttributeError_(f"must be >= {minimum}, found `{value.text}`")
        if maximum is not None and value.value > maximum:
            raise AttributeError_(f"must be at most {maximum:,}, found `{value.text}`")
        return int(value.value)

    return read


def integer(minimum: int, maximum: int | None = None) -> ValueType:
    shown = f"whole number ≥ {minimum}" + ("" if maximum is None else f" and ≤ {maximum:,}")
    return ValueType(shown, "int", _read_integer(minimum, maximum), "int", str(minimum + 2))


def _read_boolean(value: Value) -> bool:
    if value.kind != "bool":
        _fail("`true` or `false`", value)
    return value.value


def _read_percentage(value: Value) -> float:
    if value.kind != "percent":
        _fail("a percentage such as `99.95%`", value)
    if not 0 <= value.value <= 100:
        raise AttributeError_(f"a percentage must be between 0% and 100%, found `{value.text}`")
    return float(value.value)


def _read_duration(value: Value) -> float:
    if value.kind != "duration":
        _fail("a duration such as `200ms` or `2s`", value)
    if value.value < 0:
        raise AttributeError_(f"a duration cannot be negative, found `{value.text}`")
    return float(value.value)


def _read_availability(value: Value) -> float:
    percent = _read_percentage(value)
    if percent == 0:
        raise AttributeError_(f"an availability of `{value.text}` is never up; give the share of time it is up, "
                              "such as `99.9%`")
    return percent


def _read_positive_duration(value: Value) -> float:
    seconds = _read_duration(value)
    if seconds == 0:
        raise AttributeError_(f"must be more than 0, found `{value.text}`")
    return seconds


def _read_schedule(value: Value) -> float | str:
    """A period (`5m`) or a cron expression (`"0 3 * * *"`)."""
    if value.kind == "string":
        if not str(value.value).strip():
            raise AttributeError_("a cron schedule cannot be empty")
        return str(value.value)
    if value.kind != "duration":
        _fail('a period such as `5m` or a cron string such as `"0 3 * * *"`', value)
    return _read_positive_duration(value)


def _read_capacity(value: Value) -> float:
    rate = _read_rate(value)
    if rate == 0:
        raise AttributeError_(f"a capacity of `{value.text}` takes no requests; give what one instance can take, "
                              "such as `2k/s`")
    return rate


def _read_identifiers(value: Value) -> tuple[str, ...]:
    items = value.value if value.kind == "list" else [value]
    ids = tuple(_read_identifier(item) for item in items)
    if not ids:
        raise AttributeError_("the list cannot be empty")
    return ids


def _read_rate(value: Value) -> float:
    if value.kind not in ("rate", "number"):
        _fail("a rate such as `40k/s` or `300/min`", value)
    if value.value < 0:
        raise AttributeError_(f"a rate cannot be negative, found `{value.text}`")
    return float(value.value)


def _read_choice(options: tuple[str, ...]) -> Callable[[Value], str]:
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


def choice(*options: str) -> ValueType:
    literal = "Literal[" + ", ".join(repr(o) for o in options) + "]"
    return ValueType(" / ".join(f"`{o}`" for o in options), "text", _read_choice(options), literal, options[-1],
                     choices=options)


def _read_identifier(value: Value) -> str:
    if value.kind != "symbol":
        _fail("the id of a component", value)
    return value.value


def _read_name(value: Value) -> str:
    if value.kind not in ("symbol", "string"):
        _fail("a name or a string", value)
    return str(value.value)


def _read_names(value: Value) -> tuple[str, ...]:
    items = value.value if value.kind == "list" else [value]
    return tuple(_read_name(item) for item in items)


_read_zone_count = _read_integer(1, MAX_COUNT)


def _read_zones(value: Value) -> int | tuple[str, ...]:
    """`zones=3`, or `zones=[use1a, use1b]`: a count or the zones themselves."""
    if value.kind == "list":
        for item in value.value:
            if item.kind != "symbol":
                _fail("zone ids (`zones=[use1a, use1b]`) or a count (`zones=3`)", item)
        ids = tuple(item.value for item in value.value)
        if not ids:
            raise AttributeError_("a list of zones cannot be empty")
        return ids
    return _read_zone_count(value)


SIGNALS = ("metrics", "logs", "traces")
_read_signal = _read_choice(SIGNALS)


def _read_signals(value: Value) -> tuple[str, ...]:
    items = value.value if value.kind == "list" else [value]
    return tuple(_read_signal(item) for item in items)


BOOLEAN = ValueType("boolean", "bool", _read_boolean, "bool", "true", choices=("true", "false"))
PERCENTAGE = ValueType("percentage, 0% to 100%", "percent (`99.95`)", _read_percentage, "float", "99.95%")
DURATION = ValueType("duration ≥ 0", "seconds", _read_duration, "float", "200ms")
RATE = ValueType("rate ≥ 0 (a plain number is per second)", "per second", _read_rate, "float", "40k/s")
AVAILABILITY = ValueType("percentage, more than 0% and at most 100%", "percent (`99.95`)", _read_availability,
                         "float", "99.9%")
POSITIVE_DURATION = ValueType("duration > 0", "seconds", _read_positive_duration, "float", "30d")
SCHEDULE = ValueType("a period (duration > 0) or a cron string", "seconds, or the cron text", _read_schedule,
                     "float | str", "5m")
CAPACITY = ValueType("rate > 0 (a plain number is per second)", "per second", _read_capacity, "float", "2k/s")
IDENTIFIERS = ValueType("component id, or a list of them", "tuple of ids", _read_identifiers, "tuple[str, ...]",
                        "[orders]", reference=True)
IDENTIFIER = ValueType("component id", "id", _read_identifier, "str", "orders", reference=True)
NAME = ValueType("symbol or string", "text", _read_name, "str", "postgres")
NAMES = ValueType("list of symbols or strings, or a single one", "tuple of text", _read_names, "tuple[str, ...]",
                  "[prod, gdpr]")
ZONES = ValueType(f"whole number ≥ 1 and ≤ {MAX_COUNT:,}, or a non-empty list of zone ids", "count as int; a list also keeps its ids",
                  _read_zones, "int", "[use1a, use1b]")
SIGNAL_LIST = ValueType(" / ".join(f"`{s}`" for s in SIGNALS) + ", or a list of them", "tuple of text",
                        _read_signals, "tuple[str, ...]", "[metrics, traces]", choices=SIGNALS)
