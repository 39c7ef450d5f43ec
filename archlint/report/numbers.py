"""The analysis per entry point: availability and downtime against the error budget over the
window, the p99 path (and its worst case with retries) against the latency objective, the
busiest component each entry point needs at 1x and at `--load`, the capacity of every loaded
component, and every number the design leaves out, by name.

Every figure is read from the `archlint/analysis` document (`figures.py`), the one
`archlint analyze --output-format json` prints; this module only words it.
"""

from __future__ import annotations

from ..analysis import words
from ..literals import format_rate
from .markup import Markup, el, join, text
from .parts import link, plural, table
from .review import Drawing, Review, shown_path
from .ruledoc import code_spans

KINDS = {"request": "requests", "schedule": "scheduled work", "work": "work from a queue"}
NAMED = 5  # names shown in a cell before "and N more" (the table of numbers not stated has them all)
HIGH = 0.8  # utilization above this is marked (the capacity rule's default warning)


def mark(good: bool, yes: str, no: str) -> Markup:
    """A verdict in a sign and a word, coloured too, never by colour alone."""
    sign, word, kind = ("\u2713", yes, "good") if good else ("\u2717", no, "bad")
    return el("span", el("span", sign, aria_hidden="true"), " ", word, class_=f"mark mark-{kind}")


def names(ids: list[str], limit: int = NAMED) -> Markup:
    shown = join([el("code", i) if n == 0 else join([", ", el("code", i)]) for n, i in enumerate(ids[:limit])])
    more = len(ids) - limit
    return shown + (f" and {more:,} more" if more > 0 else "")


def utilization(value: float | None) -> Markup:
    """A utilization, with a word when it is high or over capacity."""
    if value is None:
        return Markup("-")
    if value >= 1:
        return join([words.ratio(value), " ", mark(False, "", "over capacity")])
    if value > HIGH:
        return join([words.ratio(value), " ", el("span", el("span", "\u25b2", aria_hidden="true"), f" above {HIGH:g}",
                                                    class_="mark mark-high")])
    return Markup(words.ratio(value))


def _entry_link(drawing: Drawing, entry: dict) -> Markup:
    """An entry point's name, linked to its client or scheduled component, or to the `~>` edge
    into the consumer of a piece of work."""
    element = entry["entry"] if entry["kind"] == "work" else entry["origin"]
    origin = drawing.design.components.get(entry["origin"])
    label = f" {origin.label}" if origin is not None and origin.label and entry["kind"] != "work" else ""
    return join([link(drawing, element, el("code", entry["entry"])), label, el("br"),
                 el("span", KINDS.get(entry["kind"], entry["kind"]), class_="kind")])


def _availability(entry: dict, slo: dict) -> Markup:
    cell = [words.percent(entry["availability"])]
    if slo.get("availability") is not None:
        target = words.percent(slo["availability"])
        cell += [el("br"), mark(entry["availability"] >= slo["availability"], f"meets {target}", f"below {target}")]
    if not entry["exact"]:
        cell += [el("br"), el("span", "approximate: too many failure domains to enumerate", class_="note")]
    return join(cell)


def _downtime(entry: dict) -> Markup:
    cell = [words.minutes(entry["downtime_minutes"])]
    if entry["budget_minutes"] is None:
        cell.append(" (no budget: the slo states no availability)")
    else:
        cell += [" of a ", words.minutes(entry["budget_minutes"]), " budget", el("br"),
                 mark(entry["headroom_minutes"] >= 0, f"headroom {words.minutes(entry['headroom_minutes'])}",
                      f"over by {words.minutes(-entry['headroom_minutes'])}")]
    top = entry["contributors"][:3]
    if top:
        cell += [el("br"), el("span", "most from ", join([
            join([", " if n else "", el("code", c["id"]), " ", words.minutes(c["downtime_minutes"])])
            for n, c in enumerate(top)]), class_="note")]
    return join(cell)


def _no_latency(entry: dict, cycles: list[list[str]]) -> str:
    """Why an entry point has no latency figure, from what the analysis lists."""
    if any(member in entry["required"] for cycle in cycles for member in cycle):
        return "no figure: a cycle of required calls on its way"
    if entry["unstated_latency"]:
        return "no figure: no latency stated on its way"
    return "no figure: it calls nothing that takes time"


