"""What one failure breaks: one instance lost, one host lost, one zone lost.

ANALYSIS.md, "What-if" and "Agreement". A unit (a component, or the components redundant with
each other) is broken when fewer than k of its instances are left (`short`); an instance is lost
with its component, or with any domain it is placed in (`instances_left`). The what-if sweep
runs each failure as a scenario through these two; `single_points` applies them to every single
failure at once, in one pass over the units, for `single-point-of-failure` (an instance, a host)
and `zone-single-point-of-failure` (what a zone adds), so the rules and the sweep cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import DISTRIBUTED_BY_NATURE, format_path
from ..literals import format_rate
from .availability import Unit
from .domains import IMPLIED_BY_MODE
from .flows import Entry

# A region is judged with the zones only where it is the zone of an instance (a component placed
# in a region with no zone inside); a region over zones is a wider failure than a zone.
ZONE_KINDS = frozenset({"zone", "label", "anonymous"})
PATH_SHOWN = 6  # hops of a witness path in a message; longer ones are elided in the middle


def instance_can_fail(component) -> bool:
    """Whether losing one of its instances is a failure the design owns: a managed service's
    instances are the provider's, and a plain `cdn`, `dns` or `function` is spread over many
    machines by nature."""
    if component.managed or component.kind in ("client", "external"):
        return False
    return not (component.kind in DISTRIBUTED_BY_NATURE and "replicas" not in component.as_written)


def instances(component, chains) -> int:
    """A component's instances: a managed one's `replicas` (its default 1), else its placement's."""
    return component.replicas if component.managed else len(chains)


def instances_left(component, chains, failed: set[str], one_down: bool = False) -> tuple[int, int]:
    """(instances left, instances) of a component when `failed` (components and domains) are
    down and, with `one_down`, one more of its instances. `chains` is its placement: the domains
    of each instance. A managed component's instances are the provider's: only failing the
    component itself takes them."""
    total = instances(component, chains)
    if component.id in failed:
        alive = 0
    else:
        alive = total if component.managed else sum(1 for chain in chains if failed.isdisjoint(chain))
    if one_down and alive:
        alive -= 1
    return alive, total


def short(unit: Unit, alive: int) -> bool:
    """Broken: fewer than k of the unit's instances are left."""
    return alive < unit.k


@dataclass(frozen=True)
class Weak:
    """A unit that one failure breaks, and what needs it."""

    unit: Unit
    instances: int  # the unit's instances today
    left: int  # what the failure leaves
    domain: str | None  # the domain lost; None: one instance
    needed_by: dict[str, Entry] = field(compare=False)  # member -> the first entry point that needs it
    ways: dict = field(compare=False, repr=False)  # entry id -> node -> (path length, its first two), shared


@dataclass(frozen=True)
class SinglePoints:
    instance: tuple[Weak, ...]  # one instance lost breaks it (and no host it is on already says so)
    hosts: dict[str, tuple[Weak, ...]]  # host group -> what losing that one machine breaks
    zone: tuple[Weak, ...]  # one zone lost breaks it, and neither an instance nor a host does


def single_points(analysis) -> SinglePoints:
    """Every unit that one failure breaks, for an entry point that needs it, computed once per
    analysis: linear in the entry points' required sets and the units' placements."""
    cached = analysis.__dict__.get("_single_points")
    if cached is None:
        cached = analysis.__dict__["_single_points"] = _single_points(analysis)
    return cached


def _single_points(analysis) -> SinglePoints:
    design = analysis.design
    components = design.components
    units = analysis.units
    first: dict[str, Entry] = {}  # component -> the first entry point that needs it
    several: dict[str, dict[str, Entry]] = {}  # the same by unit, for a unit of several members
    for entry in analysis.flows.firsts():  # entry points of one walk need the same: the first of them counts
        for ident in entry.required:
            if ident not in first:
                first[ident] = entry
                unit = units[ident]
                if len(unit.members) > 1:
                    several.setdefault(unit.id, {})[ident] = entry
    domains = analysis.domains
    ways: dict = {}
    instance, zone = [], []
    hosts: dict[str, list[Weak]] = {}
    for ident, entry in first.items():  # each unit where the first of its members is met
        unit = units[ident]
        if len(unit.members) == 1:
            needs = None  # made for a weak one only: `{ident: entry}`
        else:
            needs = several[unit.id]
            if next(iter(needs)) != ident:
                continue
        members = [components[m] for m in unit.members]
        total, lost = 0, {}
        for member in members:
            chain = () if member.managed else domains.placement(member).instances
            total += instances(member, chain)
            _lost_in(chain, lost)
        spare = total - unit.k  # instances it can lose and stay up: a loss of more leaves it `short`
        below = [d for d, count in lost.items() if count > spare]  # the domains whose loss breaks it
        by_host = [d for d in below if domains.domains[d].kind == "host"]
        for host in by_host:
            hosts.setdefault(host, []).append(Weak(unit, total, total - lost[host], host, needs or {ident: entry}, ways))
        if by_host:
            continue  # the host's finding names it
        owned = any(instance_can_fail(m) for m in members)  # else its instances are the provider's
        if owned and short(unit, total - 1):
            instance.append(Weak(unit, total, total - 1, None, needs or {ident: entry}, ways))
            continue
        if not below:
            continue
        zone_level = {chain[0] for m in members if owned and not m.managed for chain in domains.placement(m).instances}
        worst = [d for d in below if _judged_zone(domains, d, zone_level)]
        if worst:
            domain = min(worst, key=lambda d: (total - lost[d], d))
            zone.append(Weak(unit, total, total - lost[domain], domain, needs or {ident: entry}, ways))
    return SinglePoints(tuple(instance), {h: tuple(w) for h, w in hosts.items()}, tuple(zone))


