"""An analysis as plain data: the `archlint/analysis` JSON document of ANALYSIS.md, and the
figures that the text report, the rules and the HTML report print from it."""

from __future__ import annotations

from .analysis import Analysis, EntryNumbers

SCHEMA = "archlint/analysis"
VERSION = 1
MINUTE = 60.0


def minutes(fraction: float, window_seconds: float) -> float:
    return fraction * window_seconds / MINUTE


def budget_minutes(analysis: Analysis) -> float | None:
    slo = analysis.slo_availability
    return None if slo is None else minutes(1.0 - slo, analysis.window_seconds)


def entry_record(analysis: Analysis, numbers: EntryNumbers) -> dict:
    window = analysis.window_seconds
    budget = budget_minutes(analysis)
    downtime = minutes(1.0 - numbers.availability, window)
    latency = numbers.latency
    return {
        "entry": numbers.entry.id,
        "kind": numbers.entry.kind,
        "origin": numbers.entry.origin,
        "availability": numbers.availability,
        "downtime_minutes": downtime,
        "budget_minutes": budget,
        "headroom_minutes": None if budget is None else budget - downtime,
        "unstated_availability": list(numbers.unstated),
        "exact": numbers.exact,
        "domains": list(numbers.domains),
        "contributors": [
            {"id": c.id, "kind": c.kind, "downtime_minutes": minutes(c.saved, window)} for c in numbers.contributors
        ],
        "required": list(numbers.entry.required),
        "degraded": list(numbers.entry.degraded),
        "latency_p99_seconds": latency.p99,
        "latency_worst_seconds": latency.worst,
        "latency_path": list(latency.path),
        "unstated_latency": list(latency.unstated),
    }


def document(analysis: Analysis, today: Analysis | None = None) -> dict:
    """The whole JSON object. `today` (at 1x) is given when `analysis` runs at another load, so
    each component shows both."""
    design = analysis.design
    slo = design.slo
    base = today or analysis
    components = []
    for ident, use in base.utilization.items():
        record = {
            "id": ident,
            "kind": design.components[ident].kind,
            "load_per_second": use.load,
            "instances": use.instances,
            "capacity_per_second": use.capacity,
            "utilization": use.utilization,
            "zone_loss_utilization": use.zone_loss_utilization,
            "write_bound": use.write_bound,
        }
        if today is not None:
            scaled = analysis.utilization[ident]
            record["load_factor"] = analysis.scenario.load
            record["load_per_second_at_load"] = scaled.load
            record["utilization_at_load"] = scaled.utilization
            record["zone_loss_utilization_at_load"] = scaled.zone_loss_utilization
        components.append(record)
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "design": design.root,
        "window_minutes": analysis.window_seconds / MINUTE,
        "slo": None if slo is None or (slo.availability is None and slo.latency is None) else {
            "availability": analysis.slo_availability,
            "latency_seconds": slo.latency,
        },
        "load_factor": analysis.scenario.load,
        "entries": [entry_record(analysis, analysis.numbers(e)) for e in analysis.entries],
        "components": components,
        "cycles": [list(cycle) for cycle in analysis.times.cycles],
        "note": "design comparisons under independence, not promises",
    }
