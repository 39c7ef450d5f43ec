"""What-if: run a scenario (components or domains failed, one instance down, caches cold, a load
factor) through the same model as today's numbers, and say what each entry point becomes.

ANALYSIS.md, "What-if". For each entry point:
- `broken`: a required component has fewer than k instances left (k from today's load);
- `overloaded`: a required survivor's utilization reaches 1 under the scenario's load;
- `degraded`: only optional dependencies were lost;
- `ok`.
Its availability is conditioned on the failed elements being down (0 when broken).

The sweep fails one instance of every component and every failure domain in turn. It reuses
today's structure (entry points, placements, today's figures) and recomputes only the entry
points a failure touches, so its cost grows with (components + domains) x what each touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import DesignGraph
from ..model import Design
from .analysis import Analysis, Scenario
from .capacity import WRITE_TO_ONE
from .failure import instance_can_fail, instances_left, short
from .flows import Entry

BROKEN, OVERLOADED, DEGRADED, OK = "broken", "overloaded", "degraded", "ok"
SEVERITY = {BROKEN: 3, OVERLOADED: 2, DEGRADED: 1, OK: 0}


@dataclass(frozen=True)
class EntryOutcome:
    entry: str
    status: str
    availability: float
    why: str  # in words, naming the component behind the status ("" when ok)
    causes: tuple[str, ...]  # the components behind the status


@dataclass(frozen=True)
class Survivor:
    """A component with a load under the scenario: what is left of it and how hard it works."""

    id: str
    instances_left: int
    instances: int
    load: float
    utilization: float | None  # of its unit's survivors; None: no `capacity`, or nothing left
    unit: tuple[str, ...]  # the components redundant with it (itself included) that share the load
    unit_left: int  # instances left in the unit


@dataclass(frozen=True)
class Outcome:
    scenario: Scenario
    label: str  # in words: "`db` down", "one instance of `api` down", "zone `a` down"
    entries: tuple[EntryOutcome, ...]
    components: tuple[Survivor, ...]
    availability_lost: float  # summed over the entry points, against today
    # Per component: (instances left, instances) under the scenario.
    left: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def count(self, status: str) -> int:
        return sum(1 for e in self.entries if e.status == status)

    @property
    def peak_utilization(self) -> float:
        return max((c.utilization for c in self.components if c.utilization is not None), default=0.0)

    def rank_key(self):
        return (-self.count(BROKEN), -self.count(OVERLOADED), -self.count(DEGRADED), -self.availability_lost,
                -self.peak_utilization, self.label)


class UnknownTarget(ValueError):
    """A scenario names something the design does not have, or cannot act on it."""


class WhatIf:
    """One design's scenarios, sharing today's structure."""

    def __init__(self, design: Design, graph: DesignGraph, window: float | None = None) -> None:
        self.design = design
        self.graph = graph
        self.today = Analysis(design, graph, window=window)
        self.window = window
        entries = self.today.entries
        self.touches: dict[str, list[Entry]] = {}  # component -> entry points that need or use it
        for entry in entries:
            for ident in (*entry.required, *entry.degraded):
                self.touches.setdefault(ident, []).append(entry)
        self.placed: dict[str, list[str]] = {}  # domain -> components with an instance in it
        for ident, component in design.components.items():
            if not component.managed:
                chains = self.today.domains.placement(component).instances
                for domain in {d for chain in chains for d in chain}:
                    self.placed.setdefault(domain, []).append(ident)

    # --- naming ---------------------------------------------------------------------------
    def domains(self) -> list[str]:
        """Every failure domain: declared zones, regions and hosts, zones only named, and the
        zones a component only counts (`zones=2`, or one when none is given)."""
        return sorted(self.today.domains.domains)

    def name(self, ident: str) -> str:
        """A component or domain in words: `db`, zone `a`, the zone of `cache` (counted only)."""
        domain = self.today.domains.domains.get(ident)
        if domain is None or ident in self.design.components:
            return f"`{ident}`"
        if domain.kind == "anonymous":
            owner, _, number = ident.partition("#zone")
            return f"zone {number} of `{owner}`"
        return f"{'host' if domain.kind == 'host' else 'zone' if domain.kind == 'label' else domain.kind} `{ident}`"

    def describe(self, scenario: Scenario) -> str:
        parts = [f"{self.name(i)} down" for i in scenario.failed]
        parts += [f"one instance of `{i}` down" for i in scenario.one_down]
        parts += [f"`{i}` cold" for i in scenario.cold_caches]
        if scenario.load != 1.0:
            parts.append(f"{scenario.load:g}x load")
        return ", ".join(parts) or "today"

    def check_targets(self, failed: tuple[str, ...], cold: tuple[str, ...]) -> None:
        from ..diagnostics import did_you_mean

        components = self.design.components
        for ident in failed:
            if ident not in components and ident not in self.today.domains.domains:
                known = [*components, *(d for d in self.domains() if "#" not in d)]
                raise UnknownTarget(f"--fail `{ident}`: no component, zone, region or host group of that name"
                                    + _hint(did_you_mean(ident, known)))
        for ident in cold:
            if ident not in components:
                raise UnknownTarget(f"--cold-cache `{ident}`: no component of that name"
                                    + _hint(did_you_mean(ident, [c for c, v in components.items() if v.kind == "cache"])))
            if components[ident].kind != "cache":
                raise UnknownTarget(f"--cold-cache `{ident}`: it is a {components[ident].kind}, not a cache")

    # --- one scenario ---------------------------------------------------------------------
    def run(self, scenario: Scenario, label: str | None = None) -> Outcome:
        analysis = Analysis(self.design, self.graph, scenario, window=self.window)
        analysis.__dict__["flows"] = self.today.flows  # the structure is today's
        analysis.__dict__["domains"] = self.today.domains
        failed = set(scenario.failed)
        left = self._instances_left(failed, set(scenario.one_down))
        touched = self._touched(failed | set(scenario.one_down), bool(scenario.cold_caches or scenario.load != 1.0))
        survivors = self._survivors(analysis, left)
        utilization = {s.id: s.utilization for s in survivors}
        outcomes = []
        lost = 0.0
        for entry in self.today.entries:
            if entry.id not in touched:
                figure = self.today.numbers(entry).availability
                outcomes.append(EntryOutcome(entry.id, OK, figure, "", ()))
                continue
            outcome = self._judge(analysis, entry, left, utilization)
            lost += max(0.0, self.today.numbers(entry).availability - outcome.availability)
            outcomes.append(outcome)
        return Outcome(scenario, label or self.describe(scenario), tuple(outcomes), tuple(survivors), lost, left)

    def _instances_left(self, failed: set[str], one_down: set[str]) -> dict[str, tuple[int, int]]:
        """Per component: (instances left, instances) under the failures."""
        placement = self.today.domains.placement
        return {ident: instances_left(component, () if component.managed else placement(component).instances,
                                      failed, ident in one_down)
                for ident, component in self.design.components.items()}

    def _touched(self, gone: set[str], everywhere: bool) -> set[str]:
        """The entry points a failure can change: those that need or use a failed component or
        one placed in a failed domain (a cold cache or a load factor touches them all)."""
        if everywhere:
            return {e.id for e in self.today.entries}
        hit = set()
        for gone_one in gone:
            for ident in (gone_one, *self.placed.get(gone_one, ())):
                if ident not in self.design.components:
                    continue
                for unit_member in self.today.units[ident].members:
                    hit.update(e.id for e in self.touches.get(unit_member, ()))
        return hit

    def _survivors(self, analysis: Analysis, left: dict[str, tuple[int, int]]) -> list[Survivor]:
        """Each unit with a load: its survivors' utilization under the scenario's load."""
        rows = []
        seen = set()
        for ident in sorted(analysis.utilization):
            unit = self.today.units[ident]
            if unit.id in seen:
                continue
            seen.add(unit.id)
            members = [self.design.components[m] for m in unit.members]
            load = sum(analysis.utilization[m.id].load for m in members if m.id in analysis.utilization)
            writes = sum(analysis.utilization[m.id].writes for m in members if m.id in analysis.utilization)
            alive = sum(left[m.id][0] for m in members)
            capacities = [m.capacity for m in members if m.capacity]
            utilization = None
            if capacities and alive > 0:
                capacity = min(capacities)
                utilization = load / (alive * capacity)
                if any(m.mode in WRITE_TO_ONE for m in members):
                    utilization = max(utilization, writes / capacity)
            for member in members:
                rows.append(Survivor(member.id, left[member.id][0], left[member.id][1],
                                     analysis.utilization[member.id].load if member.id in analysis.utilization else 0.0,
                                     utilization, unit.members, alive))
        return rows

    def _judge(self, analysis: Analysis, entry: Entry, left, utilization) -> EntryOutcome:
        units = self.today.units
        broken = {}  # every unit left too few, the first named in words
        for ident in entry.required:
            unit = units[ident]
            alive = sum(left[m][0] for m in unit.members)
            if unit.id not in broken and short(unit, alive):
                broken[unit.id] = (f"{_unit_name(unit, ident)} {alive} of the {unit.k} instances needed "
                                   f"({unit.k_evidence})", unit.members)
        if broken:
            whys = [why for why, _ in broken.values()]
            why = whys[0] + (f" (and {len(whys) - 1} more)" if len(whys) > 1 else "")
            return EntryOutcome(entry.id, BROKEN, 0.0, why, tuple(m for _, ms in broken.values() for m in ms))
        figure = analysis.numbers(entry).availability
        hot = list({units[i].id: units[i] for i in entry.required if (utilization.get(i) or 0.0) >= 1.0}.values())
        if hot:
            why = ", ".join(f"{_unit_name(u, u.members[0])} at {utilization[u.members[0]]:.2f} of capacity"
                            for u in hot)
            return EntryOutcome(entry.id, OVERLOADED, figure, why, tuple(m for u in hot for m in u.members))
        lost = [i for i in entry.degraded if short(units[i], sum(left[m][0] for m in units[i].members))]
        if lost:
            why = "lost optional " + ", ".join(f"`{i}`" for i in lost)
            return EntryOutcome(entry.id, DEGRADED, figure, why, tuple(lost))
        return EntryOutcome(entry.id, OK, figure, "", ())

    def _counted_zone_of_one(self, domain: str) -> bool:
        """A zone only counted for a component with one instance (the same failure as that
        instance down), or with no instance the design owns (an external, a plain cdn)."""
        if self.today.domains.domains[domain].kind != "anonymous":
            return False
        owner = self.design.components.get(domain.partition("#zone")[0])
        return owner is not None and (len(self.today.domains.placement(owner).instances) <= 1
                                      or not instance_can_fail(owner))

    # --- the sweep ------------------------------------------------------------------------
    def sweep(self, load: float = 1.0) -> list[Outcome]:
        """One instance down for every component that can lose one, and every domain down,
        most harmful first."""
        results = []
        for ident, component in sorted(self.design.components.items()):
            if not instance_can_fail(component):
                continue
            results.append(self.run(Scenario(one_down=(ident,), load=load)))
        for domain in self.domains():
            if self._counted_zone_of_one(domain):
                continue  # the same failure as its one instance down
            results.append(self.run(Scenario(failed=(domain,), load=load)))
        results.sort(key=Outcome.rank_key)
        return results


def _unit_name(unit, ident: str) -> str:
    """`db` has, or `api_a` with `api_b` have: a unit of several components speaks as one."""
    others = [m for m in unit.members if m != ident]
    if not others:
        return f"`{ident}` has"
    return f"`{ident}` with " + ", ".join(f"`{m}`" for m in others) + " have"


def _hint(suggestion) -> str:
    return f" (did you mean `{suggestion}`?)" if suggestion else ""


__all__ = ["BROKEN", "DEGRADED", "OK", "OVERLOADED", "EntryOutcome", "Outcome", "Survivor", "UnknownTarget",
           "WhatIf", "instance_can_fail"]
