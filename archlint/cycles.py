"""Cycles in a directed graph given as adjacency lists, in linear time and without networkx.

A plain lint asks for the cycles of required calls on every run; importing networkx for them
cost a third of a small design's start-up. The answers are the ones networkx gives
(`strongly_connected_components`, then `find_cycle` from a chosen node), which
tests/test_graph.py checks on generated graphs.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence


def strongly_connected(nodes: Iterable[str], successors: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The strongly connected sets of the graph (Tarjan's algorithm, iterative: a long chain
    of calls must not exhaust Python's recursion limit). Every node is in exactly one set."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(successors.get(root, ())))]
        while work:
            node, pending = work[-1]
            for child in pending:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(successors.get(child, ()))))
                    break
                if child in on_stack and index[child] < low[node]:
                    low[node] = index[child]
            else:
                work.pop()
                if work and low[node] < low[work[-1][0]]:
                    low[work[-1][0]] = low[node]
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    found.append(members)
    return found


def first_cycle(start: str, successors: Mapping[str, Sequence[str]], within: set[str]) -> list[str]:
    """The first cycle a depth-first walk from `start` closes, staying inside `within` and taking
    each node's successors in order: the nodes from the one the closing edge returns to, around
    to the last one before it. Empty when the walk closes none."""
    path = [start]
    position = {start: 0}  # the nodes on the walk's current path
    finished: set[str] = set()
    pending = [iter(successors.get(start, ()))]
    while pending:
        for child in pending[-1]:
            if child not in within or child in finished:
                continue
            if child in position:
                return path[position[child]:]
            position[child] = len(path)
            path.append(child)
            pending.append(iter(successors.get(child, ())))
            break
        else:
            pending.pop()
            done = path.pop()
            del position[done]
            finished.add(done)
    return []


__all__ = ["first_cycle", "strongly_connected"]
