"""What-if: run a scenario (components or domains failed, one instance down, caches cold, a load
factor) through the same model as today's numbers, and say what each entry point becomes.

ANALYSIS.md, "What-if". For each entry point:
- `broken`: a required component has fewer than k instances left (k from today's load);
- `overloaded`: a required survivor's utilization reaches 1 under the scenario's load;
- `degraded`: only optional dependencies were lost;
- `ok`.
Its availability is conditioned on the failed elements being down (0 when broken).

The sweep fails one instance of every component and every failure domain in turn. It reuses
today's structure (entry points, placements, units, loads, latency) and recomputes only what a
failure touches: the instances left of the components it hits, the load shares of their units,
the entry points that need them. An outcome keeps only what changed and reads the rest from
today, so the sweep grows with (components + domains) x what each failure touches, not with
(components + domains) x the design. (A load factor or a cold cache changes every load: such a
scenario recomputes all of them, once.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..graph import DISTRIBUTED_BY_NATURE, DesignGraph
from ..model import Design
from .analysis import Analysis, Scenario
from .availability import Unit, entry_availability
from .capacity import WRITE_TO_ONE
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


class Left(Mapping):
    """Per component: (instances left, instances) under a scenario. Today's counts, with the
    components the scenario hits in `changed`."""

    def __init__(self, today: dict[str, tuple[int, int]], changed: dict[str, tuple[int, int]]) -> None:
        self.today = today
        self.changed = changed

    def __getitem__(self, ident: str) -> tuple[int, int]:
        found = self.changed.get(ident)
        return self.today[ident] if found is None else found

    def __iter__(self):
        return iter(self.today)

    def __len__(self) -> int:
        return len(self.today)


@dataclass(frozen=True)
class Outcome:
    """A scenario's result. `touched` and `changed` hold only what the scenario changes; `entries`
    and `components` give the whole picture, the rest as today."""

    scenario: Scenario
    label: str  # in words: "`db` down", "one instance of `api` down", "zone `a` down"
    touched: tuple[EntryOutcome, ...]  # the entry points the scenario can change, in today's order
    changed: tuple[Survivor, ...]  # the loaded units whose instances or load it changes
    availability_lost: float  # summed over the entry points, against today
    left: Mapping[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    today: "WhatIf | None" = field(default=None, repr=False, compare=False)

    @cached_property
    def entries(self) -> tuple[EntryOutcome, ...]:
        """Every entry point, in today's order: those the scenario leaves alone are ok, at today's figure."""
        if self.today is None:
            return self.touched
        mine = {e.entry: e for e in self.touched}
        return tuple(mine.get(e.entry) or e for e in self.today.today_outcomes)

    @cached_property
    def components(self) -> tuple[Survivor, ...]:
        """Every component with a load, by id: its instances left and its unit's utilization."""
        if self.today is None:
            return self.changed
        mine = {s.id: s for s in self.changed}
        return tuple(mine.get(s.id) or s for s in self.today.today_survivors)

    def count(self, status: str) -> int:
        hit = sum(1 for e in self.touched if e.status == status)
        if status == OK and self.today is not None:
            return hit + len(self.today.today_outcomes) - len(self.touched)
        return hit

    @property
    def peak_utilization(self) -> float:
        peak = max((c.utilization for c in self.changed if c.utilization is not None), default=0.0)
        if self.today is None:
            return peak
        mine = {s.id for s in self.changed}
        rest = next((u for u, ident in self.today.today_peaks if ident not in mine), 0.0)
        return max(peak, rest)

    def rank_key(self):
        return (-self.count(BROKEN), -self.count(OVERLOADED), -self.count(DEGRADED), -self.availability_lost,
                -self.peak_utilization, self.label)


class UnknownTarget(ValueError):
    """A scenario names something the design does not have, or cannot act on it."""


