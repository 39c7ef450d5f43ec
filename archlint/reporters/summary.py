"""The closing lines of the human formats: counts, statistics, and run errors are elsewhere."""

from __future__ import annotations

from collections import Counter


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def summary(styled, result, context) -> None:
    active = result.active
    suppressed = len(result.findings) - len(active)
    if context.statistics and active:
        counts = Counter((f.code, f.rule) for f in active)
        for (code, rule), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            styled.add(f"{count:>5}  ").add(f"{code:<6}", "bold").add(f" {rule}").newline()
        styled.newline()
    note = f" ({_plural(suppressed, 'finding')} suppressed)" if suppressed else ""
    if not active:
        styled.add("All checks passed!", "bold green").add(note).newline()
        return
    by_severity = Counter(f.severity.value for f in active)
    parts = [_plural(by_severity[level], level) for level in ("error", "warning", "info") if by_severity[level]]
    files = len({f.location.file for f in active})
    styled.add(f"Found {', '.join(parts)} in {_plural(files, 'file')}.", "bold").add(note).newline()
