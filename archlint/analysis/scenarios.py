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
(components + domains) x the design. Within a unit, a failure costs the instances it takes: a
unit's figure depends only on the kinds of instances left (availability and failing domains)
and their counts, so losing one of 10,000 counted zones is one count changed, and the figure of
those counts is computed once for every zone that leaves the same. (A load factor or a cold
cache changes every load: such a scenario recomputes every utilization and judges every entry
point for it; instances left and availability still change only where its failures hit.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..graph import DesignGraph
from ..model import Design
from .analysis import Analysis, Scenario
from .availability import Tables, Unit, entry_availability
from .capacity import WRITE_TO_ONE
from .failure import instance_can_fail, instances, instances_left, short
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


# Up to this many instances, what a failure leaves of a component is counted instance by instance;
# beyond, through an index of its instances by domain (a component over n counted zones is hit by
# n zone scenarios: counting each instance each time would cost n x n).
FEW_INSTANCES = 8


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
        # Entry points from one walk (clients through one front door) hold the same required and
        # degraded tuples: a component names each walk that needs or uses it once, not each of
        # its entry points, so n clients of one door over n components cost n, not n x n.
        # Components needed by the same walks (most of a design: one or two walks each) share one
        # tuple of them.
        self.touches: dict[str, tuple[list[Entry], ...]] = {}  # component -> the walks that need or use it
        walks: dict[tuple[int, int], list[Entry]] = {}
        alike: dict[tuple[int, int], tuple[list[Entry], ...]] = {}  # (id of walks before, id of walk) -> both
        for entry in entries:
            walk = walks.setdefault((id(entry.required), id(entry.degraded)), [])
            if not walk:
                touches = self.touches
                for ident in (*entry.required, *entry.degraded):
                    before = touches.get(ident, ())
                    after = alike.get((id(before), id(walk)))
                    if after is None:  # `before` stays alive in `alike`, so its id stays its own
                        after = alike[(id(before), id(walk))] = (*before, walk)
                    touches[ident] = after
            walk.append(entry)
        self._places: dict[int, tuple[tuple, dict[str, int]]] = {}  # id(required set) -> (it, each one's place)
        # Domain -> components with an instance in it (any order). A zone a component only counts
        # is left out: its one component is its owner (see `_placed_in`).
        self.placed: dict[str, list[str]] = {}
        self.counts: dict[str, tuple[int, int]] = {}  # component -> (its instances, its instances): today
        placement = self.today.domains.placement
        held = self.today.domains.domains.held
        alike: dict[int, tuple[int, int]] = {}  # one pair per count
        for ident, component in design.components.items():
            chains = () if component.managed else placement(component).instances
            total = instances(component, chains)
            pair = alike.get(total)
            if pair is None:
                pair = alike[total] = (total, total)
            self.counts[ident] = pair
            if component.managed:
                continue
            for domain in chains[0] if len(chains) == 1 else {d for chain in chains for d in chain}:
                if domain not in held:
                    continue  # a zone counted
                found = self.placed.get(domain)
                if found is None:
                    self.placed[domain] = [ident]
                else:
                    found.append(ident)
        self._in_domain: dict[str, dict[str, list[int]]] = {}  # component -> domain -> its instances there
        self._kinds: dict[str, tuple] = {}  # unit id -> (each member's first instance, kinds, their counts)
        self._tables_by_kinds: dict[tuple, tuple] = {}  # (k, kinds and counts left) -> the unit's table

    def _chains(self, component) -> tuple:
        return () if component.managed else self.today.domains.placement(component).instances

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
        left = self.instances_left(scenario)
        # Instances, and so what breaks and the availability, change only in the units the
        # failures hit, whatever the load.
        units = self.today.units
        changed = {units[c].id: units[c] for c in sorted(left.changed)}
        figures = _Tables(self.today.tables, {ident: self._table_left(unit, scenario) for ident, unit in changed.items()})
        if everywhere:  # every utilization changes: every entry point is judged for it
            analysis = self._analysis(scenario)
            survivors = self._survivors(analysis, left, analysis.utilization)
            utilization = {s.id: s.utilization for s in survivors}
            touched = list(self.today.entries)
            heated = None
        else:  # today's loads: only the units the failure hits change
            survivors = self._survivors(self.today, left, self._units_of(left.changed))
            utilization = _Overlay({s.id: s.utilization for s in survivors}, self._today_utilization)
            touched = self.touched_entries(left)
            heated = changed
        outcomes = []
        lost = 0.0
        for entry in touched:
            outcome = self._judge(figures, entry, left, utilization, changed, heated)
            lost += max(0.0, self.today.numbers(entry).availability - outcome.availability)
            outcomes.append(outcome)
        return Outcome(scenario, label or self.describe(scenario), tuple(outcomes), tuple(survivors), lost, left, self)

    def _analysis(self, scenario: Scenario) -> Analysis:
        """A scenario that changes loads, on today's structure (flows, domains, the loads that
        judge k): its utilization."""
        analysis = Analysis(self.design, self.graph, scenario, window=self.window)
        today = self.today
        analysis.__dict__.update({"flows": today.flows, "domains": today.domains, "today_loads": today.today_loads,
                                  "times": today.times, "units": today.units})
        return analysis

    def instances_left(self, scenario: Scenario) -> Left:
        """(instances left, instances) of every component under the scenario's failures; only
        the components it hits are counted again, each in what the failure takes of it."""
        failed = set(scenario.failed)
        one_down = set(scenario.one_down)
        components = self.design.components
        hit = {ident for gone in failed for ident in (gone, *self._placed_in(gone)) if ident in components}
        changed = {}
        for ident in sorted(hit | {ident for ident in one_down if ident in components}):
            component = components[ident]
            chains = self._chains(component)
            if ident in failed or component.managed or len(chains) <= FEW_INSTANCES:
                changed[ident] = instances_left(component, chains, failed, ident in one_down)
                continue
            # Many instances, hit by many scenarios (a zone each): counted through an index made once.
            total = self.counts[ident][1]
            alive = total - len(self._lost(ident, failed))
            changed[ident] = (alive - 1 if ident in one_down and alive else alive, total)
        return Left(self.counts, changed)

    def _placed_in(self, domain: str):
        """The components with an instance in `domain`: a zone a component only counts holds its
        owner's, if any."""
        found = self.placed.get(domain)
        if found is not None:
            return found
        owner = self.today.domains.counted_owner(domain)
        return () if owner is None else (owner,)

    def _lost(self, ident: str, failed) -> set[int]:
        """The places (in its placement) of a component's instances in the failed domains."""
        index = self._in_domain.get(ident)
        if index is None:
            index = self._in_domain[ident] = {}
            for i, chain in enumerate(self._chains(self.design.components[ident])):
                for domain in chain:
                    index.setdefault(domain, []).append(i)
        return {i for domain in failed for i in index.get(domain, ())}

    def _table_left(self, unit: Unit, scenario: Scenario) -> tuple:
        """The unit's availability table (as `Tables.of` makes it) with the instances the
        scenario takes left out. It depends only on k and on how many instances of each kind
        (availability, failing domains) are left, so it is computed once per such count: a failure
        costs the instances it takes, plus one table for each new count."""
        kinds = self._kinds.get(unit.id)
        if kinds is None:
            kinds = self._kinds[unit.id] = self._unit_kinds(unit)
        starts, each, counts = kinds
        left = Counter(counts)
        failed = set(scenario.failed)
        components = self.design.components
        for member, start in zip(unit.members, starts):
            size = 1 if components[member].managed else len(self._chains(components[member]))
            if member in failed:
                gone = range(size)
            elif components[member].managed:
                continue
            else:
                gone = self._lost(member, failed)
                if member in scenario.one_down:
                    gone.add(0)  # the instance `Analysis._unit` takes down
            for i in gone:
                left[each[start + i]] -= 1
        key = (unit.k, tuple(sorted((kind, count) for kind, count in left.items() if count > 0)))
        table = self._tables_by_kinds.get(key)
        if table is None:
            instances = [kind for kind, count in key[1] for _ in range(count)]
            scratch = Tables(self.today.tables.domain_up)
            table = scratch.of(unit._replace(up=tuple(a for a, _ in instances), chains=tuple(c for _, c in instances)))
            table = self._tables_by_kinds[key] = (*table, bool(scratch.marginal))
        return table

    def _unit_kinds(self, unit: Unit) -> tuple:
        """Where each member's instances start in the unit, each instance's kind (its availability
        and the failing domains it sits in), and how many of each kind there are."""
        up = self.today.tables.domain_up
        starts, at = [], 0
        components = self.design.components
        for member in unit.members:
            starts.append(at)
            at += 1 if components[member].managed else len(self._chains(components[member]))
        each = [(a, tuple(d for d in chain if d in up)) for a, chain in zip(unit.up, unit.chains)]
        return starts, each, Counter(each)

    def touched_entries(self, left: Left) -> list[Entry]:
        """The entry points a failure can change: those that need or use a unit with a member
        it hits, in today's order."""
        units = self.today.units
        return self.entries_of({units[ident].id: units[ident] for ident in left.changed})

    def entries_of(self, units: dict[str, Unit]) -> list[Entry]:
        """The entry points that need or use a member of one of `units`, in today's order."""
        walks: dict[int, list[Entry]] = {}
        for unit in units.values():
            for member in unit.members:
                for walk in self.touches.get(member, ()):
                    walks[id(walk)] = walk
        return sorted((entry for walk in walks.values() for entry in walk), key=lambda e: self.order[e.id])

    def short_units(self, left: Left) -> dict[str, Unit]:
        """The units with a member the failure hits that it leaves with fewer than k instances:
        with the units short even today, the only ones that can break an entry point."""
        units = self.today.units
        hit = {units[ident].id: units[ident] for ident in left.changed}.values()
        return {unit.id: unit for unit in hit if short(unit, sum(left[m][0] for m in unit.members))}

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

    def _availability(self, figures: "_Tables", entry: Entry, changed: dict[str, Unit]) -> float:
        """The entry point's availability under the scenario (its figure alone: no contributors,
        no latency). `figures`: today's tables with the `changed` units' own. Where no domain
        states an availability, it is the product of its units' figures, so a failure that
        changes a few units scales today's figure by theirs."""
        if not self.today.tables.domain_up:
            figure = self.today.numbers(entry).availability
            for _, unit in self._required_units(entry, changed):
                before = self._today_unit_availability(unit)
                after = figures.of(unit)[1][0]
                if after == before:
                    continue
                if before == 0.0:
                    break  # no ratio to scale by: compute it whole
                figure *= after / before
            else:
                return figure
        return entry_availability([unit for _, unit in self._required_units(entry, None)], figures).availability

    def _today_unit_availability(self, unit: Unit) -> float:
        cache = self.__dict__.setdefault("_unit_figures", {})
        if unit.id not in cache:
            cache[unit.id] = self.today.unit_availability(unit.members[0])
        return cache[unit.id]

    def _required_units(self, entry: Entry, among: dict[str, Unit] | None) -> list[tuple[int, Unit]]:
        """(place of its first member in the required set, unit) for each unit the entry point
        requires, among `among` (by id; None: all of them), in the order the walk met them."""
        if among is None:
            cache = self.__dict__.setdefault("_all_required_units", {})
            if entry.id not in cache:
                units = self.today.units
                found: dict[str, tuple[int, Unit]] = {}
                for i, ident in enumerate(entry.required):
                    found.setdefault(units[ident].id, (i, units[ident]))
                cache[entry.id] = list(found.values())
            return cache[entry.id]
        if len(among) > len(entry.required):
            # A failure that changes more units than the entry point requires (a region, a
            # large zone): filter the entry point's own units, so the cost stays its size.
            return [pair for pair in self._required_units(entry, None) if pair[1].id in among]
        positions = self._positions(entry)
        placed = []
        for unit in among.values():
            at = [positions[m] for m in unit.members if m in positions]
            if at:
                placed.append((min(at), unit))
        placed.sort(key=lambda pair: pair[0])
        return placed

    def _positions(self, entry: Entry) -> dict[str, int]:
        """Each required component's place in the entry point's required set, made on first use
        and shared by the entry points of one walk (they hold the same tuple)."""
        found = self._places.get(id(entry.required))
        if found is None:
            found = self._places[id(entry.required)] = (entry.required, {i: n for n, i in enumerate(entry.required)})
        return found[1]

    def short_today(self, entry: Entry) -> list[Unit]:
        """The units the entry point requires that have too few instances even today (k from a
        load above what its instances carry): short in every scenario."""
        return self._among_today(entry, "_short", self._short_units_today)

    def _today_hot(self, entry: Entry) -> list[Unit]:
        """The units the entry point requires that are at 1 or more of their capacity today."""
        return self._among_today(entry, "_hot_units", self._hot_units_today)

    def _among_today(self, entry: Entry, name: str, units: dict[str, Unit]) -> list[Unit]:
        """The units of `units` (found once for the design) that the entry point requires, in its
        order, kept per entry point under `name`."""
        if not units:
            return []
        cache = self.__dict__.setdefault(name, {})
        found = cache.get(entry.id)
        if found is None:
            found = cache[entry.id] = [u for _, u in self._required_units(entry, units)]
        return found

    @cached_property
    def _short_units_today(self) -> dict[str, Unit]:
        counts, found = self.counts, {}
        for unit in self.today.units.values():  # a unit of one component (most) read without a sum
            members = unit.members
            alive = counts[members[0]][0] if len(members) == 1 else sum(counts[m][0] for m in members)
            if short(unit, alive):
                found[unit.id] = unit
        return found

    @cached_property
    def _hot_units_today(self) -> dict[str, Unit]:
        today = self._today_utilization
        found = {}
        for unit in self.today.units.values():
            for member in unit.members:
                if (today.get(member) or 0.0) >= 1.0:
                    found[unit.id] = unit
                    break
        return found

    def _hot(self, entry: Entry, utilization, changed: dict[str, Unit] | None) -> tuple[str, tuple[str, ...]] | None:
        """(why, causes) when a unit the entry point requires is at 1 or more of its capacity.
        A failure that changes none of the units hot today, and heats none, leaves today's
        answer, which is kept per entry point."""
        positions = self._positions(entry)

        def is_hot(unit: Unit) -> bool:
            return any((utilization.get(m) or 0.0) >= 1.0 for m in unit.members if m in positions)

        if changed is not None:
            today = self._today_hot(entry)
            if not any(u.id in changed for u in today) and not any(is_hot(u) for _, u in self._required_units(entry, changed)):
                cache = self.__dict__.setdefault("_hot_answer", {})
                if entry.id not in cache:
                    cache[entry.id] = self._hot(entry, self._today_utilization, None)
                return cache[entry.id]
        hot = [u for _, u in self._required_units(entry, None if changed is None else _union(changed, self._today_hot(entry)))
               if is_hot(u)]
        if not hot:
            return None
        why = ", ".join(f"{_unit_name(u, u.members[0], ('runs', 'run'))} at {utilization[u.members[0]]:.2f} of capacity"
                        for u in hot)
        return why, tuple(m for u in hot for m in u.members)

    def broken(self, entry: Entry, left, changed: dict[str, Unit] | None = None) -> EntryOutcome | None:
        """The entry point broken by too few instances left in a unit it requires, or None.
        `changed` (by id): only those units can have lost instances (the rest are as today)."""
        among = None if changed is None else _union(changed, self.short_today(entry))
        first, count, causes = None, 0, []  # every unit left too few, the first named in words
        for i, unit in self._required_units(entry, among):
            alive = sum(left[m][0] for m in unit.members)
            if short(unit, alive):
                if first is None:
                    first = f"{_unit_name(unit, entry.required[i])} {alive} of the {unit.k} instances needed " \
                            f"({unit.k_evidence})"
                count += 1
                causes.extend(unit.members)
        if first is None:
            return None
        why = first + (f" (and {count - 1} more)" if count > 1 else "")
        return EntryOutcome(entry.id, BROKEN, 0.0, why, tuple(causes))

    def _judge(self, figures: "_Tables", entry: Entry, left, utilization, changed: dict[str, Unit],
               heated: dict[str, Unit] | None) -> EntryOutcome:
        """`changed`: the units that lost instances; `heated`: those whose utilization changed
        (None: every unit's, under a load factor or a cold cache)."""
        units = self.today.units
        broken = self.broken(entry, left, changed)
        if broken is not None:
            return broken
        figure = self._availability(figures, entry, changed)
        hot = self._hot(entry, utilization, heated)
        if hot:
            return EntryOutcome(entry.id, OVERLOADED, figure, *hot)
        lost = [i for i in self._optional(entry, changed) if short(units[i], sum(left[m][0] for m in units[i].members))]
        if lost:
            why = "lost optional " + ", ".join(f"`{i}`" for i in lost)
            return EntryOutcome(entry.id, DEGRADED, figure, why, tuple(lost))
        return EntryOutcome(entry.id, OK, figure, "", ())

    def _optional(self, entry: Entry, changed: dict[str, Unit] | None) -> tuple[str, ...] | list[str]:
        """The optional dependencies of an entry point that can be lost: all of them, or, when
        only `changed` units lost instances, those in them and those short even today, in the
        entry point's order."""
        if changed is None or not entry.degraded:
            return entry.degraded
        cache = self.__dict__.setdefault("_optional_today", {})
        found = cache.get(entry.id)
        if found is None:
            units = self.today.units
            found = cache[entry.id] = ({ident: i for i, ident in enumerate(entry.degraded)},
                                       [i for i in entry.degraded
                                        if short(units[i], sum(self.counts[m][0] for m in units[i].members))])
        at, short_today = found
        hit = {i for unit in changed.values() for i in unit.members if i in at}
        if not hit:
            return short_today
        return sorted(hit.union(short_today), key=at.__getitem__)

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


def unit_utilization(members, use, alive: int, extra: dict[str, float] | None = None) -> float | None:
    """A unit's utilization with `alive` instances left: its members' load (`use`: id ->
    `Utilization`, plus `extra` reads per second) over alive x the smallest stated capacity, and
    for a store whose writes land on one primary, at least writes / capacity. None without a
    `capacity` or with nothing left."""
    capacities = [m.capacity for m in members if m.capacity]
    if not capacities or alive <= 0:
        return None
    capacity = min(capacities)
    load = sum(use[m.id].load for m in members if m.id in use) + sum((extra or {}).get(m.id, 0.0) for m in members)
    utilization = load / (alive * capacity)
    if any(m.mode in WRITE_TO_ONE for m in members):
        writes = sum(use[m.id].writes for m in members if m.id in use)
        utilization = max(utilization, writes / capacity)
    return utilization


def _union(first: dict[str, Unit], second: list[Unit]) -> dict[str, Unit]:
    """`first` with the units of `second` (by id); `first` itself when there are none."""
    if not second:
        return first
    return {**first, **{u.id: u for u in second}}


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


class _Tables(Tables):
    """Today's tables, except the units a scenario changes, which carry their own (with the
    instances it takes left out)."""

    def __init__(self, today: Tables, changed: dict[str, tuple]) -> None:
        self.domain_up = today.domain_up
        self.today = today
        self.changed = changed

    @property
    def marginal(self) -> set[str]:
        return self.today.marginal | {ident for ident, table in self.changed.items() if table[3]}

    def of(self, unit: Unit):
        found = self.changed.get(unit.id)
        return self.today.of(unit) if found is None else found[:3]


def _unit_name(unit, ident: str, verb: tuple[str, str] = ("has", "have")) -> str:
    """`db` has, or `api_a` with `api_b` have: a unit of several components speaks as one."""
    others = [m for m in unit.members if m != ident]
    if not others:
        return f"`{ident}` {verb[0]}"
    return f"`{ident}` with " + ", ".join(f"`{m}`" for m in others) + f" {verb[1]}"


def _hint(suggestion) -> str:
    return f" (did you mean `{suggestion}`?)" if suggestion else ""


__all__ = ["BROKEN", "DEGRADED", "OK", "OVERLOADED", "EntryOutcome", "Left", "Outcome", "Survivor", "UnknownTarget",
           "WhatIf", "instance_can_fail", "unit_utilization"]
