"""The text report of `archlint analyze`, printed from the same document as the JSON."""

from __future__ import annotations

from ..analysis.words import minutes as _minutes, percent as _percent, seconds as _seconds, window as _window
from ..literals import format_rate


def _names(ids: list[str], limit: int = 8) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def write(documents, out, *, color: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, color_system="standard" if color else None, highlight=False,
                      width=None if color else 110, soft_wrap=True)
    for document, analysis in documents:
        components = analysis.design.components
        window = _window(document["window_minutes"])
        slo = document["slo"] or {}
        console.print(f"[bold]{document['design']}[/bold]  (error budget over a {window})")
        if not document["entries"]:
            console.print("  no entry point: no client, scheduled component, consumed queue or edge tier")
        for entry in document["entries"]:
            _entry(console, entry, slo, components)
        _capacity(console, Table, document)
        from .whatif import write as write_scenarios

        write_scenarios(console, Table, document)
        for cycle in document["cycles"]:
            console.print(f"[red]cycle of required calls[/red]: {' -> '.join(cycle)} (no latency is defined through it)")
        console.print(f"[dim]Numbers are {document['note']}.[/dim]\n")


def _entry(console, entry: dict, slo: dict, components) -> None:
    name = {"request": "requests from", "schedule": "scheduled work of", "work": "work"}[entry["kind"]]
    console.print(f"\n[bold]{name} `{entry['entry']}`[/bold]")
    line = f"  availability {_percent(entry['availability'])}"
    if slo.get("availability") is not None:
        mark = "[green]meets[/green]" if entry["availability"] >= slo["availability"] else "[red]below[/red]"
        line += f"  {mark} the slo's {_percent(slo['availability'])}"
    console.print(line + ("" if entry["exact"] else "  (approximate: too many failure domains to enumerate)"))
    downtime = f"  downtime {_minutes(entry['downtime_minutes'])}"
    if entry["budget_minutes"] is not None:
        downtime += f" of a {_minutes(entry['budget_minutes'])} budget, headroom {_minutes(entry['headroom_minutes'])}"
    console.print(downtime)
    top = [c for c in entry["contributors"][:3]]
    if top:
        console.print("  most downtime from: " + ", ".join(f"`{c['id']}` {_minutes(c['downtime_minutes'])}" for c in top))
    if entry["unstated_availability"]:
        console.print(f"  [yellow]no availability stated[/yellow] (counted as never failing): "
                      f"{_names(entry['unstated_availability'])}")
    if entry["latency_p99_seconds"] is not None:
        p99 = f"  p99 latency {_seconds(entry['latency_p99_seconds'])}"
        if slo.get("latency_seconds") is not None:
            over = entry["latency_p99_seconds"] > slo["latency_seconds"]
            p99 += f"  {'[red]over[/red]' if over else '[green]within[/green]'} the slo's {_seconds(slo['latency_seconds'])}"
        if entry["latency_worst_seconds"] is not None and entry["latency_worst_seconds"] > entry["latency_p99_seconds"]:
            p99 += f"; worst case with retries {_seconds(entry['latency_worst_seconds'])}"
        console.print(p99)
        hops = [f"{hop} {_seconds(components[hop].latency or 0.0)}" for hop in entry["latency_path"]]
        console.print("    " + " -> ".join(hops))
    if entry["unstated_latency"]:
        console.print(f"  [yellow]no latency stated[/yellow] (counted as 0): {_names(entry['unstated_latency'])}")


def _capacity(console, Table, document: dict) -> None:
    rows = [c for c in document["components"] if c["capacity_per_second"] is not None or c["load_per_second"] > 0]
    if not rows:
        return
    at_load = any("utilization_at_load" in c for c in rows)
    table = Table(title="capacity", title_justify="left", show_edge=False)
    table.add_column("component")
    table.add_column("load", justify="right")
    table.add_column("instances x capacity", justify="right")
    table.add_column("utilization", justify="right")
    if at_load:
        table.add_column(f"at {document['load_factor']:g}x", justify="right")
    table.add_column("a zone lost", justify="right")
    for c in rows:
        capacity = "-" if c["capacity_per_second"] is None else f"{c['instances']} x {format_rate(c['capacity_per_second'])}"
        cells = [c["id"], format_rate(c["load_per_second"]), capacity, _styled(c["utilization"])]
        if at_load:
            cells.append(_styled(c.get("utilization_at_load")))
        cells.append(_styled(c["zone_loss_utilization"]))
        table.add_row(*cells)
    console.print()
    console.print(table)


def _styled(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 1:
        return f"[red]{value:.2f}[/red]"
    if value > 0.8:
        return f"[yellow]{value:.2f}[/yellow]"
    return f"{value:.2f}"
