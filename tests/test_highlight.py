"""Highlighting: the TextMate grammars of editors/vscode (run by vscode-textmate, as VS Code runs
them) and the Pygments lexer, each checked against how archlint itself reads every example and
every design in the docs."""

from __future__ import annotations

import bisect
import functools
import json
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import lark
import pytest
from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace

from archlint import markdown
from archlint.highlight import ArchLexer
from archlint.language import ELEMENTS, KEYWORDS, KIND_ALIASES
from archlint.parser import parse
from archlint.syntax import ComponentNode, EdgeNode, GroupNode, SloNode
from conftest import EXAMPLES, ROOT

VSCODE = ROOT / "editors" / "vscode"
DESIGNS = sorted(EXAMPLES.glob("**/*.arch"))
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), EXAMPLES / "README.md"]
DOCUMENTS = [doc for doc in DOCUMENTS if markdown.arch_blocks(doc.read_text(encoding="utf-8"))]
ATTRIBUTES = {name for table in ELEMENTS.values() for name in table}
PRAGMA = re.compile(r"#\s*archlint\s*:\s*[\w-]+\s*\[(?P<rules>[^\]]*)\]")


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# --- what archlint reads: every word of a design with the scope it must have --------------------

def _attribute_roles(attrs, roles: dict) -> None:
    for attr in attrs:
        roles[attr.name_span[:2]] = ("support.type.property-name.arch" if attr.name in ATTRIBUTES
                                     else "variable.other.property.arch")
        pending = [attr.value]
        while pending:
            value = pending.pop()
            if value.kind == "list":
                pending.extend(value.value)
            elif value.kind == "bool":
                roles[value.span[:2]] = "constant.language.boolean.arch"


def _identifier_roles(statements) -> dict[tuple[int, int], str]:
    """(line, column) of each identifier the parser gives a role -> the scope it must have."""
    roles: dict[tuple[int, int], str] = {}
    pending = list(statements)
    while pending:
        statement = pending.pop()
        if isinstance(statement, ComponentNode):
            roles[statement.kind_span[:2]] = ("support.type.kind.arch" if statement.kind in KIND_ALIASES
                                              else "storage.type.kind.arch")
            roles[statement.id_span[:2]] = "entity.name.type.component.arch"
        elif isinstance(statement, GroupNode):
            roles[statement.id_span[:2]] = "entity.name.namespace.group.arch"
            pending.extend(statement.body)
        if isinstance(statement, (ComponentNode, EdgeNode, GroupNode, SloNode)):
            _attribute_roles(statement.attrs, roles)
    return roles


@functools.cache
def _lexer() -> lark.Lark:
    grammar = resources.files("archlint.grammar").joinpath("archlint.lark").read_text(encoding="utf-8")
    return lark.Lark(grammar, parser="lalr", lexer="basic")


TOKEN_SCOPES = {
    "TITLE": "keyword.other.statement.arch", "INCLUDE": "keyword.other.statement.arch",
    "SLO": "keyword.other.statement.arch", **{keyword.upper(): "storage.type.group.arch" for keyword in (
        "region", "zone", "boundary", "group")},
    "STRING": "string.quoted.double.arch", "NUMBER": "constant.numeric.arch",
    "LBRACK": "punctuation.section.brackets.begin.arch", "RBRACK": "punctuation.section.brackets.end.arch",
    "LBRACE": "punctuation.section.block.begin.arch", "RBRACE": "punctuation.section.block.end.arch",
    "_COMMA": "punctuation.separator.comma.arch", "_EQ": "keyword.operator.assignment.arch",
}


