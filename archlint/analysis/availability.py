"""Availability: each component's instances and the k it needs, and an entry point's figure
conditioned exactly on the states of the failure domains it depends on.

ANALYSIS.md, "One component's availability" and "Failure domains and shared fate". Components
that are redundant to each other form one *unit*: a store and its `replica_of` read replicas,
and a per-zone deployment (zonal siblings: the same kind in other zones, called by the same
caller). A unit is up while at least k of its instances are.

For an entry point, A(e) = sum over the states S of the domains that can fail (those with a
stated `availability`) of P(S) x product over its units of A_u(S). Units are grouped by the
domains they touch, so each state costs one product per group; the downtime each unit and each
domain costs (what is saved if it never failed) comes out of the same pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from typing import NamedTuple

from .probability import at_least, at_least_in_blocks

EXACT_DOMAINS = 16  # states enumerated: 2^16 at most; beyond, the labelled approximation


class Unit(NamedTuple):
    """A named tuple: a design makes one per component (a hundred thousand in a large one), and a
    tuple is made several times faster than a frozen dataclass."""

    id: str  # its members joined with `+`
    members: tuple[str, ...]
    up: tuple[float, ...]  # each instance's availability
    chains: tuple[tuple[str, ...], ...]  # each instance's domains: its members' placements, as made
    k: int
    k_evidence: str  # why k, in words
    unstated: tuple[str, ...]  # members without `availability`
    redundant_by_nature: str | None = None  # `managed`, a cdn, ...: never one instance to lose

    @property
    def size(self) -> int:
        return len(self.chains)

    @property
    def instances(self) -> tuple[tuple[float, tuple[str, ...]], ...]:
        """(availability, domains) of each instance. Kept as two tuples, not pairs: the chains
        are the placement's own (shared), and components alike share one tuple of figures."""
        return tuple(zip(self.up, self.chains))


def needed(members, loads: dict[str, float], instances: int) -> tuple[int, str]:
    """k: from capacity (ceil(load / capacity)) and from the mode (a quorum for `cluster`)."""
    k, why = 1, "1 instance is enough"
    load, capacities, cluster = 0, [], False  # one pass over the members: every component is in a unit
    for m in members:
        load += loads.get(m.id, 0.0)
        if m.capacity:
            capacities.append(m.capacity)
        cluster = cluster or m.mode == "cluster"
    if load > 0 and capacities:
        by_load = ceil(round(load / min(capacities), 9))
        if by_load > k:
            k, why = by_load, f"{by_load} instances to carry its load"
    if cluster:
        quorum = instances // 2 + 1
        if quorum > k:
            k, why = quorum, f"a quorum of {quorum} of {instances}"
    return k, why


@dataclass(frozen=True)
class EntryAvailability:
    availability: float
    saved: dict[str, float]  # unit id -> availability gained if its instances never failed
    domain_saved: dict[str, float]  # domain id -> availability gained if it never failed
    domains: tuple[str, ...]  # the failing domains conditioned on
    exact: bool


