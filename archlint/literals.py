"""Reading typed literals: `40k`, `1.5M`, `99.95%`, `200ms`, `40k/s`, `300/min`."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?)([kM]?)(.*)\Z", re.DOTALL)
_MAGNITUDE = {"": 1, "k": 1_000, "M": 1_000_000}
DURATION_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
RATE_UNITS = {"/s": 1.0, "/min": 1 / 60, "/h": 1 / 3600, "/d": 1 / 86400}

# More digits than any design needs, and far below where converting them would fail or be slow
# (Python refuses to read integers of more than 4,300 digits).
MAX_DIGITS = 30

NUMBER_FORMS = "a number (`3`, `2.5`, `40k`), a percentage (`99.95%`), a duration (`200ms`) or a rate (`40k/s`, `300/min`)"


class LiteralError(ValueError):
    """A number-like word that is none of the literal forms; the message says what is allowed."""


def _tidy(number: float) -> int | float:
    return int(number) if float(number).is_integer() else number


def read_number_literal(text: str) -> tuple[str, int | float]:
    """The kind (number, percent, duration, rate) and value in SI units of a number-like word."""
    match = _NUMBER.match(text)
    if match is None:
        raise LiteralError(f"`{text}` is not a valid literal: expected {NUMBER_FORMS}")
    digits, magnitude, unit = match.groups()
    if len(digits) > MAX_DIGITS + 2:  # a sign and a decimal point besides the digits
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise LiteralError(f"`{shown}` is out of range: a number has at most {MAX_DIGITS} digits")
    number = float(digits) * _MAGNITUDE[magnitude]
    if unit == "":
        if "." not in digits:
            return "number", int(digits) * _MAGNITUDE[magnitude]
        return "number", _tidy(number)
    if unit == "%":
        if magnitude:
            raise LiteralError(f"`{text}`: a percentage takes no magnitude (`k`, `M`)")
        return "percent", _tidy(number)
    if unit in DURATION_UNITS:
        if magnitude:
            raise LiteralError(f"`{text}`: a duration takes no magnitude; write `{digits}{unit}` in a larger unit")
        return "duration", number * DURATION_UNITS[unit]
    if unit in RATE_UNITS:
        return "rate", number * RATE_UNITS[unit]
    hint = ""
    if unit.startswith("/"):
        hint = "; rates are per `/s`, `/min`, `/h` or `/d`"
    elif unit in ("K", "m") or unit.lower() in ("k", "m", "g", "b"):
        hint = "; magnitudes are `k` (thousand) and `M` (million)"
    elif unit.isalpha():
        hint = "; durations are in `us`, `ms`, `s`, `m`, `h` or `d`"
    raise LiteralError(f"`{text}` is not a valid literal: unknown unit `{unit}`{hint}")


def format_rate(per_second: float) -> str:
    """A rate as a person would write it: `40k/s`, `400/s`, `2/min`."""
    if per_second >= 1 or per_second == 0:
        return f"{_compact(per_second)}/s"
    per_minute = per_second * 60
    if per_minute >= 1:
        return f"{_compact(per_minute)}/min"
    return f"{_compact(per_second * 3600)}/h"


def format_duration(seconds: float) -> str:
    """A duration as a person would write it: `300ms`, `3s`, `1.5m`."""
    if seconds < 1:
        return f"{_compact(seconds * 1000)}ms"
    if seconds < 60:
        return f"{_compact(seconds)}s"
    return f"{_compact(seconds / 60)}m" if seconds < 3600 else f"{_compact(seconds / 3600)}h"


def _compact(number: float) -> str:
    for suffix, size in (("M", 1_000_000), ("k", 1_000)):
        if abs(number) >= size:
            scaled = number / size
            return f"{scaled:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{number:.2f}".rstrip("0").rstrip(".")
