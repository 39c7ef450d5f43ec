"""No input a user can type produces a traceback, and every place reported is inside the file."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.linter import lint_text

WORDS = ["service", "database", "client", "region", "zone", "group", "title", "include", "slo", "->", "~>",
         "[", "]", "{", "}", ",", "=", '"x"', "api", "db", "replicas", "3", "40k/s", "99.9%", "#", "\n",
         "archlint: ignore[R001]", "--", "true", "1.5M", "-1", "\"", "\\", "\t", "é", "\x00"]


def _check_locations(text: str) -> None:
    result = lint_text(text, "fuzz.arch", isolated=True)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for finding in result.findings:
        loc = finding.location
        if loc.file != "fuzz.arch":
            continue
        assert 1 <= loc.line <= len(lines), (finding, text)
        assert 1 <= loc.column <= len(lines[loc.line - 1]) + 1, (finding, text)
        assert (loc.end_line, loc.end_column) >= (loc.line, loc.column)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200))
def test_random_text(text):
    _check_locations(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join))
def test_token_soup(text):
    _check_locations(text)


def _both_paths(text: str):
    """The tree from archlint's parser and from Lark's reference parser, or the error each reports."""
    from lark_reference import reference_parse

    from archlint.parser import parse

    fast = parse(text, "x.arch")
    slow = reference_parse(text)
    if fast.tree is None:
        finding = fast.errors[0]  # Lark stops at the first error; archlint's parser goes on
        return (finding.location, finding.message, finding.help), slow
    return (repr(fast.tree.statements), repr(fast.tree.comments)), slow


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["a", "b", "\n", " ", "[x=1]", "{ y = 2 }"]), max_size=40).map(" ".join))
def test_fast_path_and_lark_agree(text):
    fast, slow = _both_paths(text)
    assert fast == slow


def test_fast_path_and_lark_agree_on_the_examples():
    from conftest import EXAMPLES

    for path in EXAMPLES.rglob("*.arch"):
        fast, slow = _both_paths(path.read_text(encoding="utf-8"))
        assert fast is not None and fast == slow, path


def _generator():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("archlint_bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_GENERATE = _generator().generate


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=19, max_value=120), st.integers(min_value=0, max_value=10_000))
def test_generated_valid_designs_load_cleanly(size, seed):
    text = _GENERATE(size, seed)
    result = lint_text(text, "fuzz.arch", isolated=True)
    assert not [f for f in result.findings if f.code.startswith("L")], result.findings[:3]
    assert not result.errors
    _check_locations(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=10_000),
    st.lists(
        st.tuples(st.sampled_from(["delete", "insert", "replace", "duplicate_line", "swap_lines"]),
                  st.integers(min_value=0), st.sampled_from(WORDS + ["a", "}", "{", "]", "[", "\n"])),
        min_size=1, max_size=4,
    ),
)
def test_mutated_valid_designs_never_crash(seed, mutations):
    _check_locations(_mutated(_GENERATE(19, seed), mutations))


def _mutated(text: str, mutations) -> str:
    for operation, where, word in mutations:
        lines = text.split("\n")
        if operation == "delete":
            at = where % (len(text) or 1)
            text = text[:at] + text[at + 1 + where % 7:]
        elif operation == "insert":
            at = where % (len(text) + 1)
            text = text[:at] + word + text[at:]
        elif operation == "replace":
            at = where % (len(text) or 1)
            text = text[:at] + word + text[at + len(word):]
        elif operation == "duplicate_line":
            at = where % len(lines)
            lines.insert(at, lines[at])
            text = "\n".join(lines)
        else:
            a, b = where % len(lines), (where // 7) % len(lines)
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
    return text


def _both_loads(files: dict[str, str]):
    """The design and findings of `root.arch` loaded as the parser streams its statements, and
    loaded from whole syntax trees (what a load with a syntax error falls back to)."""
    from archlint.loader import _load
    from archlint.sources import SourceUnreadable

    def reader(path: str) -> str:
        name = path.rsplit("/", 1)[-1]
        if name not in files:
            raise SourceUnreadable(f"cannot read {path}: no such file")
        return files[name]

    loads = []
    for streaming in (True, False):
        result = _load("/project/root.arch", None, None, reader, streaming=streaming)
        loads.append((result.design, result.findings, result.sources))
    return loads


_BAD_LITERALS = ["5mx", "[x=5mx]", '"bad\\q"', '[owner="a\\q"]']  # reported by the parser, not the loader
_PRAGMAS = ["# archlint: ignore[R001] -- why", "# archlint: ignore-file[R004]", "# archlint: nonsense"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0),
       st.lists(st.tuples(st.sampled_from(["insert", "replace", "duplicate_line", "swap_lines", "delete"]),
                          st.integers(min_value=0), st.sampled_from(WORDS + _PRAGMAS + _BAD_LITERALS + ["}", "{", "\n"])),
                max_size=4))
def test_a_streamed_load_equals_a_load_from_trees(seed, include_at, mutations):
    """Statements taken one by one as they are parsed make the same design, findings and pragma
    bindings as whole trees walked after the parse, with an include anywhere and broken text."""
    lines = _GENERATE(19, seed).split("\n")
    for index, line in enumerate(lines):  # pragmas on statements, groups, a block's lines, blank lines
        if index % 9 == 4:
            lines[index] = line + "  " + _PRAGMAS[0]
    lines[0] += "  " + _PRAGMAS[1]
    lines.insert(include_at % len(lines), 'include "part.arch"')
    part = _mutated("service extra_one [replicas=2]\nzone extra_zone { cache extra_cache }\nextra_one -> extra_cache",
                    mutations[:1])
    streamed, from_trees = _both_loads({"root.arch": _mutated("\n".join(lines), mutations), "part.arch": part})
    assert streamed == from_trees


@pytest.mark.parametrize("root, part", [
    # a literal the parser rejects, then a finding of the loader's in the same file
    ('service a [replicas=5mx]\nservice a\ninclude "part.arch"', 'service b "a\\q"\nservice b'),
    # a group and a statement starting on the pragma's line; a block's inner line
    ('zone z { service a }  # archlint: ignore[R001]\nservice b {\n  replicas = 2  # archlint: ignore[R001]\n}', ""),
    # the same group id twice, nested groups, an include inside a group
    ('region r { zone z { service a } }\nzone z { service b\n include "part.arch" }', "service c\nc -> a"),
    # a syntax error after statements (and an include) were taken: only the tree load is kept
    ('service a\ninclude "part.arch"\nzone z { service b\nservice c [replicas=3', "service d\nservice a"),
    ('service a\ninclude "part.arch"', "zone z { service d"),
])
def test_streamed_and_tree_loads_agree_on(root, part):
    streamed, from_trees = _both_loads({"root.arch": root, "part.arch": part})
    assert streamed == from_trees
    design, findings, _ = streamed
    assert findings or design.pragmas, "each case has findings or bound pragmas to compare"