class Tables:
    """Each unit's availability in every state of its own domains, computed once per design."""

    def __init__(self, domain_up: dict[str, float]) -> None:
        self.domain_up = domain_up  # failing domain -> P(up)
        self._tables: dict[str, tuple[tuple[str, ...], list[float], list[float]]] = {}
        self.marginal: set[str] = set()  # units over too many domains to tabulate: see `_marginal`
        self._k_of: dict[tuple[int, tuple[float, ...]], float] = {}  # see `_at_least`
        self._plain: dict[tuple[int, tuple[float, ...]], tuple] = {}  # (k, figures) -> its table: see `_tabulate`

    def of(self, unit: Unit):
        """(the failing domains, the availability in each of their states, the same with every
        instance perfect): read them, never change them (units alike share one)."""
        cached = self._tables.get(unit.id)
        if cached is None:
            cached = self._tables[unit.id] = self._tabulate(unit)
        return cached

    def _tabulate(self, unit: Unit):
        if not self.domain_up:  # no domain can fail: one state, the same for every unit alike
            key = (unit.k, unit.up)
            table = self._plain.get(key)
            if table is None:
                up = unit.up
                table = self._plain[key] = ((), [self._at_least(unit.k, up)], [1.0 if len(up) >= unit.k else 0.0])
            return table
        domains = tuple(sorted({d for ds in unit.chains for d in ds if d in self.domain_up}))
        if len(domains) > EXACT_DOMAINS:  # a tier over many zones: its own figure, not a table
            self.marginal.add(unit.id)
            return (), [self._marginal(unit, False)], [self._marginal(unit, True)]
        position = {d: i for i, d in enumerate(domains)}
        masks = [sum(1 << position[d] for d in ds if d in position) for ds in unit.chains]
        table, perfect = [], []
        for state in range(1 << len(domains)):
            alive = tuple(a for a, mask in zip(unit.up, masks) if mask & state == mask)
            table.append(self._at_least(unit.k, alive))
            perfect.append(1.0 if len(alive) >= unit.k else 0.0)
        return domains, table, perfect

    def _at_least(self, k: int, up: tuple[float, ...]) -> float:
        """`at_least`, once per k and instances' figures: most units of a design share a few
        shapes (three instances, no `availability` stated)."""
        key = (k, up)
        found = self._k_of.get(key)
        if found is None:
            found = self._k_of[key] = at_least(k, up)
        return found

    def _marginal(self, unit: Unit, perfect: bool) -> float:
        """P(at least k instances up) over every state of the unit's domains, without a table per
        state. Instances are grouped into blocks by the failing domains they sit in; given the
        domains that several blocks share (a region over its zones), blocks are independent, so
        their counts are convolved. Exact while those shared domains are few; beyond, they are
        taken as independent too (the entry's figure is labelled approximate either way)."""
        blocks: dict[tuple[str, ...], list[float]] = {}
        for a, ds in zip(unit.up, unit.chains):
            blocks.setdefault(tuple(d for d in ds if d in self.domain_up), []).append(1.0 if perfect else a)
        seen: dict[str, int] = {}
        for chain in blocks:
            for d in chain:
                seen[d] = seen.get(d, 0) + 1
        shared = [d for d, count in seen.items() if count > 1][:EXACT_DOMAINS]
        total = 0.0
        for state in range(1 << len(shared)):
            up = {d: bool(state >> i & 1) for i, d in enumerate(shared)}
            p = 1.0
            for i, d in enumerate(shared):
                p *= self.domain_up[d] if up[d] else 1.0 - self.domain_up[d]
            if p == 0.0:
                continue
            parts = []
            for chain, alive in blocks.items():
                if all(up.get(d, True) for d in chain):
                    q = 1.0
                    for d in chain:
                        if d not in up:
                            q *= self.domain_up[d]
                    parts.append((q, alive))
            total += p * at_least_in_blocks(unit.k, parts)
        return total