class WhatIf:
    """One design's scenarios, sharing today's structure."""

    def __init__(self, design: Design, graph: DesignGraph, window: float | None = None,
                 today: Analysis | None = None) -> None:
        """`today`: an analysis of the same design and window to share (a rule's `analysis.of`)."""
        self.design = design
        self.graph = graph
        self.today = today if today is not None else Analysis(design, graph, window=window)
        self.window = window
        entries = self.today.entries
        self.order = {entry.id: i for i, entry in enumerate(entries)}
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
        self.counts = {ident: self._instances(component) for ident, component in design.components.items()}

    def _instances(self, component) -> tuple[int, int]:
        total = component.replicas if component.managed else len(self.today.domains.placement(component).instances)
        return total, total

    # --- today, shared by every outcome -------------------------------------------------------
    @cached_property
    def today_outcomes(self) -> tuple[EntryOutcome, ...]:
        return tuple(EntryOutcome(e.id, OK, self.today.numbers(e).availability, "", ()) for e in self.today.entries)

    @cached_property
    def today_survivors(self) -> tuple[Survivor, ...]:
        return tuple(self._survivors(self.today, Left(self.counts, {}), self.today.utilization))

    @cached_property
    def today_peaks(self) -> list[tuple[float, str]]:
        """Today's utilizations, highest first: the peak of an outcome outside what it changed."""
        return sorted(((s.utilization, s.id) for s in self.today_survivors if s.utilization is not None), reverse=True)

    @cached_property
    def _today_utilization(self) -> dict[str, float | None]:
        return {s.id: s.utilization for s in self.today_survivors}

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
        everywhere = bool(scenario.cold_caches or scenario.load != 1.0)  # every load changes
        analysis = self._analysis(scenario, everywhere)
        left = self.instances_left(scenario)
        if everywhere:
            survivors = self._survivors(analysis, left, analysis.utilization)
            utilization = {s.id: s.utilization for s in survivors}
            touched = list(self.today.entries)
        else:
            survivors = self._survivors(analysis, left, self._units_of(left.changed))
            utilization = _Overlay({s.id: s.utilization for s in survivors}, self._today_utilization)
            touched = self.touched_entries(left)
        outcomes = []
        lost = 0.0
        for entry in touched:
            outcome = self._judge(analysis, entry, left, utilization)
            lost += max(0.0, self.today.numbers(entry).availability - outcome.availability)
            outcomes.append(outcome)
        return Outcome(scenario, label or self.describe(scenario), tuple(outcomes), tuple(survivors), lost, left, self)

    def _analysis(self, scenario: Scenario, everywhere: bool) -> Analysis:
        """The scenario's analysis on today's structure: flows, domains, loads that judge k,
        latency; and, unless the scenario changes loads, today's utilization. Units are built
        again only where a member is failed or has an instance down."""
        analysis = Analysis(self.design, self.graph, scenario, window=self.window)
        today = self.today
        shared = {"flows": today.flows, "domains": today.domains, "today_loads": today.today_loads,
                  "times": today.times}
        if not everywhere:
            shared["utilization"] = today.utilization
        analysis.__dict__.update(shared)
        hit = set(scenario.failed) | set(scenario.one_down)
        if hit & set(self.design.components):
            analysis.__dict__["units"] = _ScenarioUnits(analysis, today.units, hit)
        else:
            analysis.__dict__["units"] = today.units
        return analysis

    def instances_left(self, scenario: Scenario) -> Left:
        """(instances left, instances) of every component under the scenario's failures; only
        the components it hits are counted again."""
        failed = set(scenario.failed)
        components = self.design.components
        changed: dict[str, tuple[int, int]] = {}
        for gone in failed:
            if gone in components:
                changed[gone] = (0, self.counts[gone][1])
            for ident in self.placed.get(gone, ()):
                if ident in failed:
                    continue
                chains = self.today.domains.placement(components[ident]).instances
                changed[ident] = (sum(1 for chain in chains if failed.isdisjoint(chain)), len(chains))
        for ident in scenario.one_down:
            alive, total = changed.get(ident, self.counts[ident])
            if alive and not components[ident].managed:
                changed[ident] = (alive - 1, total)
        return Left(self.counts, changed)

    def touched_entries(self, left: Left) -> list[Entry]:
        """The entry points a failure can change: those that need or use a unit with a member
        it hits, in today's order."""
        hit: dict[str, Entry] = {}
        units = self.today.units
        for ident in left.changed:
            for unit_member in units[ident].members:
                for entry in self.touches.get(unit_member, ()):
                    hit[entry.id] = entry
        return sorted(hit.values(), key=lambda e: self.order[e.id])

    def _units_of(self, idents) -> list[str]:
        return sorted({m for ident in idents for m in self.today.units[ident].members})

    def _survivors(self, analysis: Analysis, left, idents) -> list[Survivor]:
        """Each unit with a load among `idents`: its survivors' utilization under the scenario's load."""
        rows = []
        seen = set()
        use = analysis.utilization
        for ident in sorted(i for i in idents if i in use):
            unit = self.today.units[ident]
            if unit.id in seen:
                continue
            seen.add(unit.id)
            members = [self.design.components[m] for m in unit.members]
            alive = sum(left[m.id][0] for m in members)
            utilization = unit_utilization(members, use, alive)
            for member in members:
                rows.append(Survivor(member.id, left[member.id][0], left[member.id][1],
                                     use[member.id].load if member.id in use else 0.0,
                                     utilization, unit.members, alive))
        rows.sort(key=lambda s: s.id)
        return rows

    @staticmethod
    def _availability(analysis: Analysis, entry: Entry) -> float:
        """The entry point's availability under the scenario: its figure alone, without the
        contributors and the latency that `numbers` adds and a scenario does not show."""
        units = analysis.units
        return entry_availability(list({units[c].id: units[c] for c in entry.required}.values()),
                                  analysis.tables).availability

    def broken(self, entry: Entry, left) -> EntryOutcome | None:
        """The entry point broken by too few instances left in a unit it requires, or None."""
        units = self.today.units
        for ident in entry.required:
            unit = units[ident]
            alive = sum(left[m][0] for m in unit.members)
            if alive < unit.k:
                why = f"{_unit_name(unit, ident)} {alive} of the {unit.k} instances needed ({unit.k_evidence})"
                return EntryOutcome(entry.id, BROKEN, 0.0, why, unit.members)
        return None

    def _judge(self, analysis: Analysis, entry: Entry, left, utilization) -> EntryOutcome:
        units = self.today.units
        broken = self.broken(entry, left)
        if broken is not None:
            return broken
        figure = self._availability(analysis, entry)
        hot = list({units[i].id: units[i] for i in entry.required if (utilization.get(i) or 0.0) >= 1.0}.values())
        if hot:
            why = ", ".join(f"{_unit_name(u, u.members[0])} at {utilization[u.members[0]]:.2f} of capacity"
                            for u in hot)
            return EntryOutcome(entry.id, OVERLOADED, figure, why, tuple(m for u in hot for m in u.members))
        lost = [i for i in entry.degraded if sum(left[m][0] for m in units[i].members) < units[i].k]
        if lost:
            why = "lost optional " + ", ".join(f"`{i}`" for i in lost)
            return EntryOutcome(entry.id, DEGRADED, figure, why, tuple(lost))
        return EntryOutcome(entry.id, OK, figure, "", ())

    def _counted_zone_of_one(self, domain: str) -> bool:
        if self.today.domains.domains[domain].kind != "anonymous":
            return False
        owner = domain.partition("#zone")[0]
        return owner in self.design.components and len(self.today.domains.placement(self.design.components[owner]).instances) <= 1

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