def _lost_in(chains, lost: dict[str, int]) -> None:
    """Domain -> the instances placed in it: `chains` (one component's placement) added to `lost`."""
    for chain in chains:
        for domain in chain:  # a chain names each domain once
            lost[domain] = lost.get(domain, 0) + 1


def _judged_zone(domains, domain: str, zone_level: set[str]) -> bool:
    """A zone whose loss `zone-single-point-of-failure` judges: a declared or named zone; a
    counted one (`zones=2`, or none given) of a component that runs its own instances (as the
    sweep fails it); a region only where it is the zone of such a component's instances."""
    kind = domains.domains[domain].kind
    if kind == "anonymous":
        owner = domains.design.components.get(domain.partition("#zone")[0])
        return owner is not None and instance_can_fail(owner)
    return kind in ZONE_KINDS or domain in zone_level


# --- in words, the same in both rules ----------------------------------------------------------
def unit_words(analysis, weak: Weak, ident: str) -> str:
    """What the unit of `ident` has and needs: `database `urls` has 1 replica (no `replicas`
    given)`, `database `ring` has 2 replicas and needs both (a quorum of 2 of 2)`."""
    component = analysis.design.components[ident]
    unit, n = weak.unit, weak.instances
    others = [m for m in unit.members if m != ident]
    if others:
        text = f"{component.kind} `{ident}` with " + ", ".join(f"`{m}`" for m in others) + f" have {n} instances"
    elif n == 1:
        text = f"{component.kind} `{ident}` has {_one(component)}"
    else:
        stated = _many(component, n)
        text = f"{component.kind} `{ident}` has {n} replicas" + (f" ({stated})" if stated else "")
    if unit.k > 1:
        need = "both" if unit.k == n == 2 else f"all {n}" if unit.k == n else f"{unit.k}"
        text += f" and need{'s' * (not others)} {need} ({unit.k_evidence}{_load_words(analysis, unit)})"
    return text


def _one(component) -> str:
    """Why a component runs one instance, as the design says it."""
    if component.mode == "single":
        return "`mode=single`"
    written = component.written("replicas")
    return f"`replicas={written.text}`" if written is not None else "1 replica (no `replicas` given)"


def _many(component, n: int) -> str:
    """Where the count of several instances comes from, unless `replicas=n` says it plainly."""
    written = component.written("replicas")
    if written is None and component.mode in IMPLIED_BY_MODE:
        return f"`mode={component.mode}` with no `replicas`"
    return "" if written is not None and component.replicas == n else f"`replicas={written.text}`" if written else ""


def _load_words(analysis, unit: Unit) -> str:
    if "load" not in unit.k_evidence:
        return ""
    members = [analysis.design.components[m] for m in unit.members]
    load = sum(analysis.today_loads.get(m.id, 0.0) for m in members)
    capacity = min(m.capacity for m in members if m.capacity)
    return f": {format_rate(load)} at {format_rate(capacity)} each"


def needed_words(weak: Weak, ident: str, it: str = "it") -> str:
    """Who needs it, with the way there: `requests from `browser` need it (browser -> api -> db)`."""
    entry = weak.needed_by.get(ident)
    via = ident
    if entry is None:  # a member no entry calls itself (a read replica): named through its unit
        via, entry = next(iter(weak.needed_by.items()))
    return f"{entry.describe()} need{'s' * (entry.kind != 'request')} {it} ({_way(weak.ways, entry, via)})"


def _way(ways: dict, entry: Entry, ident: str) -> str:
    """`format_path(entry.witness(ident))`, without walking a long path once per finding: the
    length and first two hops of each node's path are remembered, so a chain of N single points
    costs N steps, not N^2."""
    known = ways.setdefault(entry.id, {})
    climbed, node = [], ident
    while node is not None and node not in known:
        climbed.append(node)
        node = entry.parents.get(node)
    if node is not None:
        length, head = known[node]
    elif climbed[-1] != entry.origin:
        length, head = 1, (entry.origin,)  # the queue or producer that feeds a consumer
    else:
        length, head = 0, ()
    for node in reversed(climbed):
        length += 1
        head = head if len(head) >= 2 else head + (node,)
        known[node] = (length, head)
    if length <= PATH_SHOWN:
        return format_path(entry.witness(ident), PATH_SHOWN)
    tail, node = [], ident
    for _ in range(PATH_SHOWN - 3):
        tail.append(node)
        node = entry.parents.get(node)
    return format_path([*head, "...", *reversed(tail)], PATH_SHOWN)  # as format_path elides it


__all__ = ["SinglePoints", "Weak", "ZONE_KINDS", "instance_can_fail", "instances", "instances_left", "needed_words", "short", "single_points", "unit_words"]