def entry_availability(units: list[Unit], tables: Tables, limit: int = EXACT_DOMAINS) -> EntryAvailability:
    tabs = [tables.of(unit) for unit in units]
    if not any(key for key, _, _ in tabs):
        result = _no_domains(units, tabs)
        if tables.marginal and any(unit.id in tables.marginal for unit in units):
            result = EntryAvailability(result.availability, result.saved, {}, (), False)
        return result
    groups: dict[tuple[str, ...], list[Unit]] = {}
    for unit, (key, _, _) in zip(units, tabs):
        groups.setdefault(key, []).append(unit)
    domains = sorted({d for key in groups for d in key})
    if len(domains) > limit:
        return _independent(units, tables, domains)
    up = [tables.domain_up[d] for d in domains]
    index = {d: i for i, d in enumerate(domains)}
    keys = list(groups)
    bits = [[index[d] for d in key] for key in keys]
    products = []  # per group: its units' product in each local state
    for key in keys:
        size = 1 << len(key)
        product = [1.0] * size
        for unit in groups[key]:
            table = tables.of(unit)[1]
            for s in range(size):
                product[s] *= table[s]
        products.append(product)
    others = [[0.0] * len(p) for p in products]  # sum over states of P(S) x the other groups
    total = 0.0
    domain_total = [0.0] * len(domains)
    count = len(keys)
    for state in range(1 << len(domains)):
        p = 1.0
        for i, a in enumerate(up):
            p *= a if state >> i & 1 else 1.0 - a
        if p == 0.0:
            continue
        locals_ = [sum(((state >> b) & 1) << j for j, b in enumerate(bs)) for bs in bits]
        values = [products[g][locals_[g]] for g in range(count)]
        prefix = [1.0] * (count + 1)
        for g in range(count):
            prefix[g + 1] = prefix[g] * values[g]
        suffix = 1.0
        for g in range(count - 1, -1, -1):
            others[g][locals_[g]] += p * prefix[g] * suffix
            suffix *= values[g]
        weight = p * prefix[count]
        total += weight
        for i in range(len(domains)):
            if state >> i & 1:
                domain_total[i] += weight
    saved: dict[str, float] = {}
    for g, key in enumerate(keys):
        members = groups[key]
        tabs = [tables.of(u) for u in members]
        for s in range(1 << len(key)):
            weight = others[g][s]
            if weight == 0.0:
                continue
            prefix = [1.0] * (len(members) + 1)
            for i, tab in enumerate(tabs):
                prefix[i + 1] = prefix[i] * tab[1][s]
            suffix = 1.0
            for i in range(len(members) - 1, -1, -1):
                saved[members[i].id] = saved.get(members[i].id, 0.0) + weight * prefix[i] * suffix * tabs[i][2][s]
                suffix *= tabs[i][1][s]
    saved = {u: max(0.0, v - total) for u, v in saved.items()}
    domain_saved = {d: max(0.0, domain_total[i] / up[i] - total) for i, d in enumerate(domains) if up[i] > 0}
    exact = not any(unit.id in tables.marginal for unit in units)
    return EntryAvailability(total, saved, domain_saved, tuple(domains), exact)


def _no_domains(units: list[Unit], tabs: list) -> EntryAvailability:
    """No unit can lose a domain: the plain product of the units' figures."""
    total, saved = _product([table[0] for _, table, _ in tabs], [best[0] for _, _, best in tabs], units)
    return EntryAvailability(total, saved, {}, (), True)


def _independent(units: list[Unit], tables: Tables, domains: list[str]) -> EntryAvailability:
    """Beyond EXACT_DOMAINS: each unit conditioned on its own domains, the units taken as
    independent of each other (shared fate between units is not counted)."""
    values, perfect = [], []
    for unit in units:
        key, table, best = tables.of(unit)
        weights = _state_weights([tables.domain_up[d] for d in key])
        values.append(sum(w * t for w, t in zip(weights, table)))
        perfect.append(sum(w * t for w, t in zip(weights, best)))
    total, saved = _product(values, perfect, units)
    return EntryAvailability(total, saved, {}, tuple(domains), False)


def _product(values: list[float], perfect: list[float], units: list[Unit]) -> tuple[float, dict[str, float]]:
    """Independent units: the product, and what each unit saves if its instances never failed
    (`perfect`: only its domains left), from the product of the others (prefix and suffix
    products, so a unit at 0 needs no division)."""
    prefix = [1.0]
    for value in values:
        prefix.append(prefix[-1] * value)
    total = prefix[-1]
    saved, suffix = {}, 1.0
    for i in range(len(units) - 1, -1, -1):
        saved[units[i].id] = max(0.0, prefix[i] * suffix * perfect[i] - total)
        suffix *= values[i]
    return total, saved


def _state_weights(up: list[float]) -> list[float]:
    weights = []
    for state in range(1 << len(up)):
        p = 1.0
        for i, a in enumerate(up):
            p *= a if state >> i & 1 else 1.0 - a
        weights.append(p)
    return weights
