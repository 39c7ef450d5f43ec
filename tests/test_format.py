"""`archlint format`: the layout, the comments, the safety check, and the command as a user runs it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archlint.format import NotParsed, Unsafe, format_markdown, format_text
from archlint.format.layout import is_pragma
from archlint.parser import parse
from conftest import ROOT, assert_no_traceback, run_cli
from test_properties import _GENERATE

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

GRAMMAR_CASES = tomllib.loads((ROOT / "tests" / "language" / "grammar_cases.toml").read_text(encoding="utf-8"))
VALID = [(case["name"], case["src"]) for case in GRAMMAR_CASES["valid"]]
TOKEN = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"|#[^\n]*|->|~>|[\[\]{},=]|[^\s\[\]{},="#]+')


def _same_design(before: str, after: str) -> None:
    from archlint.format import _shape

    old, new = parse(before, "a.arch"), parse(after, "a.arch")
    assert new.tree is not None, new.errors
    assert _shape(old.tree.statements) == _shape(new.tree.statements)
    assert sorted(c.text.rstrip() for c in old.tree.comments) == sorted(c.text.rstrip() for c in new.tree.comments)


def _formats(text: str) -> str:
    once = format_text(text, "a.arch")
    _same_design(text, once)
    assert format_text(once, "a.arch") == once, "formatting twice differs from formatting once"
    return once


# --- the layout -------------------------------------------------------------------------------

LAYOUTS = [
    ("one statement per line, lists normalised",
     'title  "T"   slo [ availability = 99.9% , ]\nservice api [replicas=2,zones = 2,] database db []\n'
     'api->db[op=read , reads=[ 1k/s ,]]\n',
     'title "T"\nslo [availability=99.9%]\nservice  api [replicas=2, zones=2]\ndatabase db\n'
     'api -> db [op=read, reads=[1k/s]]\n'),
    ("a run of declarations aligns kinds, ids, labels and attribute lists",
     'client browser "Browsers"\ncdn edge "CDN" [managed=true]\nlb alb "Public load balancer" [managed=true]\n'
     '\nservice api [replicas=2]\n',
     'client browser "Browsers"\ncdn    edge    "CDN"                  [managed=true]\n'
     'lb     alb     "Public load balancer" [managed=true]\n\nservice api [replicas=2]\n'),
    ("blocks are indented and their `=` aligned; a block ends a run",
     'region eu {\nservice api "API" [replicas=2]\ndatabase db "DB" { engine=postgres, replicas = 2 }\n'
     'cache c\n}\n',
     'region eu {\n  service  api "API" [replicas=2]\n  database db  "DB" {\n    engine   = postgres\n'
     '    replicas = 2\n  }\n  cache c\n}\n'),
    ("blank-line groups are kept, runs of blank lines become one, none at the ends",
     '\n\nservice a\n\n\n\nservice b\nservice c\n\n',
     'service a\n\nservice b\nservice c\n'),
    ("edges in a run align their attribute lists",
     'a -> b "call" [proto=https]\na ~> q [signal=metrics]\nb, c -> d -> e\n',
     'a -> b "call" [proto=https]\na ~> q        [signal=metrics]\nb, c -> d -> e\n'),
    ("an empty group and an empty block",
     'group g { }\nservice s {}\nservice t [] { }\n',
     'group g {}\nservice s\nservice t\n'),
    ("labels and strings keep their escapes",
     'title "Caf\\u00e9 \\"x\\""\nservice api "A \\u2014 B" [owner="t\\/1"]\n',
     'title "Caf\\u00e9 \\"x\\""\nservice api "A \\u2014 B" [owner="t\\/1"]\n'),
]


@pytest.mark.parametrize("name,before,after", LAYOUTS, ids=[case[0] for case in LAYOUTS])
def test_layout(name, before, after):
    assert _formats(before) == after


COMMENTS = [
    ("leading, trailing, and at the end of the file",
     '# about the design\ntitle "T"   # trailing\n\n# before api\nservice api\n# the end\n',
     '# about the design\ntitle "T"  # trailing\n\n# before api\nservice api\n# the end\n'),
    ("inside blocks: after the brace, between attributes, at the end, after the closing brace",
     'region eu {   # the region\n  # first\n  service api\n  # last in eu\n}  # closed\n'
     'database db { # header\n engine = postgres # pg\n # closing\n} # after\n',
     'region eu {  # the region\n  # first\n  service api\n  # last in eu\n}  # closed\n'
     'database db {  # header\n  engine = postgres  # pg\n  # closing\n}  # after\n'),
    ("trailing comments of consecutive lines are aligned",
     'service a [replicas=2] # one\nservice bb # two\n',
     'service a [replicas=2]  # one\nservice bb              # two\n'),
    ("inside a statement split over lines: the first line's stays, others go above",
     'a -> b  # first line\n  -> c # second line\n  [proto=https]\n',
     '# second line\na -> b -> c [proto=https]  # first line\n'),
    ("pragmas stay on the statement they bind to",
     'service k [replicas=1]  # archlint: ignore[single-point-of-failure] -- by design\n'
     'service m [\n  replicas=1,  # archlint: ignore[single-point-of-failure] -- binds to m\n]\n'
     'database d {\n  replicas = 1  # archlint: ignore[R001] -- inside the block\n}\n'
     'group g { service x }  # archlint: ignore[R001] -- the whole group\n',
     'service  k [replicas=1]  # archlint: ignore[single-point-of-failure] -- by design\n'
     'service  m [replicas=1]  # archlint: ignore[single-point-of-failure] -- binds to m\n'
     'database d {\n  replicas = 1  # archlint: ignore[R001] -- inside the block\n}\n'
     'group g {  # archlint: ignore[R001] -- the whole group\n  service x\n}\n'),
]


@pytest.mark.parametrize("name,before,after", COMMENTS, ids=[case[0] for case in COMMENTS])
def test_comments(name, before, after):
    assert _formats(before) == after


def _gaps(src: str) -> list[int]:
    return [match.end() for match in TOKEN.finditer(src) if not match.group().startswith("#")]


@pytest.mark.parametrize("name,src", VALID, ids=[case[0] for case in VALID])
def test_a_comment_survives_between_any_two_tokens_of_every_grammar_case(name, src):
    for number, gap in enumerate(_gaps(src)):
        text = src[:gap] + f"  # note {number}\n" + src[gap:]
        once = _formats(text)
        assert f"# note {number}" in once


@pytest.mark.parametrize("name,src", VALID, ids=[case[0] for case in VALID])
def test_a_pragma_after_any_line_of_every_grammar_case_keeps_its_binding(name, src):
    """The safety check compares what each pragma binds to, so formatting succeeding is the proof."""
    lines = src.split("\n")
    for number, line in enumerate(lines):
        if not line.strip() or "#" in line:
            continue
        changed = lines[:number] + [line + f"  # archlint: ignore[R001] -- reason {number}"] + lines[number + 1:]
        once = _formats("\n".join(changed))
        assert f"reason {number}" in once


# --- generated designs ------------------------------------------------------------------------

def _relayout(text: str, choices: list[int]) -> str:
    """The same tokens with other blanks between them (and comments in some gaps)."""
    blanks = [" ", "\n", "   ", "\n\n", "\t", "  # a comment\n"]
    out, last, index = [], 0, 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            gap = text[last:match.start()]
            out.append(gap if "\n" in gap and "#" in out[-1] else blanks[choices[index % len(choices)] % len(blanks)])
            index += 1
        out.append(match.group())
        last = match.end()
    return "".join(out) + "\n"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=19, max_value=80), st.integers(min_value=0, max_value=10_000))
def test_generated_designs_format_idempotently_to_the_same_design(size, seed):
    _formats(_GENERATE(size, seed))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10_000), st.lists(st.integers(min_value=0, max_value=5), min_size=1))
def test_any_layout_of_a_generated_design_formats_to_the_same_design(seed, choices):
    text = _GENERATE(19, seed)
    relaid = _relayout(text, choices)
    if parse(relaid, "a.arch").tree is None:  # a pragma or comment now swallows a token: not this test's subject
        return
    try:
        _formats(relaid)
    except Unsafe:
        pragmas = [c for c in parse(relaid, "a.arch").tree.comments if is_pragma(c)]
        assert pragmas, "only a pragma whose statement was split over lines may refuse"


def test_text_that_does_not_parse_is_not_formatted():
    with pytest.raises(NotParsed) as raised:
        format_text("service a [replicas=2,\n", "a.arch")
    assert raised.value.findings[0].code == "L001"


def test_a_layout_that_would_move_a_pragma_is_refused():
    text = ('service m [\n  replicas=1,  # archlint: ignore[R001] -- one\n'
            '  zones=1,  # archlint: ignore[R002] -- two\n]\n')
    with pytest.raises(Unsafe, match="suppression"):
        format_text(text, "a.arch")


# --- Markdown ---------------------------------------------------------------------------------

def test_markdown_formats_arch_blocks_and_nothing_else():
    text = ("# Title  \n\n```arch\nservice a [replicas=2,]\n```\n\n  * item   \n\n```python\nx  =  1\n```\n"
            "   ```arch\n   database   db\n   ```\n")
    result = format_markdown(text, "d.md")
    assert result.problems == []
    assert result.text == ("# Title  \n\n```arch\nservice a [replicas=2]\n```\n\n  * item   \n\n```python\nx  =  1\n"
                           "```\n   ```arch\n   database db\n   ```\n")


def test_markdown_block_that_does_not_parse_is_left_as_written():
    text = "Intro.\n\n```arch\nservice a [\n```\n\n```arch\nservice  b\n```\n"
    result = format_markdown(text, "d.md")
    assert result.text == "Intro.\n\n```arch\nservice a [\n```\n\n```arch\nservice b\n```\n"
    assert isinstance(result.problems[0], NotParsed)
    assert result.problems[0].findings[0].location[1:3] == (4, 12)  # the document's line


# --- the examples and the docs ----------------------------------------------------------------

DESIGN_DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "examples" / "README.md"]
# Generated from the rules' docstrings: checked for meaning and idempotence, not for layout.
GENERATED = {ROOT / "docs" / "rules.md"}
# Blocks that show a layout on purpose (and every ```arch before block of docs/editors.md); each
# is still checked to format to the same design.
REVIEWED = {
    "service a [replicas=2, zones=2,]": "docs/language.md shows where trailing commas are allowed",
}
BEFORE = "arch before"


def _designs(path: Path):
    from archlint import markdown

    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for block in markdown.arch_blocks(text):
        yield block, "\n".join(lines[block.start - 1:block.end]) + "\n"


@pytest.mark.parametrize("path", sorted((ROOT / "examples").rglob("*.arch")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_example_is_formatted(path):
    text = path.read_text(encoding="utf-8")
    assert _formats(text) == text, f"run: archlint format {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", DESIGN_DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_design_in_the_docs_is_formatted(path):
    for block, design in _designs(path):
        once = _formats(design)
        if path in GENERATED or block.info == BEFORE or design.strip().split("\n")[0] in REVIEWED:
            continue
        assert once == design, f"{path.name}:{block.fence_line}: run: archlint format {path.relative_to(ROOT)}"


def test_the_formatter_rules_in_the_docs_show_what_it_does():
    designs = list(_designs(ROOT / "docs" / "editors.md"))
    pairs = [(before, after) for (block, before), (_, after) in zip(designs, designs[1:]) if block.info == BEFORE]
    assert len(pairs) >= 6
    for before, after in pairs:
        assert format_text(before, "editors.md") == after


# --- the command ------------------------------------------------------------------------------

UGLY = "service api [replicas=2,]\ndatabase   db\napi->db\n"
PRETTY = "service  api [replicas=2]\ndatabase db\napi -> db\n"


def test_format_rewrites_files_and_check_then_passes(tmp_path):
    design = tmp_path / "a.arch"
    design.write_text(UGLY)
    checked = run_cli("format", "--check", design)
    assert checked.returncode == 1 and "would reformat" in checked.stderr
    assert design.read_text() == UGLY
    written = run_cli("format", design)
    assert written.returncode == 0, written.stderr
    assert design.read_text() == PRETTY
    again = run_cli("format", "--check", design)
    assert again.returncode == 0 and "1 file would be left unchanged" in again.stderr


def test_format_diff_writes_nothing(tmp_path):
    design = tmp_path / "a.arch"
    design.write_text(UGLY)
    shown = run_cli("format", "--diff", design)
    assert shown.returncode == 0
    assert "\n-api->db\n" in shown.stdout and "\n+api -> db\n" in shown.stdout
    assert design.read_text() == UGLY


def test_format_stdin_to_stdout():
    process = run_cli("format", "-", input=UGLY)
    assert process.returncode == 0 and process.stdout == PRETTY
    markdown = run_cli("format", "-", "--stdin-filename", "doc.md", input="text  \n```arch\n" + UGLY + "```\n")
    assert markdown.stdout == "text  \n```arch\n" + PRETTY + "```\n"


def test_format_refuses_what_does_not_parse_and_leaves_it(tmp_path):
    design = tmp_path / "a.arch"
    design.write_bytes(b"service a [replicas=2,\n")
    process = run_cli("format", design)
    assert process.returncode == 2
    assert_no_traceback(process)
    assert f"{design}:1:23" in process.stderr and "^" in process.stderr
    assert design.read_bytes() == b"service a [replicas=2,\n"


def test_format_keeps_line_endings_and_byte_order_mark(tmp_path):
    design = tmp_path / "a.arch"
    design.write_bytes(b"\xef\xbb\xbf" + UGLY.replace("\n", "\r\n").encode())
    assert run_cli("format", design).returncode == 0
    assert design.read_bytes() == b"\xef\xbb\xbf" + PRETTY.replace("\n", "\r\n").encode()


def test_format_leaves_markdown_with_mixed_line_endings(tmp_path):
    doc = tmp_path / "d.md"
    data = b"a\r\nb\n```arch\n" + UGLY.encode() + b"```\n"
    doc.write_bytes(data)
    process = run_cli("format", doc)
    assert process.returncode == 2 and "mixed line endings" in process.stderr
    assert doc.read_bytes() == data


def test_format_directories_as_check_finds_them(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.arch").write_text(UGLY)
    (tmp_path / "notes.md").write_text("```arch\n" + UGLY + "```\n")  # Markdown only with `markdown = true`
    process = run_cli("format", tmp_path)
    assert process.returncode == 0, process.stderr
    assert (tmp_path / "sub" / "a.arch").read_text() == PRETTY
    assert (tmp_path / "notes.md").read_text() == "```arch\n" + UGLY + "```\n"


def test_format_usage_errors(tmp_path):
    process = run_cli("format", "-", "x.arch")
    assert process.returncode == 2 and "standard input" in process.stderr
    missing = run_cli("format", tmp_path / "missing.arch")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert_no_traceback(missing)
