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
    """The best of five parses of `text` in CPU seconds of this process: other processes on the
    machine do not count, and the best is the least disturbed by what does."""
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        parse(text, "x.arch")
        best = min(best, time.process_time() - start)
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


class _Taken:
    """A sink that notes what it is handed, and how far the parse had got by then."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str, int]] = []

    def open_group(self, node) -> None:
        self.events.append(("open", node.id, node.span[0]))

    def statement(self, node) -> None:
        name = getattr(node, "id", None) or type(node).__name__
        self.events.append(("group" if type(node).__name__ == "GroupNode" else "statement", name, node.span[0]))


def test_a_sink_is_handed_each_statement_in_order_and_no_tree_is_kept():
    text = ('title "t"\nservice a\nregion r "R" [availability=99.9%] {\n  zone z {\n    service b\n  }\n'
            '  b -> a\n}\nservice c\n')
    taken = _Taken()
    result = parse(text, "x.arch", taken)
    assert result.errors == [] and result.tree.statements == []
    assert taken.events == [
        ("statement", "TitleNode", 1), ("statement", "a", 2), ("open", "r", 3), ("open", "z", 4),
        ("statement", "b", 5), ("group", "z", 4), ("statement", "EdgeNode", 7), ("group", "r", 3),
        ("statement", "c", 9),
    ]
    tree = parse(text, "x.arch").tree  # without a sink, the same statements as a tree
    assert [type(node).__name__ for node in tree.statements] == ["TitleNode", "ComponentNode", "GroupNode",
                                                                  "ComponentNode"]
    assert tree.statements[2].span == (3, 1, 8, 2) and tree.statements[2].header_span == (3, 1, 3, 36)


def test_a_sink_is_given_nothing_after_the_first_syntax_error():
    taken = _Taken()
    result = parse("service a\nservice b [replicas=\nservice c\nservice d [\n", "x.arch", taken)
    assert result.tree is None and len(result.errors) == 1 and result.errors[0].location.line == 3
    assert [name for _, name, _ in taken.events] == ["a"]
    assert len(parse("service a\nservice b [replicas=\nservice c\nservice d [\n", "x.arch").errors) == 2


def test_a_streamed_parse_keeps_no_tree_in_memory():
    """Handed to a sink, statements are not kept: the parse's peak memory stays that of one
    statement while a tree's grows with the file."""
    from test_properties import _GENERATE

    text = _GENERATE(2_000, 1)

    class Nothing:
        def open_group(self, node) -> None:
            pass

        def statement(self, node) -> None:
            pass

    def peak(sink) -> int:
        tracemalloc.start()
        parse(text, "x.arch", sink)
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    # The least of three: a one-off allocation elsewhere in the process (a table growing) is not
    # the parse's.
    assert min(peak(Nothing()) for _ in range(3)) * 10 < peak(None)


@pytest.mark.parametrize("text, lines", [
    # the group stays open after an error right after its `{`, as after an error later in its body
    ('region us {  ]\n  service a\n}\nservice b\n', [1]),
    ('group g {"\n  cache c\n}\n', [1]),
    ('zone z { =include "b.arch" }\nservice a\n', [1, 2]),
    ('zone z { service x =include "b.arch" }\nservice a\n', [1, 2]),
])
def test_recovery_after_an_error_at_a_groups_first_token_stays_in_the_group(text, lines):
    errors = parse(text, "x.arch").errors
    assert [error.location.line for error in errors] == lines, [error.message for error in errors]