def expected_scopes(text: str) -> list[tuple[int, int, int, str]]:
    """(line, start, end, scope): every stretch of `text` (1-based lines, 0-based columns in
    characters) and the scope a faithful grammar gives it, from archlint's lexer and parser."""
    tree = parse(text, "x.arch").tree
    assert tree is not None
    roles = _identifier_roles(tree.statements)
    comments: list = []
    expected = []
    for token in _lexer().lex(text, dont_ignore=True):
        line, start, end = token.line, token.column - 1, token.end_column - 1
        if token.type == "COMMENT":
            comments.append(token)
        elif token.type == "IDENT":
            expected.append((line, start, end, roles.get((line, token.column), "variable.other.id.arch")))
        elif token.type == "ARROW":
            expected.append((line, start, end, "keyword.operator.arrow.sync.arch" if token == "->"
                             else "keyword.operator.arrow.async.arch"))
        elif token.type in TOKEN_SCOPES:
            expected.append((line, start, end, TOKEN_SCOPES[token.type]))
            unit = re.match(r"-?[0-9][0-9.]*", token) if token.type == "NUMBER" else None
            if unit and unit.end() < len(token):
                expected.append((line, start + unit.end(), end, "keyword.other.unit.arch"))
    for comment in comments:
        line, start, end = comment.line, comment.column - 1, comment.end_column - 1
        pragma = PRAGMA.match(comment)
        expected.append((line, start, end, "comment.line.number-sign.pragma.arch" if pragma
                         else "comment.line.number-sign.arch"))
        if pragma:
            for rule in re.finditer(r"[A-Za-z0-9_-]+", pragma.group("rules")):
                begin = start + pragma.start("rules") + rule.start()
                expected.append((line, begin, begin + len(rule.group()), "entity.name.tag.rule.arch"))
    return expected


# --- the grammars as VS Code runs them ------------------------------------------------------------

def _textmate_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (Node 20 runs vscode-textmate; .ci/run installs it)"
    if not (VSCODE / "node_modules" / "vscode-textmate").is_dir():
        return "editors/vscode/node_modules is absent: run `npm ci` in editors/vscode (.ci/run does)"
    return None


textmate = pytest.mark.skipif(_textmate_missing() is not None, reason=str(_textmate_missing()))


def tokenize(scope: str, texts: list[str]) -> list[list[list[tuple[int, int, list[str]]]]]:
    """Each text's lines, each a list of (start, end, scopes) in UTF-16 units."""
    process = subprocess.run(["node", str(VSCODE / "test" / "tokenize.js")], input=json.dumps(
        {"scope": scope, "texts": texts}), capture_output=True, text=True, timeout=120, cwd=VSCODE)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def _utf16(line: str, column: int) -> int:
    return len(line[:column].encode("utf-16-le")) // 2


def scopes_at(lines: list[str], tokens, line: int, column: int) -> list[str]:
    """The scopes of the character at (1-based line, 0-based column in characters)."""
    unit = _utf16(lines[line - 1], column)
    for start, end, scopes in tokens[line - 1]:
        if start <= unit < end:
            return scopes
    raise AssertionError(f"no token at {line}:{column + 1}")


def mismatches(name: str, lines: list[str], tokens, expected, shift: int = 0) -> list[str]:
    """Every character of every expected stretch must carry its scope (lines moved by `shift`)."""
    wrong = []
    for line, start, end, scope in expected:
        for column in range(start, end):
            found = scopes_at(lines, tokens, line + shift, column)
            if scope not in found:
                wrong.append(f"{name}:{line + shift}:{column + 1} {lines[line + shift - 1][start:end]!r}: "
                             f"{scope} not in {found[1:]}")
                break
    return wrong


def test_textmate_grammars_are_up_to_date():
    process = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_textmate.py"), "--check"],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert process.returncode == 0, process.stderr + "\nrun: python tools/gen_textmate.py"


def test_the_keywords_declared_are_the_grammars():
    """language.KEYWORDS feeds the highlighters and completion; the parser's grammar is the truth."""
    grammar = resources.files("archlint.grammar").joinpath("archlint.lark").read_text(encoding="utf-8")
    assert set(KEYWORDS) == set(re.findall(r'^[A-Z]+: "([a-z]+)"$', grammar, re.MULTILINE))


