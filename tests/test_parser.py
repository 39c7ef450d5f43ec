"""The parser: its shipped table, its independence between calls, and linear cost on hostile input.

Growth is measured in one run by comparing two sizes (never an absolute time): a linear stage
takes about k times as long, or as much memory, on an input k times larger.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import pytest

from archlint.linter import lint_text
from archlint.parser import Parser, ParserBuildError, default_parser, parse, shipped_table

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_table_is_the_grammar_s():
    process = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_parse_table.py"), "--check"],
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stderr + "\nrun: python tools/gen_parse_table.py"


def test_a_lint_imports_no_lark():
    code = ("import sys; from archlint.linter import lint_text; "
            "r = lint_text('service a [replicas=2]\\nservice b\\na -> b\\n', 'x.arch', isolated=True); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'lark'))")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]"


def test_a_table_of_another_shape_is_a_clear_error():
    with pytest.raises(ParserBuildError, match="tools/gen_parse_table.py"):
        Parser({"format": 0})


def test_calls_share_no_state():
    """Parses on several threads at once give what each gives alone (no lock, no shared builder)."""
    texts = [f"service s{i} [replicas={i + 1}]  # note {i}\nservice t{i}\ns{i} -> t{i} [rps={i}]\n" for i in range(8)]
    texts.append("service broken [replicas=\n")
    alone = [repr(parse(text, "x.arch")) for text in texts]
    together: dict[int, str] = {}

    def work(index: int) -> None:
        for _ in range(30):
            together[index] = repr(parse(texts[index], "x.arch"))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [together[i] for i in range(len(texts))] == alone


def _seconds(text: str) -> float:
    """The best of three parses of `text` (the best is the least disturbed by other work)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        parse(text, "x.arch")
        best = min(best, time.perf_counter() - start)
    return best


def _growth(make, size: int, factor: int = 4) -> float:
    """How much longer a parse takes on an input `factor` times larger: about `factor` if linear."""
    _seconds(make(size // 4))  # warm up
    return _seconds(make(size * factor)) / _seconds(make(size))


class _CountingLexer:
    """The lexer's regular expression, counting the characters each call may scan: to the end of
    the line, which is how far a string that is never closed makes it look."""

    def __init__(self, pattern) -> None:
        self.pattern, self.work = pattern, 0

    def match(self, text: str, position: int):
        end = text.find("\n", position)
        self.work += (len(text) if end < 0 else end) - position
        return self.pattern.match(text, position)

    def scanner(self, text: str):
        """What the parser lexes a line with: matches, each from where the last ended."""
        lexer = self

        class Scanner:
            position = 0

            def match(self):
                found = lexer.match(text, self.position)
                if found is not None:
                    self.position = found.end()
                return found

        return Scanner()


def test_an_unterminated_string_full_of_escaped_quotes_is_linear():
    def make(n: int) -> str:
        return 'service a "' + '\\"x' * n + "\nservice b\n"

    def work(n: int) -> int:
        parser = Parser(shipped_table())
        parser.master = _CountingLexer(parser.master)
        result = parser.parse(make(n), "x.arch")
        assert result.errors[0].message == "unterminated string"
        return parser.master.work

    assert work(40_000) / work(10_000) < 6  # quadratic would be 16


def test_a_syntax_error_after_a_long_line_is_linear():
    def make(n: int) -> str:
        return "service a\nservice b [tags=[" + ", ".join(["x"] * n) + "]]\nservice c [replicas=\n"

    assert parse(make(10), "x.arch").errors[0].location.line == 3
    assert _growth(make, 4_000) < 8  # quadratic would be 16


def test_nested_lists_take_linear_memory_and_are_reported_once():
    def make(n: int) -> str:
        return "service a [tags=" + "[" * n + "x" + "]" * n + "]\n"

    def peak(n: int) -> int:
        tracemalloc.start()
        parse(make(n), "x.arch")
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    findings = lint_text(make(50), "x.arch", isolated=True).findings
    assert [(f.rule, f.message) for f in findings] == [("invalid-value", "a list cannot hold another list")]
    peak(500)  # warm up
    assert peak(16_000) / peak(4_000) < 6  # quadratic would be 16


def test_an_integer_of_thousands_of_digits_is_a_clear_error():
    result = lint_text("service a [replicas=" + "9" * 5000 + "]\n", "x.arch", isolated=True)
    assert not result.errors
    [finding] = [f for f in result.findings if f.rule == "invalid-value"]
    assert "out of range" in finding.message and len(finding.message) < 120
    assert (finding.location.line, finding.location.column) == (1, 21)


def test_the_default_parser_is_built_once():
    assert default_parser() is default_parser()
