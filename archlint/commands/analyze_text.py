"""The text report of `archlint analyze`, printed from the same document as the JSON.

Built as `Styled` lines (plain text, or coloured through rich on a terminal), not printed line by
line through rich: a 10,000-component design has thousands of entry points and capacity rows,
and rich's per-print layout cost (about a millisecond each) made the text report slower than the
analysis itself. Only the what-if tables, a handful of rows, go through rich.
"""

from __future__ import annotations

from ..analysis.words import minutes as _minutes, percent as _percent, seconds as _seconds, window as _window
from ..literals import format_rate
from ..reporters.text import Styled, display_width


def _names(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def write(documents, out, *, color: bool) -> None:
    for document, analysis in documents:
        styled = Styled()
        components = analysis.design.components
        window = _window(document["window_minutes"])
        slo = document["slo"] or {}
        styled.add(document["design"], "bold").add(f"  (error budget over a {window})").newline()
        if not document["entries"]:
            styled.add("  no entry point: no client, scheduled component, consumed queue or edge tier").newline()
        for entry in document["entries"]:
            _entry(styled, entry, slo, components)
        _capacity(styled, document)
        styled = _flush(styled, out, color)
        if document.get("scenarios"):
            _scenarios(document, out, color)
        for cycle in document["cycles"]:
            styled.add("cycle of required calls", "red")
            styled.add(f": {' -> '.join(cycle)} (no latency is defined through it)").newline()
        styled.add(f"Numbers are {document['note']}.", "dim").newline().newline()
        _flush(styled, out, color)


def _flush(styled: Styled, out, color: bool) -> Styled:
    """Write what is built so far (each line ended); a fresh `Styled` for what follows."""
    if styled.lines[-1]:
        styled.newline()
    if len(styled.lines) > 1:
        styled.write(out, color)
    return Styled()


def _scenarios(document: dict, out, color: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from .whatif import write as write_scenarios

    console = Console(file=out, color_system="standard" if color else None, highlight=False,
                      width=None if color else 110, soft_wrap=True)
    write_scenarios(console, Table, document)


def _entry(styled: Styled, entry: dict, slo: dict, components) -> None:
    name = {"request": "requests from", "schedule": "scheduled work of", "work": "work"}[entry["kind"]]
    styled.newline().add(f"{name} `{entry['entry']}`", "bold").newline()
    styled.add(f"  availability {_percent(entry['availability'])}")
    if slo.get("availability") is not None:
        meets = entry["availability"] >= slo["availability"]
        styled.add("  ").add("meets" if meets else "below", "green" if meets else "red")
        styled.add(f" the slo's {_percent(slo['availability'])}")
    if not entry["exact"]:
        styled.add("  (approximate: too many failure domains to enumerate)")
    styled.newline()
    downtime = f"  downtime {_minutes(entry['downtime_minutes'])}"
    if entry["budget_minutes"] is not None:
        downtime += f" of a {_minutes(entry['budget_minutes'])} budget, headroom {_minutes(entry['headroom_minutes'])}"
    styled.add(downtime).newline()
    top = entry["contributors"][:3]
    if top:
        styled.add("  most downtime from: " + ", ".join(f"`{c['id']}` {_minutes(c['downtime_minutes'])}" for c in top))
        styled.newline()
    if entry["unstated_availability"]:
        styled.add("  ").add("no availability stated", "yellow")
        styled.add(f" (counted as never failing): {_names(entry['unstated_availability'])}").newline()
    if entry["latency_p99_seconds"] is not None:
        styled.add(f"  p99 latency {_seconds(entry['latency_p99_seconds'])}")
        if slo.get("latency_seconds") is not None:
            over = entry["latency_p99_seconds"] > slo["latency_seconds"]
            styled.add("  ").add("over" if over else "within", "red" if over else "green")
            styled.add(f" the slo's {_seconds(slo['latency_seconds'])}")
        if entry["latency_worst_seconds"] is not None and entry["latency_worst_seconds"] > entry["latency_p99_seconds"]:
            styled.add(f"; worst case with retries {_seconds(entry['latency_worst_seconds'])}")
        styled.newline()
        hops = [f"{hop} {_seconds(components[hop].latency or 0.0)}" for hop in entry["latency_path"]]
        styled.add("    " + " -> ".join(hops)).newline()
    if entry["unstated_latency"]:
        styled.add("  ").add("no latency stated", "yellow")
        styled.add(f" (counted as 0): {_names(entry['unstated_latency'])}").newline()


def _capacity(styled: Styled, document: dict) -> None:
    rows = [c for c in document["components"] if c["capacity_per_second"] is not None or c["load_per_second"] > 0]
    if not rows:
        return
    at_load = any("utilization_at_load" in c for c in rows)
    header = ["component", "load", "instances x capacity", "utilization"]
    if at_load:
        header.append(f"at {document['load_factor']:g}x")
    header.append("a zone lost")
    body = []
    for c in rows:
        capacity = "-" if c["capacity_per_second"] is None else f"{c['instances']} x {format_rate(c['capacity_per_second'])}"
        cells = [(c["id"], ""), (format_rate(c["load_per_second"]), ""), (capacity, ""), _judged(c["utilization"])]
        if at_load:
            cells.append(_judged(c.get("utilization_at_load")))
        cells.append(_judged(c["zone_loss_utilization"]))
        body.append(cells)
    styled.newline().add("capacity").newline()
    _table(styled, header, body)


def _judged(value: float | None) -> tuple[str, str]:
    """A utilization and its colour: red at 1 or more, yellow above 0.8."""
    if value is None:
        return "-", ""
    return f"{value:.2f}", "red" if value >= 1 else "yellow" if value > 0.8 else ""


def _table(styled: Styled, header: list[str], rows: list[list[tuple[str, str]]]) -> None:
    """Columns padded to their widest cell, the first left-aligned and the others right-aligned."""
    widths = [display_width(h) for h in header]
    for row in rows:
        for i, (text, _) in enumerate(row):
            widths[i] = max(widths[i], display_width(text))

    def pad(text: str, i: int) -> str:
        gap = " " * (widths[i] - display_width(text))
        return text + gap if i == 0 else gap + text

    styled.add(" " + " ┃ ".join(pad(h, i) for i, h in enumerate(header)), "bold").newline()
    styled.add("╇".join("━" * (w + 2) for w in widths)).newline()
    for row in rows:
        for i, (text, style) in enumerate(row):
            styled.add(" │ " if i else " ").add(pad(text, i), style)
        styled.newline()
