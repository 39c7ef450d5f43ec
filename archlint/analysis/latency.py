"""The p99 latency budget over required calls, and its worst case with retries.

ANALYSIS.md, "Latency". A component's time is its own `latency` plus its slowest required
callee's time (the sum of them when it is `sequential=true`); a publish to a queue ends a path.
Each component's time is computed once, by one depth-first walk over the whole design, so every
entry point reads its figure in constant time. A cycle of required calls has no longest path:
the walk reports it and the times that depend on it are None.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Design, Edge
from ..language import QUEUE_KINDS
from .flows import Entry, Flows


@dataclass(frozen=True)
class Times:
    p99: dict[str, float | None]  # the budget of each component, its callees included
    worst: dict[str, float | None]  # the same with every retry of every hop exhausted
    cycles: list[list[str]]  # each cycle of required calls, as the walk met it (a -> b -> ... -> a)


@dataclass(frozen=True)
class EntryLatency:
    p99: float | None  # seconds; None: a cycle, or no latency stated on the way
    worst: float | None
    path: tuple[str, ...]  # the hops that make up p99, in call order
    unstated: tuple[str, ...]  # on the way, without `latency`


def compute_times(design: Design, flows: Flows, calls: dict[str, list[Edge] | tuple[()]]) -> Times:
    """`calls`: `DesignGraph.sync_calls(required_only=True)`, the edges behind `flows.required_out`
    (the same calls, in the same order), which say each hop's timeout and retries."""
    components = design.components
    p99: dict[str, float | None] = {}
    worst: dict[str, float | None] = {}
    cycles: list[list[str]] = []
    on_path: dict[str, int] = {}  # the walk's current path: node -> its position
    path: list[str] = []
    for root in components:
        if root in p99:
            continue
        callees = _callees(flows, root)
        if not callees:  # a leaf (most components): its own time, no walk
            _time(components[root], root, callees, calls, p99, worst)
            continue
        stack = [(root, callees, iter(callees))]  # each node on the path, with its callees still to see
        on_path[root] = 0
        path.append(root)
        while stack:
            node, callees, pending = stack[-1]
            for callee in pending:
                if callee in on_path:
                    cycles.append(path[on_path[callee]:] + [callee])
                elif callee not in p99:
                    below = _callees(flows, callee)
                    if not below:  # a leaf: timed at once, never put on the path
                        _time(components[callee], callee, below, calls, p99, worst)
                        continue
                    on_path[callee] = len(path)
                    path.append(callee)
                    stack.append((callee, below, iter(below)))
                    break
            else:  # every callee has its time: the node's own follows
                stack.pop()
                del on_path[node]
                path.pop()
                _time(components[node], node, callees, calls, p99, worst)
    for cycle in cycles:  # nothing on a cycle has a finite time, nor has what calls it
        for node in cycle:
            p99[node] = worst[node] = None
    if cycles:
        _spread_undefined(flows, p99, worst)
    return Times(p99, worst, cycles)


def _time(component, node: str, callees: list[str], calls: dict, p99: dict, worst: dict) -> None:
    """A component's p99 and worst case, from its callees' (all known by now)."""
    own = component.latency or 0.0
    if not callees:  # a leaf: its own time (as `_combine` gives it)
        p99[node] = worst[node] = own
        return
    worsts = []
    hops = {edge.target: edge for edge in calls[node]}  # of two edges to one callee, the last says
    for callee in callees:
        edge = hops[callee]
        timeout, retries = edge.timeout, edge.retries or 0
        callee_worst = worst.get(callee)
        worsts.append((retries + 1) * timeout if timeout is not None
                      else None if callee_worst is None else (retries + 1) * callee_worst)
    p99[node] = _combine(own, [p99.get(c) for c in callees], component.sequential)
    worst[node] = _combine(own, worsts, component.sequential)


