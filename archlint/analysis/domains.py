"""Failure domains and where each component's instances are placed in them.

ANALYSIS.md, "Failure domains and shared fate". A domain is a `zone` or `region` group, a group
with `host=true`, or a zone the design only names (`zones=[a, b]` matching no group) or counts
(`zones=3`): those never fail as a whole (no `availability` can be stated for them), but losing
one still takes its instances away when capacity is judged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from ..graph import DISTRIBUTED_BY_NATURE
from ..model import Component, Design
from .probability import spread


class Domain(NamedTuple):
    """A failure domain. A named tuple, as `Placement`: a large design makes one per counted zone of
    every component, tens of thousands, and a tuple is made several times faster than a frozen
    dataclass."""

    id: str
    kind: str  # zone | region | host | label (a zone only named) | anonymous (a zone only counted)
    availability: float | None  # a fraction; None: it never fails as a whole
    declared: bool  # a group of the design (a finding can point at it)


class DomainTable(Mapping):
    """Domain id -> `Domain`. The zones a component only counts (`api#zone2`) are made when asked,
    not held: a large design counts hundreds of thousands of them, and each says no more than
    its owner and its number."""

    def __init__(self) -> None:
        self.held: dict[str, Domain] = {}  # declared groups and zones only named
        self.counted: dict[str, int] = {}  # component -> how many zones of its own it counts

    def __getitem__(self, ident: str) -> Domain:
        found = self.held.get(ident)
        if found is not None:
            return found
        if self.is_counted(ident):
            return Domain(ident, "anonymous", None, False)
        raise KeyError(ident)

    def __contains__(self, ident: object) -> bool:
        return ident in self.held or (isinstance(ident, str) and self.is_counted(ident))

    def __iter__(self) -> Iterator[str]:
        yield from self.held
        for owner, count in self.counted.items():
            for number in range(1, count + 1):
                yield f"{owner}#zone{number}"

    def __len__(self) -> int:
        return len(self.held) + sum(self.counted.values())

    def is_counted(self, ident: str) -> bool:
        """Whether `ident` is a zone a component only counts (`api#zone2`, of `api` counting 2 or more)."""
        owner, mark, number = ident.partition("#zone")
        if not mark or not (number.isascii() and number.isdigit()) or number.startswith("0"):
            return False
        return int(number) <= self.counted.get(owner, 0)

    def failing(self) -> dict[str, float]:
        """Each domain that can fail as a whole (its availability stated) -> that availability."""
        return {d.id: d.availability for d in self.held.values() if d.availability is not None}


class Placement(NamedTuple):
    """One component's instances: for each, the domains it lives in (innermost first)."""

    component: str
    instances: tuple[tuple[str, ...], ...]  # each instance's chain: its zone first, then the domains around
    evidence: str  # how the placement was read, in words

    @property
    def zones(self) -> tuple[str, ...]:
        """The zone-level domain of each instance, for losing the largest zone: the first of its
        chain (made when asked, not held per component)."""
        return tuple(chain[0] for chain in self.instances)

    def per_zone(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for chain in self.instances:
            counts[chain[0]] = counts.get(chain[0], 0) + 1
        return counts


# A replicated `mode` without `replicas` is evidence of the least such a store runs: a standby for
# failover, three members for a quorum that survives one loss.
IMPLIED_BY_MODE = {"primary_replica": 2, "multi_primary": 2, "cluster": 3}


def instance_count(component: Component) -> int:
    """The instances of a component: `replicas`, one for `mode=single`, or what its mode implies."""
    if component.mode == "single":
        return 1
    if component.mode in IMPLIED_BY_MODE and "replicas" not in component.as_written:  # the mode first: cheaper
        return IMPLIED_BY_MODE[component.mode]
    return component.replicas


def _fraction(percent: float | None) -> float | None:
    return None if percent is None else percent / 100.0


def _instances(component: Component, zones: int) -> int:
    """How many instances a component runs over `zones` zones: one in each where it is spread by
    nature and states no `replicas`."""
    instances = instance_count(component)
    if component.kind in DISTRIBUTED_BY_NATURE and "replicas" not in component.as_written:
        instances = max(instances, zones)
    return instances


class Domains:
    """The design's domains, and the placement of every unmanaged component."""

    def __init__(self, design: Design) -> None:
        self.design = design
        self.domains = DomainTable()
        held = self.domains.held
        for group in design.groups.values():
            if group.host:
                held[group.id] = Domain(group.id, "host", _fraction(group.availability), True)
            elif group.kind in ("zone", "region"):
                held[group.id] = Domain(group.id, group.kind, _fraction(group.availability), True)
        self.hosts = frozenset(d.id for d in held.values() if d.kind == "host")
        self._placements: dict[str, Placement] = {}
        self._around: dict[str | None, tuple[str, ...]] = {}
        self._chains: dict[tuple[tuple[str, ...], str | None], tuple[str, ...]] = {}  # see `_chain`
        self._shapes: dict[tuple, tuple] = {}  # see `_slots_of`
        self._spreads: dict[tuple, tuple] = {}  # (shape, instances) -> each instance's domains
        self._counts: dict[int, str] = {}  # zones counted -> the evidence, in words (one string each)

    def enclosing(self, group: str | None) -> tuple[str, ...]:
        """The declared domains around a group, innermost first (found once per group)."""
        around = self._around.get(group)
        if around is None:
            around = self._around[group] = tuple(g.id for g in self.design.enclosing_groups(group)
                                                 if g.id in self.domains)
        return around

    def placement(self, component: Component) -> Placement:
        placed = self._placements.get(component.id)
        if placed is None:
            placed = self._placements[component.id] = self._place(component)
        return placed

    def _place(self, component: Component) -> Placement:
        if not component.zone_ids and "zones" in component.as_written:
            return self._counted(component)
        slots, evidence, shape = self._slots_of(component)
        instances = _instances(component, len(slots))
        if shape is None:  # zones of its own: nothing to share
            placed = self._spread(slots, instances, component.group)
        else:
            key = (shape, instances)
            placed = self._spreads.get(key)
            if placed is None:
                placed = self._spreads[key] = self._spread(slots, instances, component.group)
        return Placement(component.id, placed, evidence)

    def _counted(self, component: Component) -> Placement:
        """A component that counts its zones (`zones=3`): each a fresh domain of its own, in no
        group around (the commonest placement of a large design, so made in one pass)."""
        ident, count = component.id, component.zones
        self.domains.counted[ident] = count
        around = self.enclosing(component.group)
        placed: list[tuple[str, ...]] = []
        for number, instances in enumerate(spread(_instances(component, count), count), 1):
            if instances:  # its chain: the zone, then the domains around (a fresh name is in no group)
                placed += [(f"{ident}#zone{number}", *around)] * instances
        evidence = self._counts.get(count)
        if evidence is None:
            evidence = self._counts[count] = f"`zones={count}`"
        return Placement(ident, tuple(placed), evidence)

    def _slots_of(self, component: Component):
        """`_slots`, once per shape: components in one group with the same `zones` written (or
        none, in a declared zone) are placed alike. The shape is None where the zones are the
        component's own (none given and no zone around)."""
        named = component.zone_ids
        shape = (component.group, named, component.written("zones").text if named else None)
        found = self._shapes.get(shape)
        if found is None:
            slots, evidence = self._slots(component, self.enclosing(component.group))
            own = slots[0][0] not in self.domains.held  # a zone counted
            found = (slots, evidence, None if own else shape)
            if not own:
                self._shapes[shape] = found
        return found

    def _spread(self, slots: list[tuple[str, ...]], instances: int, group: str | None):
        """The domains of each instance: its zone first (its slot's), then those around."""
        placed: list[tuple[str, ...]] = []
        for slot, count in zip(slots, spread(instances, len(slots))):
            if count:
                placed += [self._chain(slot, group)] * count
        return tuple(placed)

    def _slots(self, component: Component, around: tuple[str, ...]) -> tuple[list[tuple[str, ...]], str]:
        """The zones a component's instances are spread over (each with the domains around that
        zone), and how the design says so."""
        named = component.zone_ids
        if named:
            slots = []
            for name in dict.fromkeys(named):
                if name in self.domains and self.domains[name].kind in ("zone", "region"):
                    slots.append((name, *self.enclosing(self.design.groups[name].parent)))
                else:
                    self.domains.held.setdefault(name, Domain(name, "label", None, False))
                    slots.append((name,))
            return slots, f"`zones={component.written('zones').text}`"
        zone = next((d for d in around if self.domains[d].kind in ("zone", "region")), None)
        if zone is not None:
            return [(zone,)], f"it sits in {self.domains[zone].kind} `{zone}`"
        self.domains.counted[component.id] = 1
        return [(f"{component.id}#zone1",)], "no `zones` given"

    def _chain(self, slot: tuple[str, ...], group: str | None) -> tuple[str, ...]:
        """An instance's domains: its zone's, then those around its component's group, each once.
        A zone the design declares is the slot of many components: its chain is made once per
        group; a counted zone is its component's own."""
        if slot[0] not in self.domains.held:  # a zone counted: a fresh name, in no group around
            return slot + self.enclosing(group)
        key = (slot, group)
        chain = self._chains.get(key)
        if chain is None:
            chain = self._chains[key] = tuple(dict.fromkeys(slot + self.enclosing(group)))
        return chain

    def counted_owner(self, zone: str) -> str | None:
        """The component that counts `zone` (`api` of `api#zone2`) if an instance of it is there:
        `spread` fills the first zones first, so zone n holds one when n <= its instances."""
        if not self.domains.is_counted(zone):
            return None
        owner, _, number = zone.partition("#zone")
        placed = self._placements.get(owner)
        return owner if placed is not None and int(number) <= len(placed.instances) else None

    def failing(self, ident: str) -> bool:
        """Whether a domain can fail as a whole (its availability is stated)."""
        domain = self.domains.get(ident)
        return domain is not None and domain.availability is not None
