"""The what-if part of `archlint analyze`: `--fail`, `--cold-cache`, `--load` as one scenario, and
`--sweep`; the `scenarios` of the JSON document and their text tables."""

from __future__ import annotations


def load_factor(value: str) -> float:
    """`--load 10x` (or `10`): the factor every declared rate is multiplied by."""
    import argparse

    text = value[:-1] if value.lower().endswith("x") else value
    try:
        factor = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a factor such as `10x`, found `{value}`") from None
    if not factor > 0 or factor == float("inf"):
        raise argparse.ArgumentTypeError(f"the load factor must be a number more than 0, found `{value}`")
    return factor


def add_scenario_arguments(parser, *, load: bool = True) -> None:
    """--fail and --cold-cache (and --load, unless the command has its own): one scenario."""
    parser.add_argument("--fail", action="append", default=[], metavar="ID",
                        help="what if this component (all its instances) or zone, region or host group is down; repeatable")
    parser.add_argument("--cold-cache", action="append", default=[], metavar="ID",
                        help="what if this cache is cold: the reads it answered land on the stores it `caches`; repeatable")
    if load:
        parser.add_argument("--load", type=load_factor, default=None, metavar="FACTOR",
                            help="with every declared rate multiplied by FACTOR (`10x`)")


def add_arguments(parser) -> None:
    add_scenario_arguments(parser, load=False)
    parser.add_argument("--sweep", action="store_true",
                        help="fail one instance of every component and every zone, region and host in turn, most harmful first")


def wanted(args) -> bool:
    return bool(args.fail or args.cold_cache or args.sweep)


def marks(design, args):
    """The drawing's marks of the scenario of --fail/--cold-cache/--load: judged as `analyze`
    judges it. Raises UnknownTarget for a name the design does not have."""
    from ..analysis import Scenario
    from ..analysis.blast import blast
    from ..analysis.scenarios import WhatIf
    from ..graph import DesignGraph
    from ..render.scenario import ScenarioMarks

    whatif = WhatIf(design, DesignGraph(design))
    failed, cold = tuple(dict.fromkeys(args.fail)), tuple(dict.fromkeys(args.cold_cache))
    whatif.check_targets(failed, cold)
    outcome = whatif.run(Scenario(failed=failed, cold_caches=cold, load=args.load or 1.0))
    return ScenarioMarks(outcome, blast(whatif, outcome))


def scenarios(design, graph, args) -> list:
    """The outcomes asked for, as (outcome, swept, blast radius): the scenario of
    --fail/--cold-cache/--load with its blast radius, then the sweep's (without: the sweep ranks,
    a scenario drawn or asked for alone shows where requests stop).
    Raises UnknownTarget for a name the design does not have."""
    from ..analysis import Scenario
    from ..analysis.blast import blast
    from ..analysis.scenarios import WhatIf

    whatif = WhatIf(design, graph, window=args.window)
    failed, cold = tuple(dict.fromkeys(args.fail)), tuple(dict.fromkeys(args.cold_cache))
    whatif.check_targets(failed, cold)
    load = args.load or 1.0
    results = []
    if failed or cold:
        outcome = whatif.run(Scenario(failed=failed, cold_caches=cold, load=load))
        results.append((outcome, False, blast(whatif, outcome)))
    if args.sweep:
        results.extend((outcome, True, None) for outcome in whatif.sweep(load))
    return results


def needs(design, outcome) -> list[str]:
    """What the design would have to state for the scenario to say more, in words."""
    from ..analysis.capacity import cold_cache

    missing = []
    for cache in outcome.scenario.cold_caches:
        found = cold_cache(design, cache)
        if not getattr(design.components[cache], "caches", None):
            missing.append(f"`{cache}` states no `caches=[...]`: which store its reads would land on is unknown")
        elif found.hit_rate is None:
            missing.append(f"`{cache}`: {found.evidence}")
    if outcome.scenario.load != 1.0 and not outcome.components:
        missing.append("no edge declares a rate (`rps`, `reads`, `writes`): a load factor changes nothing")
    elif (outcome.scenario.load != 1.0 or outcome.scenario.cold_caches) and all(
            c.utilization is None for c in outcome.components):
        missing.append("no loaded component states a `capacity`: nothing can be judged overloaded")
    return missing


