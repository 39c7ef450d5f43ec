"""The numbers in words, the same in every message and report: `99.8897%`, `47.7 min`, `25 ms`."""

from __future__ import annotations

MINUTE = 60.0


def percent(fraction: float | None) -> str:
    if fraction is None:
        return "-"
    text = f"{fraction * 100:.4f}".rstrip("0").rstrip(".")
    return f"{text}%"


def minutes(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 120:
        return f"{value / 60:.1f} h"
    return f"{value:.1f} min"


def seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def window(window_minutes: float) -> str:
    """`30-day window`, `12-hour window`."""
    days = window_minutes / 1440
    if days >= 1:
        return f"{days:g}-day window"
    hours = window_minutes / 60
    return f"{hours:g}-hour window" if hours >= 1 else f"{window_minutes:g}-minute window"


def downtime(fraction_down: float, window_seconds: float) -> str:
    return minutes(fraction_down * window_seconds / MINUTE)


def contributors(saved: list[tuple[str, float]], window_seconds: float, limit: int = 3) -> str:
    """`jobs` (43.2 min), `alb` (4.3 min): what never failing would save, most first."""
    return ", ".join(f"`{ident}` ({downtime(value, window_seconds)})" for ident, value in saved[:limit])


def load(kind: str, ident: str, use) -> str:
    """`service `api` carries 8k/s on 6 x 2k/s`, from a capacity `Utilization`."""
    from ..literals import format_rate

    return (f"{kind} `{ident}` carries {format_rate(use.load)} on {use.instances} x "
            f"{format_rate(use.capacity)}")