@textmate
def test_every_example_design_is_scoped_as_archlint_reads_it():
    texts = [design.read_text(encoding="utf-8") for design in DESIGNS]
    wrong = []
    for design, text, tokens in zip(DESIGNS, texts, tokenize("source.arch", texts)):
        expected = expected_scopes(text)
        assert len(expected) > 20
        wrong += mismatches(_name(design), text.split("\n"), tokens, expected)
    assert not wrong, "\n".join(wrong[:40])


@textmate
def test_every_design_in_the_docs_is_scoped_inside_markdown():
    """The Markdown grammar VS Code ships, with the extension's injection: each ```arch block
    is a design, scoped as archlint reads it; the lines around it are Markdown."""
    texts = [doc.read_text(encoding="utf-8") for doc in DOCUMENTS]
    wrong = []
    blocks = 0
    for doc, text, tokens in zip(DOCUMENTS, texts, tokenize("text.html.markdown", texts)):
        lines = text.split("\n")
        inside = set()
        for block in markdown.arch_blocks(text):
            blocks += 1
            shift = markdown.line_shift(block)
            wrong += mismatches(_name(doc), lines, tokens, expected_scopes(markdown.block_text(block)), shift)
            inside.update(range(block.start, block.end + 1))
        for number, line in enumerate(lines, 1):
            scopes = {scope for _, _, token in tokens[number - 1] for scope in token}
            embedded = "meta.embedded.block.arch" in scopes
            # A ```markdown example holding an ```arch block is Markdown in Markdown, coloured so.
            example = "meta.embedded.block.markdown" in scopes
            if line.strip() and embedded != (number in inside) and not (embedded and example):
                wrong.append(f"{_name(doc)}:{number}: {'inside' if embedded else 'outside'} an arch block: {line!r}")
    assert blocks > 50
    assert not wrong, "\n".join(wrong[:40])


@textmate
def test_scopes_of_a_hand_checked_design():
    text = ('title "Shop \\u00e9"\n'
            "region eu {  # archlint: ignore[single-point-of-failure, R002] -- one region\n"
            "  srvice api [replicas=2, colour=red, timeout=200ms, tls=true]\n"
            "}\n"
            "api ~> q [rps=40k/s]\n")
    lines = text.split("\n")
    tokens = tokenize("source.arch", [text])[0]

    def scope(line: int, word: str, nth: int = 0) -> list[str]:
        column = [m.start() for m in re.finditer(re.escape(word), lines[line - 1])][nth]
        return scopes_at(lines, tokens, line, column)

    assert scope(1, "title")[-1] == "keyword.other.statement.arch"
    assert scope(1, "\\u00e9")[-1] == "constant.character.escape.arch"
    assert scope(2, "region")[-1] == "storage.type.group.arch"
    assert scope(2, "eu")[-1] == "entity.name.namespace.group.arch"
    assert scope(2, "ignore")[-1] == "keyword.control.pragma.arch"
    assert scope(2, "R002")[-1] == "entity.name.tag.rule.arch"
    assert scope(2, "one region")[-1] == "string.unquoted.reason.arch"
    assert scope(3, "srvice")[-1] == "storage.type.kind.arch"  # not a kind: no support scope
    assert scope(3, "api")[-1] == "entity.name.type.component.arch"
    assert scope(3, "replicas")[-1] == "support.type.property-name.arch"
    assert scope(3, "colour")[-1] == "variable.other.property.arch"  # not an attribute
    assert scope(3, "red")[-1] == "variable.other.id.arch"
    assert scope(3, "200")[-1] == "constant.numeric.arch"
    assert scope(3, "ms")[-2:] == ["constant.numeric.arch", "keyword.other.unit.arch"]
    assert scope(3, "true")[-1] == "constant.language.boolean.arch"
    assert scope(5, "api")[-1] == "variable.other.id.arch"
    assert scope(5, "~>")[-1] == "keyword.operator.arrow.async.arch"
    assert scope(5, "k/s")[-1] == "keyword.other.unit.arch"


