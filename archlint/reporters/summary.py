"""What the human formats list, and their closing lines: statistics and counts (run errors
are on stderr)."""

from __future__ import annotations

from collections import Counter


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def listed(result, context) -> list:
    """The findings a human format lists one by one: none with `--statistics` (the table is the
    report, as ruff prints it), suppressed ones only when asked for."""
    if context.statistics:
        return []
    return [f for f in result.findings if context.show_suppressed or not f.suppressed]


def summary(styled, result, context) -> None:
    active = result.active
    suppressed = len(result.findings) - len(active)
    if context.statistics and active:
        counts = Counter((f.code, f.rule) for f in active)
        for (code, rule), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            styled.add(f"{count:>5}  ").add(f"{code:<6}", "bold").add(f" {rule}").newline()
        styled.newline()
    note = f" ({_plural(suppressed, 'finding')} suppressed)" if suppressed else ""
    if not result.files:
        styled.add("No design files were checked.", "bold yellow").newline()
        return
    if not active:
        if not result.errors:  # a run that failed has not passed, whatever it found
            styled.add("All checks passed!", "bold green").add(note).newline()
        return
    by_severity = Counter(f.severity.value for f in active)
    parts = [_plural(by_severity[level], level) for level in ("error", "warning", "info") if by_severity[level]]
    files = len({f.location.file for f in active})
    checked = f" of {len(result.files)}" if len(result.files) > files else ""
    where = f"{files}{checked} {'file' if files == 1 and not checked else 'files'}"
    styled.add(f"Found {', '.join(parts)} in {where}", "bold").add(note).add(".", "bold").newline()
