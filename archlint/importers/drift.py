"""The drift check: a hand-kept design against what the deployment files say now.

Reported: components the files deploy that the design lacks, components the design keeps that
the files no longer deploy, replica counts that differ, and calls the files show (on evidence
stronger than start order) that the design does not draw. Components a deployment file cannot
show (clients, externals, DNS, CDNs, anything `managed=true`) are never reported missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .draft import Draft

NOT_DEPLOYED_KINDS = {"client", "external", "dns", "cdn"}


@dataclass
class Drift:
    differences: list[str]
    notes: list[str]
    checked: tuple[int, int]  # components, calls


def compare(draft: Draft, design) -> Drift:
    differences, notes = [], []
    deployed = {c.id: c for c in draft.components.values() if c.kind not in NOT_DEPLOYED_KINDS}
    kept = design.components
    for ident in sorted(set(deployed) - set(kept)):
        component = deployed[ident]
        differences.append(f"component `{ident}` ({component.kind}) is deployed but not in the design"
                           f"{_cited(component.facts)}")
    for ident in sorted(set(kept) - set(deployed)):
        component = kept[ident]
        if component.kind in NOT_DEPLOYED_KINDS or component.managed:
            continue
        differences.append(f"component `{ident}` ({component.kind}) is in the design but the files deploy "
                           f"nothing by that id")
    for ident in sorted(set(kept) & set(deployed)):
        stated = deployed[ident].replicas
        if stated is not None and stated != kept[ident].replicas:
            differences.append(f"replicas of `{ident}`: the design says {kept[ident].replicas}, the files say "
                               f"{stated}{_cited(deployed[ident].facts, 'replicas')}")
    drawn = {(e.source, e.target) for e in design.edges}
    calls = 0
    for edge in sorted(draft.edges.values(), key=lambda e: (e.source, e.target)):
        if edge.source not in kept or edge.target not in kept:
            continue
        calls += 1
        if (edge.source, edge.target) in drawn or (edge.arrow == "~>" and (edge.target, edge.source) in drawn):
            continue
        line = f"call `{edge.source} {edge.arrow} {edge.target}` is not in the design{_cited(edge.facts)}"
        (notes if edge.weak else differences).append(line + (" (start order only: not counted as drift)"
                                                              if edge.weak else ""))
    return Drift(differences, notes, (len(set(kept) & set(deployed)), calls))


def _cited(facts, about: str = "") -> str:
    chosen = [f for f in sorted(facts) if f.place and about in f.text] or [f for f in sorted(facts) if f.place]
    return f" (from {chosen[0].place}: {chosen[0].text})" if chosen else ""