@textmate
def test_arch_fences_in_lists_with_tildes_and_fences_of_other_languages():
    text = ("```archive\nservice api\n```\n\n"
            "~~~arch\nservice api\n~~~\n\n"
            "- a list item:\n\n  ```arch\n  cache c\n  region r { db d }\n  ```\n")
    tokens = tokenize("text.html.markdown", [text])[0]
    assert not any("meta.embedded.block.arch" in scopes for _, _, scopes in tokens[1])
    assert tokens[5][0][2][-1] == "support.type.kind.arch"

    def scope(line: int, column: int) -> str:
        return scopes_at(text.split("\n"), tokens, line, column)[-1]

    assert (scope(12, 2), scope(12, 8)) == ("support.type.kind.arch", "entity.name.type.component.arch")
    assert (scope(13, 13), scope(13, 16)) == ("support.type.kind.arch", "entity.name.type.component.arch")
    assert "markup.list.unnumbered.markdown" in scopes_at(text.split("\n"), tokens, 12, 2)


# --- the VS Code extension -------------------------------------------------------------------------

def _vsce_missing() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed (@vscode/vsce needs Node 20; .ci/run installs it)"
    if not (VSCODE / "node_modules" / ".bin" / "vsce").exists():
        return "@vscode/vsce is not installed: run `npm ci` in editors/vscode (.ci/run does)"
    return None


@pytest.mark.skipif(_vsce_missing() is not None, reason=str(_vsce_missing()))
def test_the_extension_packages_with_its_grammars_and_client(tmp_path):
    vsix = tmp_path / "archlint.vsix"
    process = subprocess.run([str(VSCODE / "node_modules" / ".bin" / "vsce"), "package", "--out", str(vsix)],
                             cwd=VSCODE, capture_output=True, text=True, timeout=300)
    assert process.returncode == 0, process.stdout + process.stderr
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("extension/package.json"))
    for contributed in manifest["contributes"]["grammars"]:
        assert "extension/" + contributed["path"].removeprefix("./") in names
    assert {"extension/extension.js", "extension/language-configuration.json",
            "extension/node_modules/vscode-languageclient/package.json"} <= names
    # What only the tests and the packaging use stays out.
    assert not any(name.startswith(("extension/test/", "extension/node_modules/vscode-textmate/",
                                    "extension/node_modules/@vscode/vsce/")) for name in names)
    assert manifest["contributes"]["languages"][0]["extensions"] == [".arch"]


def test_the_extension_starts_archlint_lsp():
    """The client runs the configured executable with `lsp`: the command a user can run."""
    source = (VSCODE / "extension.js").read_text(encoding="utf-8")
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    assert 'args: ["lsp"]' in source and 'settings.get("path")' in source
    assert manifest["contributes"]["configuration"]["properties"]["archlint.path"]["default"] == "archlint"
    assert json.loads((VSCODE / "language-configuration.json").read_text())["comments"]["lineComment"] == "#"


# --- the Pygments lexer ---------------------------------------------------------------------------

def _texts() -> list[tuple[str, str]]:
    found = [(_name(design), design.read_text(encoding="utf-8")) for design in DESIGNS]
    for doc in DOCUMENTS:
        for block in markdown.arch_blocks(doc.read_text(encoding="utf-8")):
            found.append((f"{_name(doc)}:{block.fence_line}", "\n".join(block.lines) + "\n"))
    return found


def test_the_lexer_reads_every_design_without_an_error_token():
    lexer = ArchLexer()
    for name, text in _texts():
        tokens = list(lexer.get_tokens(text))
        assert "".join(value for _, value in tokens) == text, name
        errors = [value for kind, value in tokens if kind in Error]
        assert not errors, (name, errors)


