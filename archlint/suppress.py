"""Inline pragmas: mark the findings they excuse, and report the pragmas that are wrong.

A pragma covers the findings located inside the statement it binds to (a component, an edge
line, a whole group from its header) or, for `ignore-file`, in its file. Fatal language errors
are never suppressed: the design they describe is not the one the author meant.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from . import codes
from .diagnostics import Finding, did_you_mean
from .model import Pragma


class _Covered:
    """The findings of one code in one file, in line order, for finding those a pragma covers
    without looking at the others: a pragma per finding must cost a pragma, not a pass over all
    the findings. A finding once suppressed is skipped by the next pragmas (a union-find over
    the positions), so overlapping scopes, nested groups each with a pragma, stay linear."""

    def __init__(self) -> None:
        self.lines: list[int] = []
        self.indexes: list[int] = []  # into the result list, in the order of `lines`
        self._next: list[int] = []

    def add(self, line: int, index: int) -> None:
        self.lines.append(line)
        self.indexes.append(index)

    def freeze(self) -> None:
        order = sorted(range(len(self.lines)), key=self.lines.__getitem__)
        self.lines = [self.lines[i] for i in order]
        self.indexes = [self.indexes[i] for i in order]
        self._next = list(range(len(self.lines) + 1))

    def _unmarked(self, position: int) -> int:
        root = position
        while self._next[root] != root:
            root = self._next[root]
        while self._next[position] != root:
            self._next[position], position = root, self._next[position]
        return root

    def take(self, first_line: int, last_line: int) -> tuple[bool, list[int]]:
        """Whether any finding lies in the lines, and the ones not taken before (now taken)."""
        start = bisect_left(self.lines, first_line)
        stop = bisect_right(self.lines, last_line)
        taken = []
        position = self._unmarked(start)
        while position < stop:
            taken.append(self.indexes[position])
            self._next[position] = position + 1
            position = self._unmarked(position + 1)
        return start < stop, taken


def apply_pragmas(
    findings: list[Finding],
    pragmas: tuple[Pragma, ...],
    names: dict[str, str],
    enabled: set[str],
    judged: bool,
) -> list[Finding]:
    """Findings with `suppressed` set where a pragma matches, plus findings about the pragmas.

    `names` maps every known code to its name; `enabled` are the codes that ran; `judged` is
    false when the rules did not run (a broken design), so no pragma can be called unused.
    """
    code_of = {name: code for code, name in names.items()}
    code_of.update({code: code for code in names})
    fatal = codes.FATAL_CODES
    result = list(findings)
    covered: dict[tuple[str, str], _Covered] = {}  # (code, file) -> its findings
    for index, finding in enumerate(result):
        if finding.code not in fatal:
            covered.setdefault((finding.code, finding.location.file), _Covered()).add(finding.location.line, index)
    for findings_here in covered.values():
        findings_here.freeze()
    extra: list[Finding] = []
    for pragma in pragmas:
        if pragma.reason is None:
            extra.append(codes.diagnostic(
                "suppression-without-reason",
                "this suppression gives no reason",
                pragma.location,
                help="say why after `--`: `# archlint: ignore[rule] -- singleton by design (ADR-012)`",
            ))
        for written in pragma.rules:
            code = code_of.get(written)
            if code is None:
                near = did_you_mean(written, list(code_of))
                extra.append(codes.diagnostic(
                    "invalid-suppression",
                    f"unknown rule `{written}` in suppression" + (f"; did you mean `{near}`?" if near else ""),
                    pragma.location,
                ))
                continue
            place = pragma.location if pragma.file_wide else pragma.scope
            here = covered.get((code, place.file)) if place is not None else None
            used = False
            if here is not None:
                first, last = (0, float("inf")) if pragma.file_wide else (pragma.scope.line, pragma.scope.end_line)
                used, taken = here.take(first, last)
                for index in taken:
                    if not result[index].suppressed:
                        result[index] = result[index].model_copy(
                            update={"suppressed": True, "suppression_reason": pragma.reason}
                        )
            if not used and judged and code in enabled:
                scope = "this file" if pragma.file_wide else "the statement on this line"
                extra.append(codes.diagnostic(
                    "unused-suppression",
                    f"`{written}` is suppressed here but finds nothing in {scope}",
                    pragma.location,
                    help="remove the suppression, or the rule name from it",
                ))
    return result + extra