def _callees(flows: Flows, node: str) -> list[str] | tuple[()]:
    if flows.kinds[node] in QUEUE_KINDS:
        return ()  # the path ends at the queue
    return flows.required_out.get(node, ())


def _combine(own: float, parts: list[float | None], sequential: bool) -> float | None:
    if None in parts:
        return None
    if not parts:
        return own
    return own + (sum(parts) if sequential else max(parts))


def _spread_undefined(flows: Flows, p99: dict, worst: dict) -> None:
    """Callers of an undefined time are undefined too."""
    callers: dict[str, list[str]] = {}
    for node in p99:
        for callee in _callees(flows, node):
            callers.setdefault(callee, []).append(node)
    frontier = [n for n, t in p99.items() if t is None]
    while frontier:
        node = frontier.pop()
        for caller in callers.get(node, ()):
            if p99[caller] is not None:
                p99[caller] = worst[caller] = None
                frontier.append(caller)


def entry_latency(design: Design, flows: Flows, times: Times, entry: Entry,
                  shared: dict | None = None) -> EntryLatency:
    """`shared` (kept by the caller) lets entry points that start the same calls share one walk."""
    components = design.components
    if entry.kind == "request" and flows.kinds[entry.origin] == "client":
        firsts = list(flows.required_out.get(entry.origin, ()))
        lead: list[str] = []
    elif entry.kind == "work":
        consumer = entry.id.split("~>", 1)[1]
        firsts = [consumer]
        lead = [entry.origin] if flows.kinds[entry.origin] in QUEUE_KINDS else []
    else:
        firsts = [entry.origin]
        lead = []
    sequential = entry.kind == "request" and components[entry.origin].sequential
    key = (tuple(lead), tuple(firsts), sequential)
    if shared is not None and key in shared:
        return shared[key]
    result = _latency(flows, times, components, lead, firsts, sequential)
    if shared is not None:
        shared[key] = result
    return result


def _latency(flows: Flows, times: Times, components, lead: list[str], firsts: list[str],
             sequential: bool) -> EntryLatency:
    on_the_way = _reach(flows, lead + firsts)
    unstated = tuple(c for c in on_the_way if components[c].latency is None and components[c].kind != "client")
    if not firsts or len(unstated) == len(on_the_way):
        return EntryLatency(None, None, (), unstated)
    lead_time = sum(components[c].latency or 0.0 for c in lead)
    parts = [times.p99.get(c) for c in firsts]
    worst_parts = [times.worst.get(c) for c in firsts]
    p99 = _combine(lead_time, parts, sequential)
    worst = _combine(lead_time, worst_parts, sequential)
    if p99 is None:
        return EntryLatency(None, None, (), unstated)
    path = list(lead)
    if sequential:
        for first in firsts:
            path.extend(_critical(flows, times, components, first))
    else:
        path.extend(_critical(flows, times, components, max(firsts, key=lambda c: times.p99[c])))
    return EntryLatency(p99, worst, tuple(path), unstated)


def _critical(flows: Flows, times: Times, components, start: str) -> list[str]:
    """The hops that make up a component's time: the slowest callee each step, or every callee
    of a sequential one."""
    path = []
    pending = [start]
    seen = set()
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        path.append(node)
        callees = _callees(flows, node)
        if not callees:
            continue
        if components[node].sequential:
            pending.extend(reversed(callees))
        else:
            pending.append(max(callees, key=lambda c: times.p99[c]))
    return path


def _reach(flows: Flows, roots: list[str]) -> list[str]:
    seen = dict.fromkeys(roots)
    pending = list(roots)
    kinds, required_out = flows.kinds, flows.required_out
    while pending:
        node = pending.pop()
        if kinds[node] in QUEUE_KINDS:
            continue  # `_callees`: the path ends at the queue
        for callee in required_out.get(node, ()):
            if callee not in seen:
                seen[callee] = None
                pending.append(callee)
    return list(seen)