def test_the_lexers_tokens_agree_with_archlint_on_every_design():
    """Kinds, ids, attribute names, strings, numbers and comments where archlint's parser has them."""
    want = {"support.type.kind.arch": Keyword.Type, "storage.type.kind.arch": Keyword.Type,
            "entity.name.type.component.arch": Name.Class, "entity.name.namespace.group.arch": Name.Namespace,
            "support.type.property-name.arch": Name.Attribute, "variable.other.property.arch": Name.Attribute,
            "string.quoted.double.arch": String, "constant.numeric.arch": Number,
            "comment.line.number-sign.arch": Comment, "comment.line.number-sign.pragma.arch": Comment,
            "keyword.operator.arrow.sync.arch": Operator, "keyword.operator.arrow.async.arch": Operator}
    wrong = []
    for name, text in _texts():
        starts = [0] + [m.end() for m in re.finditer("\n", text)]  # offset of each line
        at = {}  # (line, column) where a token starts -> its type
        for offset, kind, _ in ArchLexer().get_tokens_unprocessed(text):
            line = bisect.bisect_right(starts, offset)
            at[(line, offset - starts[line - 1])] = kind
        for line, start, _, scope in expected_scopes(text):
            token = at.get((line, start))
            if scope in want and (token is None or token not in want[scope]):
                wrong.append(f"{name}:{line}:{start + 1}: {token} for {scope}")
    assert not wrong, "\n".join(wrong[:40])


def test_the_lexers_tokens_on_a_hand_checked_snippet():
    text = ('region eu "EU" {\n'
            "  service api [replicas=2, latency=15ms]  # archlint: ignore[R001] -- why\n"
            "}\n"
            'api -> db "reads" [op=read, tls=true]  # note\n')
    tokens = [(kind, value) for kind, value in ArchLexer().get_tokens(text) if kind not in Whitespace]
    assert tokens == [
        (Keyword.Declaration, "region"), (Name.Namespace, "eu"), (String.Double, '"'), (String.Double, "EU"),
        (String.Double, '"'), (Punctuation, "{"),
        (Keyword.Type, "service"), (Name.Class, "api"), (Punctuation, "["), (Name.Attribute, "replicas"),
        (Operator, "="), (Number, "2"), (Punctuation, ","), (Name.Attribute, "latency"), (Operator, "="),
        (Number, "15ms"), (Punctuation, "]"),
        (Comment.Special, "#"), (Comment.Special, " "), (Comment.Preproc, "archlint"), (Comment.Special, ": "),
        (Comment.Preproc, "ignore"), (Comment.Special, "["), (Name.Label, "R001"), (Comment.Special, "]"),
        (Comment.Special, " -- why"),
        (Punctuation, "}"),
        (Name.Variable, "api"), (Operator, "->"), (Name.Variable, "db"), (String.Double, '"'),
        (String.Double, "reads"), (String.Double, '"'), (Punctuation, "["), (Name.Attribute, "op"), (Operator, "="),
        (Name.Variable, "read"), (Punctuation, ","), (Name.Attribute, "tls"), (Operator, "="),
        (Keyword.Constant, "true"), (Punctuation, "]"), (Comment.Single, "# note"),
    ]
    assert Text not in {kind for kind, _ in tokens}


def test_pygments_finds_the_lexer_by_name_and_file_name():
    """Through the entry point, as pygmentize and Markdown renderers look lexers up."""
    assert isinstance(get_lexer_by_name("arch"), ArchLexer)
    assert find_lexer_class_for_filename("design.arch") is ArchLexer
    design = EXAMPLES / "url_shortener" / "reviewed.arch"
    process = subprocess.run([sys.executable, "-m", "pygments", "-l", "arch", "-f", "html", str(design)],
                             capture_output=True, text=True, timeout=60)
    assert process.returncode == 0, process.stderr
    assert '<span class="kt">service</span>' in process.stdout and 'class="err"' not in process.stdout


def test_a_plain_lint_loads_no_highlighting_and_no_language_server():
    """`archlint FILE` stays fast: Pygments, the lexer and pygls are for other paths."""
    probe = ("import sys; from archlint.cli import run; run([sys.argv[1], '--no-cache']); "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygments', 'pygls', 'lsprotocol') "
             "or m == 'archlint.highlight'), file=sys.stderr)")
    process = subprocess.run([sys.executable, "-c", probe, str(EXAMPLES / "chat" / "naive.arch")],
                             capture_output=True, text=True, timeout=120)
    assert "R001" in process.stdout or "single-point-of-failure" in process.stdout, process.stdout + process.stderr
    assert process.stderr.strip().splitlines()[-1] == "[]"
