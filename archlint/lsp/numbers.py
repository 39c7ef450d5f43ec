"""A component's numbers as `archlint analyze` computes them, in Markdown for a hover: its
availability, the entry points that need it, its load and utilization, its latency, and the
numbers its design does not state. No editor protocol here."""

from __future__ import annotations

from ..analysis import Analysis, Entry
from ..analysis.words import downtime, percent, ratio, seconds
from ..graph import DesignGraph
from ..literals import format_rate
from ..model import Design

SHOWN_ENTRIES = 5  # entry points listed in a hover; the rest are counted


def component_numbers(analysis: Analysis, ident: str) -> str:
    """The hover's section on `ident`, a component of `analysis.design`."""
    component = analysis.design.components[ident]
    unit = analysis.units[ident]
    missing = []
    lines = ["**Numbers** (as `archlint analyze` computes them)", ""]
    origin = _origin(analysis, ident)
    if component.kind == "client":  # where requests start: only the numbers of its requests
        return "\n".join(lines + (origin or ["- no entry point: it calls nothing"]))
    if ident in unit.unstated:
        missing.append("`availability` (counted as never failing)")
    together = f" with {', '.join(f'`{m}`' for m in unit.members if m != ident)}" if len(unit.members) > 1 else ""
    nature = unit.redundant_by_nature
    redundancy = (("managed: its provider runs it highly available" if nature == "managed" else nature) if nature else
                  f"{unit.size} instance{'s' if unit.size != 1 else ''}{together}, {unit.k} needed ({unit.k_evidence})")
    if ident not in unit.unstated or len(unit.members) > 1:
        lines.append(f"- availability: {percent(analysis.unit_availability(ident))} on its own; {redundancy}")
    else:
        lines.append(f"- availability: not stated; {redundancy}")
    lines += origin + _entries(analysis, ident, unit.id, bool(origin))
    lines += _load(analysis, ident, missing)
    if component.latency is None:
        missing.append("`latency` (counted as 0 on the paths through it)")
    else:
        lines.append(f"- latency: {seconds(component.latency)} at p99")
    if missing:
        lines.append(f"- not stated: {'; '.join(missing)}")
    return "\n".join(lines)


def _verdict(value: float, slo: float | None) -> str:
    return "" if slo is None else (" meets" if value >= slo else " below") + f" the slo's {percent(slo)}"


def _starts_at(entry: Entry, ident: str) -> bool:
    """Requests from a client, or the work a scheduled component starts by itself."""
    return entry.origin == ident and entry.kind != "work"


def _origin(analysis: Analysis, ident: str) -> list[str]:
    """The numbers of the entry points that start at `ident`."""
    lines = []
    for entry in analysis.entries:
        if not _starts_at(entry, ident):
            continue
        numbers = analysis.numbers(entry)
        line = (f"- entry point ({entry.kind}): {percent(numbers.availability)}"
                f"{_verdict(numbers.availability, analysis.slo_availability)}")
        if numbers.latency.p99 is not None:
            line += f"; p99 latency {seconds(numbers.latency.p99)}"
        if numbers.unstated:
            line += f"; no availability stated on {', '.join(f'`{m}`' for m in numbers.unstated)}"
        lines.append(line)
    return lines


def _entries(analysis: Analysis, ident: str, unit: str, starts: bool) -> list[str]:
    """The other entry points that need `ident` (`starts`: some start at it, listed already)."""
    slo = analysis.slo_availability
    needing = [entry for entry in analysis.entries if ident in entry.required and not _starts_at(entry, ident)]
    lines = []
    for entry in needing[:SHOWN_ENTRIES]:
        numbers = analysis.numbers(entry)
        verdict = _verdict(numbers.availability, slo)
        cost = next((c.saved for c in numbers.contributors if c.id == unit), 0.0)
        share = f", {downtime(cost, analysis.window_seconds)} of its downtime from this" if cost > 0 else ""
        lines.append(f"  - `{entry.id}` ({entry.kind}): {percent(numbers.availability)}{verdict}{share}")
    more = len(needing) - SHOWN_ENTRIES
    if more > 0:
        lines.append(f"  - and {more} more")
    optional = sum(ident in entry.degraded for entry in analysis.entries)
    if starts and not needing and not optional:
        return []
    head = (f"- needed by {len(needing)} entry point{'s' if len(needing) != 1 else ''}" if needing
            else "- needed by no entry point")
    if optional:
        head += f"; optional for {optional}"
    return [head + (":" if needing else "")] + lines


def _load(analysis: Analysis, ident: str, missing: list[str]) -> list[str]:
    use = analysis.utilization.get(ident)
    capacity = analysis.design.components[ident].capacity
    if capacity is None:
        missing.append("`capacity` (no utilization)")
    if use is None:
        return ["- load: no rate declared on the edges into it (`rps`, `reads`, `writes`)"]
    if use.capacity is None:
        return [f"- load: {format_rate(use.load)}"]
    lost = ("no instance left when its zone is lost" if use.zone_loss_utilization is None
            else f"{ratio(use.zone_loss_utilization)} with a zone lost")
    return [f"- load: {format_rate(use.load)} on {use.instances} x {format_rate(use.capacity)}: "
            f"utilization {ratio(use.utilization)}, {lost}" + (" (writes to one primary)" if use.write_bound else "")]


def analysis_of(design: Design) -> Analysis:
    return Analysis(design, DesignGraph(design))