def _latency(entry: dict, slo: dict, drawing: Drawing, cycles: list[list[str]]) -> Markup:
    p99 = entry["latency_p99_seconds"]
    if p99 is None:
        return text(_no_latency(entry, cycles))
    cell = [words.seconds(p99)]
    if slo.get("latency_seconds") is not None:
        target = words.seconds(slo["latency_seconds"])
        cell += [" ", mark(p99 <= slo["latency_seconds"], f"within {target}", f"over {target}")]
    worst = entry["latency_worst_seconds"]
    if worst is not None and worst > p99:
        cell += [el("br"), f"worst case with retries {words.seconds(worst)}"]
        if slo.get("latency_seconds") is not None and worst > slo["latency_seconds"]:
            cell += [" ", mark(False, "", "over the slo")]
    components = drawing.design.components
    hops = [join([" \u2192 " if n else "", el("code", hop), f" {words.seconds(components[hop].latency or 0.0)}"])
            for n, hop in enumerate(entry["latency_path"])]
    if hops:
        cell += [el("br"), el("span", "path: ", join(hops), class_="path")]
    return join(cell)


def _busiest(entry: dict, loads: dict, key: str) -> Markup | None:
    """The most utilized component the entry point needs, read from the components' figures."""
    judged = [loads[c] for c in entry["required"] if c in loads and loads[c].get(key) is not None]
    if not judged:
        return None
    top = max(judged, key=lambda c: (c[key], c["id"]))
    return join([el("code", top["id"]), " ", utilization(top[key])])


def _capacity_cell(entry: dict, loads: dict, factor: float) -> Markup:
    today = _busiest(entry, loads, "utilization")
    if today is None:
        return Markup("-")
    if factor == 1.0:
        return today
    return join([today, el("br"), f"at {factor:g}x: ", _busiest(entry, loads, "utilization_at_load")])


def _unstated(entry: dict, loads: dict) -> list[tuple[str, list[str]]]:
    """What the entry point's figures lack, by kind of number: availability and latency as the
    analysis lists them, and capacity for the components it needs that carry a load but state
    no `capacity`."""
    capacity = [c for c in entry["required"] if c in loads and loads[c]["capacity_per_second"] is None
                and loads[c]["load_per_second"] > 0]
    found = [("availability", entry["unstated_availability"]), ("latency", entry["unstated_latency"]),
             ("capacity", capacity)]
    return [(kind, ids) for kind, ids in found if ids]


def _missing_cell(missing: list[tuple[str, list[str]]]) -> Markup:
    if not missing:
        return Markup("nothing")
    return join([join([el("br") if n else None, f"{kind}: ", names(ids)]) for n, (kind, ids) in enumerate(missing)])


def _about_design(figures, factor: float) -> list[Markup]:
    """The slo, the window, and the kinds of number the design states nowhere."""
    document = figures.document
    window = words.window(document["window_minutes"])
    slo = document["slo"]
    stated = figures.stated()
    notes = []
    if slo is None:
        notes.append(el("p", "The design states no ", el("code", "slo"), f": no error budget and no latency objective "
                         f"to judge against; downtime is counted over a {window}."))
    else:
        parts = []
        if slo["availability"] is not None:
            budget = words.minutes(figures.budget_minutes)
            parts.append(f"availability {words.percent(slo['availability'])} (an error budget of {budget} over a {window})")
        else:
            parts.append(f"no availability (no error budget; downtime counted over a {window})")
        parts.append(f"p99 latency {words.seconds(slo['latency_seconds'])}" if slo["latency_seconds"] is not None
                     else "no latency objective")
        notes.append(el("p", "The slo: ", "; ".join(parts), "."))
    kinds = [kind for kind in ("availability", "latency", "capacity", "rates") if not stated[kind]]
    if len(kinds) == 4:
        notes.append(el("p", el("strong", "This design states no numbers"), ": no availability, latency, capacity or "
                         "rate on any component or edge. The figures below follow from its structure alone: every "
                         "availability is 100% only because nothing is counted as failing, every latency is 0 and no "
                         "capacity can be judged. State them to get figures (docs/analysis.md).",
                         class_="no-numbers"))
    elif kinds:
        said = {"availability": "no component states an `availability` (those without one never fail here)",
                "latency": "no component states a `latency` (each counts as 0)",
                "capacity": "no component states a `capacity` (no utilization can be judged)",
                "rates": "no edge declares a rate (`rps`, `reads`, `writes`): nothing carries a load"}
        notes.append(el("p", "Not stated anywhere in the design: ", code_spans("; ".join(said[k] for k in kinds)), "."))
    if factor != 1.0:
        notes.append(el("p", f"Capacity is judged at today's declared rates (1x) and with every rate multiplied by "
                             f"{factor:g} (--load {factor:g}x)."))
    for cycle in document["cycles"]:
        notes.append(el("p", "A cycle of required calls: ", " \u2192 ".join(cycle),
                        "; no latency is defined through it."))
    return notes