def unit_utilization(members, use, alive: int) -> float | None:
    """A unit's utilization with `alive` instances left: its members' load (`use`: id ->
    `Utilization`) over alive x the smallest stated capacity, and for a store whose writes land
    on one primary, at least writes / capacity. None without a `capacity` or with nothing left."""
    capacities = [m.capacity for m in members if m.capacity]
    if not capacities or alive <= 0:
        return None
    capacity = min(capacities)
    load = sum(use[m.id].load for m in members if m.id in use)
    utilization = load / (alive * capacity)
    if any(m.mode in WRITE_TO_ONE for m in members):
        writes = sum(use[m.id].writes for m in members if m.id in use)
        utilization = max(utilization, writes / capacity)
    return utilization


class _Overlay(dict):
    """A scenario's figures over today's: what it changed, else today's."""

    def __init__(self, mine: dict, today: dict) -> None:
        super().__init__(mine)
        self.today = today

    def __missing__(self, key):
        return self.today[key]

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return self.today.get(key, default)


class _ScenarioUnits(Mapping):
    """The scenario's units: today's, except those with a member failed or an instance down,
    built again (on first use) with those instances at availability 0."""

    def __init__(self, analysis: Analysis, today: dict[str, Unit], hit: set[str]) -> None:
        self.analysis = analysis
        self.today = today
        self.hit = hit
        self.built: dict[str, Unit] = {}

    def __getitem__(self, ident: str) -> Unit:
        unit = self.today[ident]
        if self.hit.isdisjoint(unit.members):
            return unit
        built = self.built.get(unit.id)
        if built is None:
            components = self.analysis.design.components
            built = self.built[unit.id] = self.analysis._unit([components[m] for m in unit.members])
        return built

    def __iter__(self):
        return iter(self.today)

    def __len__(self) -> int:
        return len(self.today)


def instance_can_fail(component) -> bool:
    """Whether losing one of its instances is a failure the design owns: a managed service's
    instances are the provider's, and a plain `cdn`, `dns` or `function` is spread over many
    machines by nature (the same evidence `single-point-of-failure` reads)."""
    if component.managed or component.kind in ("client", "external"):
        return False
    return not (component.kind in DISTRIBUTED_BY_NATURE and component.written("replicas") is None)


def _unit_name(unit, ident: str) -> str:
    """`db` has, or `api_a` with `api_b` have: a unit of several components speaks as one."""
    others = [m for m in unit.members if m != ident]
    if not others:
        return f"`{ident}` has"
    return f"`{ident}` with " + ", ".join(f"`{m}`" for m in others) + " have"


def _hint(suggestion) -> str:
    return f" (did you mean `{suggestion}`?)" if suggestion else ""


__all__ = ["BROKEN", "DEGRADED", "OK", "OVERLOADED", "EntryOutcome", "Left", "Outcome", "Survivor", "UnknownTarget",
           "WhatIf", "instance_can_fail", "unit_utilization"]
