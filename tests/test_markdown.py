"""Designs in Markdown documents: every ```arch block is a design, reported at its place in the
document. The CLI runs once per test on a small document of the test's own."""

from __future__ import annotations

import json
import textwrap

from conftest import ROOT, assert_no_traceback, run_cli

from archlint import markdown
from archlint.linter import lint, lint_text

# Line numbers matter below: they are the document's.
DOC = """\
# Orders service

Before the review:

```arch
client browser
service api [replicas=2, zones=2]
database orders
browser -> api -> orders
```

After the review, with the shared telemetry:

  ~~~ arch title="after"
  include "../shared/telemetry.arch"
  client browser
  service api [replicas=2, zones=2]
  database orders [replicas=3, zones=3]
  cache hot [replicas=2, zones=2]
  browser -> api -> orders
  api -> hot
  api ~> metrics [signal=metrics]
  ~~~

A block in another language is not a design, even when it shows one:

````markdown
```arch
service broken [
```
````

Neither is `arch` in running text, nor a ```` ```arch ```` span.
"""
TELEMETRY = "observability metrics [managed=true]\n"


def _project(tmp_path, doc: str = DOC):
    (tmp_path / "archlint.toml").write_text("")
    (tmp_path / "docs").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "telemetry.arch").write_text(TELEMETRY)
    (tmp_path / "docs" / "design.md").write_text(doc)
    return tmp_path / "docs" / "design.md"


def _places(process) -> list[tuple]:
    document = json.loads(process.stdout)
    return [(f["file"], f["line"], f["column"], f["code"], f["element"]) for f in document["findings"]]


