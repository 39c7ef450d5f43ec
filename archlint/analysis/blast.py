"""The blast radius of a what-if outcome: which components and edges each entry point that is
not ok can no longer reach, for the drawing of a scenario and its JSON.

It reads the judgement of `scenarios.py` (entry statuses, instances left, survivors) and adds
only where the requests stop:
- `down`: the components with no instance left (failed, or all their instances in a failed
  domain);
- `short`: units left with fewer than the k they need, but not none (the cause of a `broken`
  entry point that still has instances to call);
- `cut_off`: for each entry point that is broken or degraded, the members of its required and
  degraded sets that its requests can no longer reach: every way there goes through a
  component that is down;
- `cut_edges`: the edges of such an entry point's flow that lead into or out of what is down
  or cut off;
- `overloaded`: the survivors (instances left) whose unit's utilization reaches 1 under the
  scenario.
A component cut off from a broken entry point is `broken` even when a degraded one also loses
it. Costs the size of the flows of the entry points that are not ok.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..language import QUEUE_KINDS
from .scenarios import BROKEN, DEGRADED, OK, Outcome, WhatIf


@dataclass(frozen=True)
class Blast:
    down: tuple[str, ...]  # components with no instance left, sorted
    short: dict[str, tuple[int, int]]  # component -> (instances its unit has left, k), units short but not empty
    failed_domains: tuple[str, ...]  # the domains the scenario fails, as named
    cold: tuple[str, ...]  # caches the scenario turns cold
    entry_status: dict[str, str]  # entry point -> broken | overloaded | degraded (ok left out)
    entry_elements: dict[str, tuple[str, ...]]  # entry point -> its drawn elements (a component, or `q~>c` edges)
    cut_off: dict[str, str]  # component -> broken | degraded: the worst entry point that cannot reach it
    cut_edges: dict[str, str]  # edge element id -> broken | degraded
    overloaded: dict[str, float]  # survivor -> its unit's utilization (1 or more)

    def as_json(self) -> dict:
        return {
            "down": list(self.down),
            "too_few_instances": [{"id": c, "instances_left": left, "instances_needed": k}
                                  for c, (left, k) in sorted(self.short.items())],
            "failed_domains": list(self.failed_domains),
            "cold_caches": list(self.cold),
            "cut_off": {status: sorted(c for c, s in self.cut_off.items() if s == status)
                        for status in (BROKEN, DEGRADED)},
            "cut_edges": {status: sorted(e for e, s in self.cut_edges.items() if s == status)
                          for status in (BROKEN, DEGRADED)},
            "overloaded": [{"id": c, "utilization": u} for c, u in sorted(self.overloaded.items())],
        }


def blast(whatif: WhatIf, outcome: Outcome) -> Blast:
    design = whatif.design
    flows = whatif.today.flows
    left = outcome.left
    units = whatif.today.units
    down = sorted(c for c, (alive, _) in left.items() if alive == 0 and c in design.components)
    gone = set(down)
    short: dict[str, tuple[int, int]] = {}
    for ident in design.components:
        unit = units[ident]
        alive = sum(left[m][0] for m in unit.members)
        if 0 < alive < unit.k and ident not in gone:
            short[ident] = (alive, unit.k)
    entries = {e.id: e for e in whatif.today.entries}
    status = {o.entry: o.status for o in outcome.entries if o.status != OK}
    out_edges: dict[str, list] = {}
    for edge in design.edges:
        out_edges.setdefault(edge.source, []).append(edge)
    elements: dict[str, tuple[str, ...]] = {}
    cut_off: dict[str, str] = {}
    cut_edges: dict[str, str] = {}
    for ident in sorted(status):
        entry = entries[ident]
        elements[ident] = _entry_elements(entry, out_edges)
        if status[ident] not in (BROKEN, DEGRADED):
            continue
        members = set(entry.required) | set(entry.degraded)
        reached = _reach(flows, entry, gone)
        lost = {c for c in members if c not in reached and c not in gone}
        for c in lost:
            _worst(cut_off, c, status[ident])
        stopped = gone | lost
        for source in (entry.origin, *members):
            for edge in out_edges.get(source, ()):
                if edge.target not in members or _consumes(flows, edge):
                    continue
                if source in stopped or edge.target in stopped:
                    _worst(cut_edges, edge.element_id, status[ident])
    overloaded = {c.id: c.utilization for c in outcome.components
                  if c.utilization is not None and c.utilization >= 1.0 and c.id not in gone}
    scenario = outcome.scenario
    return Blast(tuple(down), short, tuple(d for d in scenario.failed if d not in design.components),
                 scenario.cold_caches, status, elements, cut_off, cut_edges, overloaded)


def _worst(marks: dict[str, str], ident: str, status: str) -> None:
    if marks.get(ident) != BROKEN:
        marks[ident] = status


def _consumes(flows, edge) -> bool:
    """A `~>` from a queue (or producer) to what consumes it: the start of another piece of work."""
    return not edge.sync and flows.kinds[edge.target] not in QUEUE_KINDS


def _entry_elements(entry, out_edges) -> tuple[str, ...]:
    """What stands for an entry point on the drawing: its client or scheduled component, or the
    `~>` edges from the queue into the consumer of a piece of work."""
    if entry.kind != "work":
        return (entry.origin,)
    consumer = entry.id.split("~>", 1)[1]
    return tuple(dict.fromkeys(e.element_id for e in out_edges.get(entry.origin, ())
                               if e.target == consumer and not e.sync))


def _reach(flows, entry, gone: set[str]) -> set[str]:
    """What the entry point's requests still reach, over its required and optional edges,
    never through a component with no instance left."""
    starts = [entry.origin] if entry.kind == "request" else [r for r, p in entry.parents.items() if p is None]
    reached = set()
    queue = deque(s for s in starts if s not in gone)
    reached.update(queue)
    while queue:
        node = queue.popleft()
        for target in (*flows._needed_by(node), *flows.optional_out.get(node, ())):
            if target not in reached and target not in gone:
                reached.add(target)
                queue.append(target)
    return reached


__all__ = ["Blast", "blast"]