def _entries(drawing: Drawing, document: dict, loads: dict, factor: float) -> Markup:
    slo = document["slo"] or {}
    busiest = "busiest needed at 1x" + (f" and {factor:g}x" if factor != 1.0 else "")
    headers = ["entry point", "availability", f"downtime over a {words.window(document['window_minutes'])}",
               "p99 latency", busiest, "not stated"]
    rows = [[_entry_link(drawing, entry), _availability(entry, slo), _downtime(entry),
             _latency(entry, slo, drawing, document["cycles"]), _capacity_cell(entry, loads, factor),
             _missing_cell(_unstated(entry, loads))]
            for entry in document["entries"]]
    return table(f"{plural(len(rows), 'entry point')} against the slo", headers, rows)


def _capacity(drawing: Drawing, document: dict, factor: float) -> Markup | None:
    rows = [c for c in document["components"] if c["capacity_per_second"] is not None or c["load_per_second"] > 0]
    if not rows:
        return None
    headers = ["component", "load at 1x", "instances x capacity", "utilization at 1x"]
    if factor != 1.0:
        headers += [f"load at {factor:g}x", f"utilization at {factor:g}x"]
    headers.append("with its largest zone lost")
    body = []
    for c in rows:
        capacity = "-" if c["capacity_per_second"] is None else \
            f"{c['instances']} x {format_rate(c['capacity_per_second'])}"
        row = [link(drawing, c["id"], el("code", c["id"])), format_rate(c["load_per_second"]), capacity,
               utilization(c["utilization"])]
        if factor != 1.0:
            row += [format_rate(c["load_per_second_at_load"]), utilization(c["utilization_at_load"])]
        row.append(utilization(c["zone_loss_utilization"]))
        body.append(row)
    numeric = tuple(range(1, len(headers)))
    return table("Capacity of each component with a declared load or capacity", headers, body, numeric=numeric)


def _not_stated(drawing: Drawing, document: dict, loads: dict) -> Markup | None:
    """Every component whose missing number some entry point's figures count without, once."""
    lacking: dict[str, tuple[set, set]] = {}
    for entry in document["entries"]:
        for kind, ids in _unstated(entry, loads):
            for ident in ids:
                kinds, entries = lacking.setdefault(ident, (set(), set()))
                kinds.add(kind)
                entries.add(entry["entry"])
    if not lacking:
        return None
    rows = [[link(drawing, ident, el("code", ident)),
             ", ".join(kind for kind in ("availability", "latency", "capacity") if kind in lacking[ident][0]),
             str(len(lacking[ident][1]))]
            for ident in sorted(lacking)]
    return table(f"Numbers not stated: {plural(len(rows), 'component')} the figures above count without them "
                 "(no availability: never failing; no latency: 0; no capacity: not judged)",
                 ["component", "not stated", "entry points counting it"], rows, numeric=(2,))


def _design(review: Review, index: int, several: bool) -> Markup:
    drawing = review.drawings[index]
    figures = review.figures[index]
    document = figures.document
    factor = document["load_factor"]
    loads = {c["id"]: c for c in document["components"]}
    heading = None
    if several:
        name = drawing.design.title or shown_path(drawing.design.root)
        heading = el("h3", f"Design {index + 1}: {name}", id=f"analysis-{index + 1}")
    body = [heading, *_about_design(figures, factor)]
    if not document["entries"]:
        body.append(el("p", "No entry point: no client, scheduled component, consumed queue or edge tier that "
                            "nothing calls, so there is nothing to judge per entry point."))
    else:
        body.append(_entries(drawing, document, loads, factor))
    body += [_capacity(drawing, document, factor), _not_stated(drawing, document, loads)]
    return join(body)


def section(review: Review) -> Markup:
    several = len(review.drawings) > 1
    body = [el("h2", "Analysis per entry point", id="analysis-heading"),
            el("p", "The figures of ", el("code", "archlint analyze"), ", judged from what the design states; "
                    "numbers are design comparisons under independence, not promises.", class_="hint")]
    body += [_design(review, index, several) for index in range(len(review.drawings))]
    return el("section", join(body), id="analysis", aria_labelledby="analysis-heading")