def test_every_block_is_a_design_reported_at_its_place_in_the_document(tmp_path):
    _project(tmp_path)
    process = run_cli("docs/design.md", "--output-format", "json", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    assert_no_traceback(process)
    # Block 1 has no telemetry: the finding about the whole design points at its opening fence.
    # Block 2 (indented two spaces) includes the telemetry relative to the document and is clean.
    assert _places(process) == [
        ("docs/design.md", 5, 1, "O001", None),
        ("docs/design.md", 8, 10, "R001", "orders"),
    ]
    assert json.loads(process.stdout)["files"] == ["docs/design.md"]


def test_columns_of_an_indented_fence_are_the_documents(tmp_path):
    doc = DOC.replace("  database orders [replicas=3, zones=3]", "  database orders [replicas=3, zones=3, replcas=2]")
    _project(tmp_path, doc)
    result = lint(str(tmp_path / "docs" / "design.md"))
    typo = [f for f in result.active if f.code == "L006"]
    assert [(f.location.line, f.location.column) for f in typo] == [(18, 41)]
    assert doc.splitlines()[17][40:47] == "replcas"


def test_syntax_error_inside_a_block_points_into_the_document(tmp_path):
    doc = "Intro\n\n```arch\nclient c\nservice api [replicas=2\nc -> api\n```\n\nMore text, then a good block:\n\n```arch\nservice x [replcas=2]\n```\n"
    path = tmp_path / "d.md"
    path.write_text(doc)
    process = run_cli(path.name, "--isolated", "--output-format", "concise", cwd=tmp_path)
    assert process.returncode == 1
    lines = process.stdout.splitlines()
    assert lines[0].startswith("d.md:6:1: L001 ")  # where `c -> api` meets the unclosed `[`
    assert lines[1].startswith("d.md:11:1: O001 ")  # the other block is still judged
    assert lines[2].startswith("d.md:12:12: L006 ")
    assert_no_traceback(process)


def test_code_frame_shows_the_markdown_line(tmp_path):
    _project(tmp_path)
    process = run_cli("docs/design.md", cwd=tmp_path)
    out = process.stdout
    assert " --> docs/design.md:8:10" in out
    assert "8 | database orders\n" in out
    assert "5 | ```arch\n" in out  # the design-wide finding's frame is the fence


def test_a_document_without_designs_is_clean(tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n\n```python\nprint('hi')\n```\n")
    process = run_cli("notes.md", "--isolated", cwd=tmp_path)
    assert process.returncode == 0 and process.stderr == ""
    assert "All checks passed!" in process.stdout


def test_directories_pick_up_markdown_only_when_configured(tmp_path):
    _project(tmp_path)
    (tmp_path / "docs" / "notes.md").write_text("# Notes without designs\n")
    (tmp_path / "docs" / "plain.arch").write_text("service a [replicas=2, zones=2]\n")
    without = json.loads(run_cli(".", "--output-format", "json", "--select", "R", cwd=tmp_path).stdout)
    assert without["files"] == ["docs/plain.arch", "shared/telemetry.arch"]
    (tmp_path / "archlint.toml").write_text("markdown = true\n")
    process = run_cli(".", "--output-format", "json", "--select", "R", cwd=tmp_path)
    document = json.loads(process.stdout)
    assert document["files"] == ["docs/design.md", "docs/plain.arch", "shared/telemetry.arch"]  # no notes.md
    assert [(f["file"], f["line"]) for f in document["findings"]] == [("docs/design.md", 8)]


def test_pragmas_inside_a_block(tmp_path):
    doc = textwrap.dedent("""\
        ```arch
        client browser
        service api [replicas=2, zones=2]
        database orders  # archlint: ignore[single-point-of-failure] -- rebuilt nightly
        browser -> api -> orders
        ```
        """)
    result = lint_text(doc, str(tmp_path / "d.md"), isolated=True, select=["R001"])
    assert [(f.code, f.location.line, f.suppressed) for f in result.findings] == [("R001", 4, True)]


def test_each_block_is_its_own_design():
    doc = "```arch\nservice a\n```\n\n```arch\nservice a\n```\n"  # one id twice, but in two designs
    result = lint_text(doc, "twice.md", isolated=True, select=["L"])
    assert result.findings == [] and len(result.designs) == 2


# --- the fence scanner ------------------------------------------------------------------------
def test_fences_follow_commonmark():
    text = "\n".join([
        "```arch",           # 1: a design
        "a",                 # 2
        "~~~",               # 3: not the closing fence: another character
        "``",                # 4: not a fence: too short
        "```",               # 5: closes block 1
        "    ```arch",       # 6: indented code, not a fence
        "```` arch extra",   # 7: a design; its info string starts with the word `arch`
        "```",               # 8: too short to close a four-backtick fence
        "````",              # 9: closes
        "```architecture",   # 10: another language
        "```",               # 11
        "``` arch `x`",      # 12: backticks in a backtick info string: not a fence
        "~~~arch",           # 13: unclosed: runs to the end
        "b",                 # 14
    ])
    found = [(b.fence_line, b.start, b.end, b.is_design) for b in markdown.blocks(text)]
    assert found == [(1, 2, 4, True), (7, 8, 8, True), (10, 11, 10, False), (13, 14, 14, True)]
    design = markdown.design_text(text, markdown.blocks(text)[0])
    assert design.split("\n")[:4] == ["", "a", "~~~", "``"]


# --- the documentation ----------------------------------------------------------------------------
WORKFLOWS = ROOT / "docs" / "workflows.md"


def _blocks(path, info: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    return ["\n".join(lines[b.start - 1 : b.end]) + "\n" for b in markdown.blocks(text) if b.info == info]


def test_every_design_on_the_workflows_page_loads():
    result = lint(str(WORKFLOWS), isolated=True)
    assert len(result.designs) == len(_blocks(WORKFLOWS, "arch")) >= 1
    assert [f for f in result.findings if f.code.startswith(("L", "N"))] == []


def test_the_documented_markdown_example(tmp_path):
    (document,) = _blocks(WORKFLOWS, "markdown")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "orders.md").write_text(document)
    assert len(markdown.arch_blocks(document)) == 1
    console = next(block for block in _blocks(WORKFLOWS, "console") if block.startswith("$ archlint docs/orders.md\n"))
    command, expected = console.split("\n", 1)
    process = run_cli(*command.split()[2:], "--isolated", cwd=tmp_path)
    assert process.returncode == 1 and process.stdout == expected


# --- CommonMark containers, one block at a time, linear in the blocks ---------------------------
NESTED = """\
# Designs

- the checkout:

  ```arch checkout
  client web
  servce api
  ```

> ## Quoted
>
> ```arch
> client web
> service api [replicas=2, zones=2]
> web -> db
> ```
"""


def test_blocks_in_list_items_and_block_quotes_are_designs_at_their_exact_place(tmp_path):
    (tmp_path / "nested.md").write_text(NESTED)
    process = run_cli("nested.md", "--isolated", "--output-format", "json", cwd=tmp_path)
    assert process.returncode == 1, process.stderr
    places = [(f["code"], f["line"], f["column"], f["end_column"]) for f in json.loads(process.stdout)["findings"]]
    assert ("L005", 7, 3, 9) in places  # `servce` under the list item's indent
    assert ("L002", 15, 10, 12) in places  # `db` behind the quote's `> `
    assert_no_traceback(process)
    blocks = markdown.arch_blocks(NESTED)
    assert [(b.fence_line, b.name, b.heading) for b in blocks] == [(5, "checkout", "Designs"), (12, None, "Quoted")]


def test_render_picks_a_block_by_number_name_or_heading(tmp_path):
    (tmp_path / "nested.md").write_text(NESTED.replace("servce api", "service api [replicas=2, zones=2]")
                                        .replace("web -> db", "web -> api"))
    several = run_cli("render", "nested.md", "--output-format", "dot", "--isolated", cwd=tmp_path)
    assert several.returncode == 2
    assert 'pick one with --block: 1 (line 5, `checkout`, under "Designs"); 2 (line 12, under "Quoted")' in several.stderr
    for key in ("1", "checkout", "Checkout"):
        picked = run_cli("render", "nested.md", "--block", key, "--output-format", "dot", "--isolated", cwd=tmp_path)
        assert picked.returncode == 0 and picked.stdout.startswith("digraph"), picked.stderr
    by_heading = run_cli("render", "nested.md", "--block", "quoted", "--output-format", "dot", "--isolated", cwd=tmp_path)
    assert by_heading.returncode == 0 and "api" in by_heading.stdout
    unknown = run_cli("render", "nested.md", "--block", "payments", "--isolated", cwd=tmp_path)
    assert unknown.returncode == 2 and "no arch block `payments`" in unknown.stderr


def test_render_of_a_document_without_designs_says_so(tmp_path):
    (tmp_path / "notes.md").write_text("# Notes\n\n```python\nprint()\n```\n")
    process = run_cli("render", "notes.md", "--isolated", cwd=tmp_path)
    assert process.returncode == 2 and "holds no ```arch block; there is nothing to draw" in process.stderr
    assert "All checks passed!" not in process.stdout + process.stderr


def test_many_blocks_cost_what_their_lines_cost():
    """What the loader reads for N blocks is the blocks' lines (plus one each), not N copies
    of the document (which made 10,000 blocks quadratic); each block's findings still land on
    the document's lines."""
    def document(count: int) -> str:
        return "".join(f"## d{n}\n\n```arch\nservice s{n} [replicas=2, zones=2]\n```\n\n" for n in range(count))

    for count in (500, 2000):
        text = document(count)
        blocks = markdown.arch_blocks(text)
        assert len(blocks) == count
        assert sum(len(markdown.block_text(b)) for b in blocks) < len(text)
    result = lint_text(document(300), "many.md", isolated=True)
    assert [f.location.line for f in result.findings] == [6 * n + 3 for n in range(300)]  # each at its fence


def test_markdown_it_is_loaded_only_for_markdown(tmp_path):
    """A plain lint of a .arch file never pays for the Markdown parser; a .md lint loads it."""
    import subprocess
    import sys

    (tmp_path / "d.arch").write_text("service s [replicas=2, zones=2]\n")
    (tmp_path / "d.md").write_text("```arch\nservice s [replicas=2, zones=2]\n```\n")
    probe = ("import sys; from archlint.cli import run; run([sys.argv[1], '--isolated', '--no-cache', "
             "'--output-format', 'json']); print('markdown_it' in sys.modules, file=sys.stderr)")
    loaded = {}
    for name in ("d.arch", "d.md"):
        process = subprocess.run([sys.executable, "-c", probe, name], cwd=tmp_path, capture_output=True, text=True,
                                 timeout=120)
        loaded[name] = process.stderr.strip().splitlines()[-1]
    assert loaded == {"d.arch": "False", "d.md": "True"}
