"""Writing a draft as a design file: deterministic, one fact per comment, every number it lacks named."""

from __future__ import annotations

import json

from .draft import Draft, Fact
from .infer import KIND_ORDER

MAX_COMMENT = 240


def write(draft: Draft) -> str:
    lines = [
        f"# A draft design imported by `{draft.command}`.",
        "# Every inferred fact cites the line it comes from; `# TODO` names what deployment files cannot say.",
        "# Keep it in step with the files: add `--check THIS_FILE` to the same command (exit 1 on drift).",
        f"title {_string(draft.title)}",
        "",
        "# TODO rates: request rates on calls (rps, or reads and writes) are not in deployment files",
    ]
    order = {kind: index for index, kind in enumerate(KIND_ORDER)}
    components = sorted(draft.components.values(), key=lambda c: (order.get(c.kind, len(order)), c.id))
    for component in components:
        lines.append("")
        lines += _comments(component.facts, component.todos)
        label = f" {_string(component.label)}" if component.label else ""
        attributes = "".join(f", {name}={value}" for name, value in component.attributes.items())
        lines.append(f"{component.kind} {component.id}{label}" + (f" [{attributes[2:]}]" if attributes else ""))
    position = {c.id: index for index, c in enumerate(components)}
    edges = sorted(draft.edges.values(), key=lambda e: (position[e.source], position[e.target]))
    if edges:
        lines += ["", "# Calls, each on the evidence cited (strongest first)"]
    for edge in edges:
        lines.append("")
        lines += _comments(edge.facts, edge.todos, weak=edge.weak)
        attributes = ", ".join(f"{name}={value}" for name, value in edge.attributes.items())
        lines.append(f"{edge.source} {edge.arrow} {edge.target}" + (f" [{attributes}]" if attributes else ""))
    if draft.notes:
        lines += ["", "# Read in the files but drawn as nothing:"]
        lines += [_comment(f"  {note}") for note in sorted(set(draft.notes))]
    return "\n".join(lines) + "\n"


def _comments(facts: list[Fact], todos: list[str], weak: bool = False) -> list[str]:
    lines = []
    for fact in sorted(facts):
        lines.append(_comment(f" from {fact.place}: {fact.text}" if fact.place else f" {fact.text}"))
    if weak:
        lines.append("# weaker evidence only: start order is not proof of a call; confirm or delete")
    lines += [_comment(f" TODO {todo}") for todo in todos]
    return lines


def _comment(text: str) -> str:
    text = "".join(ch if ch >= " " and ch != "\x7f" else " " for ch in text)
    text = text if len(text) <= MAX_COMMENT else text[:MAX_COMMENT - 3] + "..."
    return "#" + text.rstrip()


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
