"""The language's declarations in words: `archlint explain <attribute|kind>` and the reference tables.

Both read language.py alone, so what the docs and `explain` say is what the loader does.
"""

from __future__ import annotations

from typing import Any

from .language import ELEMENTS, KIND_ALIASES, KIND_BY_NAME, KIND_DECLARATIONS, TIERS, AttributeSpec, kind_defaults


def value_words(value: Any) -> str:
    """A default as it would be written in a design."""
    if value is None:
        return "none"
    if value == ():
        return "empty"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    return f"`{value}`"


def default_words(spec: AttributeSpec) -> str:
    if not spec.by_kind:
        return value_words(spec.default)
    by_value: dict[Any, list[str]] = {}
    for kind, value in spec.by_kind.items():
        by_value.setdefault(value, []).append(kind)
    parts = [f"{value_words(value)} for " + ", ".join(f"`{k}`" for k in sorted(kinds)) for value, kinds in by_value.items()]
    return "; ".join(parts) + f"; {value_words(spec.default)} for other kinds"


def stored_words(spec: AttributeSpec) -> str:
    may_be_none = spec.default is None or None in spec.by_kind.values()
    return spec.type.stored + (", or none" if may_be_none else "")


def meaning_words(spec: AttributeSpec) -> str:
    """The meaning, and where the attribute may be written when that is not everywhere."""
    if spec.kinds is None:
        return spec.meaning
    return f"{spec.meaning}. Written on " + ", ".join(f"`{k}`" for k in sorted(spec.kinds)) + " only"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + "."


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def attribute_table(element: str) -> str:
    """The Markdown table of one element's attributes, as docs/language.md shows it."""
    rows = ["| attribute | type | default | meaning | stored as |", "|---|---|---|---|---|"]
    for spec in ELEMENTS[element].values():
        cells = (f"`{spec.name}`", spec.type.words, default_words(spec), meaning_words(spec), stored_words(spec))
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(rows) + "\n"


def kind_table() -> str:
    rows = ["| kind | aliases | tier | what it is |", "|---|---|---|---|"]
    for kind in KIND_DECLARATIONS:
        aliases = ", ".join(f"`{a}`" for a in kind.aliases)
        rows.append("| " + " | ".join((f"`{kind.name}`", aliases, kind.tier, _cell(kind.meaning))) + " |")
    return "\n".join(rows) + "\n"


def explain(word: str) -> str | None:
    """The Markdown page of an attribute (every element that has it) or a kind; None otherwise."""
    sections = []
    for element, specs in ELEMENTS.items():
        spec = specs.get(word)
        if spec is not None:
            sections.append(
                f"# `{word}` ({element} attribute)\n\n{_sentence(meaning_words(spec))}\n\n"
                f"- Type: {spec.type.words}. Example: `{word}={spec.type.example}`.\n- Default: {default_words(spec)}.\n- Stored as: {stored_words(spec)}.\n"
            )
    canonical = KIND_ALIASES.get(word)
    if canonical is not None:
        kind = KIND_BY_NAME[canonical]
        alias = f" (`{word}` is another name for it)" if word != canonical else ""
        lines = [f"# `{canonical}` (component kind){alias}\n\n{_sentence(kind.meaning)}\n"]
        if kind.aliases:
            lines.append("- Also written: " + ", ".join(f"`{a}`" for a in kind.aliases) + ".")
        lines.append(f"- Tier: {kind.tier}, {TIERS[kind.tier]}.")
        own = kind_defaults(canonical)
        if own:
            lines.append("- Its own defaults: " + ", ".join(f"`{n}={value_words(v).strip('`')}`" for n, v in own) + ".")
        usable = [s.name for s in ELEMENTS["component"].values() if s.kinds is None or canonical in s.kinds]
        lines.append("- Attributes: " + ", ".join(f"`{n}`" for n in usable) + ".")
        sections.append("\n".join(lines) + "\n")
    if not sections:
        return None
    return "\n".join(sections) + "\nThe language reference (docs/language.md in archlint's repository) has the whole language.\n"


def words() -> list[str]:
    """Every attribute name and kind word `explain` knows, for did-you-mean."""
    return sorted({name for specs in ELEMENTS.values() for name in specs} | set(KIND_ALIASES))