def records(design, outcomes) -> list[dict]:
    """The `scenarios` of the JSON document (ANALYSIS.md, "Machine-readable output")."""
    result = []
    rank = 0
    for outcome, swept, radius in outcomes:
        scenario = outcome.scenario
        rank += swept
        result.append({
            "scenario": outcome.label,
            "sweep_rank": rank if swept else None,
            "failed": list(scenario.failed),
            "one_instance_down": list(scenario.one_down),
            "cold_caches": list(scenario.cold_caches),
            "load_factor": scenario.load,
            # A swept scenario lists what the failure touches; everything else is as today.
            "entries": [{"entry": e.entry, "status": e.status, "availability": e.availability, "why": e.why,
                         "causes": list(e.causes)} for e in (outcome.touched if swept else outcome.entries)],
            "components": [{"id": c.id, "instances_left": c.instances_left, "instances": c.instances,
                            "load_per_second": c.load, "utilization": c.utilization, "shares_load_with":
                            [m for m in c.unit if m != c.id], "instances_left_to_share": c.unit_left}
                           for c in (outcome.changed if swept else outcome.components)],
            "availability_lost": outcome.availability_lost,
            "needs": needs(design, outcome),
            **({"blast_radius": radius.as_json()} if radius is not None else {}),
        })
    return result


STYLE = {"broken": "red", "overloaded": "red", "degraded": "yellow", "ok": "green"}
SHAPE = {"broken": "x broken", "overloaded": "! overloaded", "degraded": "~ degraded", "ok": "ok"}


def write(console, Table, document: dict) -> None:
    scenarios = document.get("scenarios") or []
    swept = [s for s in scenarios if s["sweep_rank"] is not None]
    for scenario in (s for s in scenarios if s["sweep_rank"] is None):
        _scenario(console, Table, scenario)
    if swept:
        _sweep(console, Table, swept)


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.4f}".rstrip("0").rstrip(".") + "%"


def _scenario(console, Table, scenario: dict) -> None:
    console.print(f"\n[bold]what if: {scenario['scenario']}[/bold]")
    table = Table(show_edge=False)
    for column in ("entry point", "status", "availability", "why"):
        table.add_column(column)
    for entry in scenario["entries"]:
        status = entry["status"]
        table.add_row(entry["entry"], f"[{STYLE[status]}]{SHAPE[status]}[/{STYLE[status]}]",
                      _percent(entry["availability"]), entry["why"])
    console.print(table)
    shown = set()
    for c in scenario["components"]:
        if c["utilization"] is None or c["utilization"] < 1 or c["id"] in shown:
            continue
        unit = [c["id"], *c["shares_load_with"]]
        shown.update(unit)
        total = sum(o["instances"] for o in scenario["components"] if o["id"] in unit)
        console.print(f"  [red]over capacity[/red]: {', '.join(f'`{m}`' for m in unit)} at {c['utilization']:.2f}, "
                      f"{c['instances_left_to_share']} of {total} instances left")
    for need in scenario["needs"]:
        console.print(f"  [yellow]not stated[/yellow]: {need}")


def _sweep(console, Table, swept: list[dict]) -> None:
    harmful = [s for s in swept if any(e["status"] != "ok" for e in s["entries"])]
    console.print(f"\n[bold]sweep: {len(swept)} single failures[/bold]")
    if not harmful:
        console.print("  [green]no single instance or domain failure breaks, overloads or degrades an entry point[/green]")
        return
    table = Table(show_edge=False)
    for column in ("#", "failure", "broken", "overloaded", "degraded", "why"):
        table.add_column(column)
    for scenario in harmful:
        counts = {status: [e["entry"] for e in scenario["entries"] if e["status"] == status]
                  for status in ("broken", "overloaded", "degraded")}
        first = next(e for e in scenario["entries"] if e["status"] != "ok")
        table.add_row(str(scenario["sweep_rank"]), scenario["scenario"], *(", ".join(counts[s]) or "-" for s in counts),
                      first["why"])
    console.print(table)
    console.print(f"  {len(swept) - len(harmful)} other failures break nothing")
