"""The language server: pygls over stdio, archlint's own engine behind every answer.

Diagnostics are the findings `archlint check` gives for the buffer (with the configuration, the
includes, the suppressions); an included file open in the editor is read from its buffer, saved
or not, so the designs that include it are checked again as it is typed. Formatting is
`archlint format`; the rest reads the index.
"""

from __future__ import annotations

import os
import re

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from .. import __version__
from ..analysis import Analysis
from ..diagnostics import Finding
from ..language import ELEMENTS
from ..language_doc import default_words, explain, meaning_words, stored_words, value_words
from ..linter import LintResult, Linter
from ..reporters.sarif import RULES_DOC_URI
from ..sources import normalize_newlines, read_source
from .complete import complete, context
from .index import Hit, Workspace
from .numbers import analysis_of, component_numbers

SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
SYMBOL_KIND = {"component": types.SymbolKind.Class, "region": types.SymbolKind.Namespace,
               "zone": types.SymbolKind.Namespace, "boundary": types.SymbolKind.Package,
               "group": types.SymbolKind.Module}
COMPLETION_KIND = {"kind": types.CompletionItemKind.Class, "keyword": types.CompletionItemKind.Keyword,
                   "id": types.CompletionItemKind.Reference, "attribute": types.CompletionItemKind.Property,
                   "value": types.CompletionItemKind.EnumMember, "rule": types.CompletionItemKind.Text}
REASON_PLACEHOLDER = "TODO: say why this is acceptable"


class ArchlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("archlint", __version__)
        self.files = Workspace()
        self.results: dict[str, LintResult] = {}
        self.analyses: dict[int, Analysis] = {}  # by id() of a design in `results`, dropped with it
        self.uris: dict[str, str] = {}  # path -> the client's URI of each open document

    # --- helpers --------------------------------------------------------------------------
    def path(self, uri: str) -> str:
        return os.path.abspath(to_fs_path(uri) or uri)

    def lines(self, path: str) -> list[str]:
        index = self.files.file(path)
        return (index.text if index else "").splitlines(keepends=True) or [""]

    def lsp_range(self, path: str, span) -> types.Range:
        """A 1-based, end-exclusive span in characters as the client counts (UTF-16 by default)."""
        lines, codec = self.lines(path), self.workspace.position_codec
        start = codec.position_to_client_units(lines, types.Position(line=span[0] - 1, character=span[1] - 1))
        end = codec.position_to_client_units(lines, types.Position(line=span[2] - 1, character=span[3] - 1))
        return types.Range(start=start, end=end)

    def place(self, uri: str, position: types.Position) -> tuple[str, int, int]:
        """(path, line, column): the client's position in archlint's terms."""
        document = self.workspace.get_text_document(uri)
        server = document.position_codec.position_from_client_units(document.lines, position)
        return self.path(uri), server.line + 1, server.character + 1

    def hit(self, uri: str, position: types.Position) -> tuple[str, Hit | None]:
        path, line, column = self.place(uri, position)
        index = self.files.file(path)
        return path, index.at(line, column) if index else None

    def location(self, file: str, span) -> types.Location:
        return types.Location(uri=from_fs_path(file), range=self.lsp_range(file, span))

    # --- diagnostics ------------------------------------------------------------------------
    def lint(self, uri: str) -> None:
        path = self.path(uri)
        text = self.workspace.get_text_document(uri).source
        self.files.set_text(path, text)
        self.uris[path] = uri
        result = LintResult()
        try:
            Linter(reader=self.read).lint_file(path, result, text=text)
        except Exception as error:  # a bad configuration, a crashing plugin: said, never fatal to the server
            where = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0))
            diagnostics = [types.Diagnostic(range=where, message=f"archlint could not check this file: {error}",
                                            severity=types.DiagnosticSeverity.Error, source="archlint")]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
            return
        self.forget(path)
        self.results[path] = result
        diagnostics = [self.diagnostic(path, f) for f in result.findings
                       if not f.suppressed and os.path.abspath(f.location.file) == path]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))

    def read(self, path: str) -> str:
        """An included file's text: the editor's buffer when it is open, else the file on disk."""
        real = os.path.realpath(path)
        for open_path, text in self.files.open.items():
            if os.path.realpath(open_path) == real:
                return normalize_newlines(text)
        return read_source(path)

    def lint_includers(self, uri: str) -> None:
        """Check again the open designs that include the file at `uri`: it changed, or closed."""
        path = self.path(uri)
        for root in list(self.files.open):
            if root != path and any(index.path == path for index in self.files.closure(root)[1:]):
                self.lint(self.uris[root])

    def forget(self, path: str) -> None:
        """Drop what was linted from `path` (and the analyses of its designs)."""
        for design in self.results.pop(path, LintResult()).designs:
            self.analyses.pop(id(design), None)

    def diagnostic(self, path: str, finding: Finding) -> types.Diagnostic:
        where = finding.location
        span = (where.line, where.column, where.end_line, max(where.end_column, where.column))
        related = [types.DiagnosticRelatedInformation(location=self.location(os.path.abspath(r.location.file), (
            r.location.line, r.location.column, r.location.end_line, r.location.end_column)), message=r.message)
                   for r in finding.related]
        message = finding.message + (f"\n{finding.help}" if finding.help else "")
        return types.Diagnostic(
            range=self.lsp_range(path, span), message=message, severity=SEVERITY[finding.severity.value],
            code=finding.code, source="archlint", related_information=related or None,
            code_description=types.CodeDescription(href=f"{RULES_DOC_URI}#{finding.rule}"),
            data={"rule": finding.rule},
        )

    # --- hover ------------------------------------------------------------------------------
    def hover_text(self, path: str, hit: Hit) -> str | None:
        if hit.role == "kind":
            return explain(hit.word)
        if hit.role == "attribute" or (hit.role == "value" and hit.attribute):
            name = hit.word if hit.role == "attribute" else hit.attribute
            spec = ELEMENTS[hit.element].get(name)
            if spec is None:
                return None
            return (f"**`{name}`** ({hit.element} attribute)\n\n{meaning_words(spec)}\n\n"
                    f"- type: {spec.type.words}\n- default: {default_words(spec)}\n- stored as: {stored_words(spec)}")
        if hit.role in ("declaration", "reference"):
            return self.element_text(path, hit.word)
        if hit.role == "pragma":
            return self.rule_text(path, hit.word)
        if hit.role == "include":
            exists = "" if os.path.isfile(hit.word) else " (no such file)"
            return f"includes `{hit.word}`{exists}"
        return None

    def element_text(self, path: str, ident: str) -> str | None:
        declaration = self.files.definition(path, ident)
        if declaration is None:
            return None
        label = f" \N{EM DASH} {declaration.label}" if declaration.label else ""
        head = f"**{declaration.kind} `{ident}`**{label}"
        design, component = self.component(path, ident)
        if component is None:
            return head
        rows = [f"{head} (kind `{component.kind}`" + (f", in `{component.group}`)" if component.group else ")"), "",
                "| attribute | value | |", "|---|---|---|"]
        for name in ELEMENTS["component"]:
            written = component.attributes.get(name)
            value = written.text if written else value_words(getattr(component, name, None)).strip("`")
            rows.append(f"| `{name}` | `{value}` | {'written' if written else 'default'} |")
        return "\n".join(rows) + "\n\n" + component_numbers(self.analysis(design), ident)

    def component(self, path: str, ident: str):
        """(the design, the component) that `ident` names from `path`, as last linted; (None, None)
        when no linted design holds it (one with errors is not analysed)."""
        for result in self.results.values():
            for design in result.designs:
                found = design.components.get(ident)
                if found is not None and os.path.abspath(found.location.file) in {path, self.files.definition(
                        path, ident).file}:
                    return design, found
        return None, None

    def analysis(self, design):
        """The analysis of a linted design, computed at the first hover that needs it."""
        key = id(design)
        if key not in self.analyses:
            self.analyses[key] = analysis_of(design)
        return self.analyses[key]

    def rules(self, path: str) -> dict[str, tuple[str, str]]:
        """name -> (code, summary) of every rule and diagnostic the settings for `path` know."""
        from ..codes import all_builtin

        linter = Linter()
        catalog, _ = linter.selection_for(linter.settings_for(path))
        table = {d.name: (d.code, d.summary) for d in all_builtin()}
        table.update({r.name: (r.code, r.summary) for r in catalog.rules})
        return table

    def rule_text(self, path: str, written: str) -> str | None:
        for name, (code, summary) in self.rules(path).items():
            if written in (name, code):
                return f"**{name}** (`{code}`)\n\n{summary}\n\n[documentation]({RULES_DOC_URI}#{name})"
        return None


server = ArchlintServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: ArchlintServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)
    ls.lint_includers(params.text_document.uri)  # its buffer may differ from the disk


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: ArchlintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)
    ls.lint_includers(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: ArchlintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.lint(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: ArchlintServer, params: types.DidCloseTextDocumentParams) -> None:
    path = ls.path(params.text_document.uri)
    ls.files.set_text(path, None)
    ls.uris.pop(path, None)
    ls.forget(path)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))
    ls.lint_includers(params.text_document.uri)  # what they include is on disk again


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: ArchlintServer, params: types.HoverParams) -> types.Hover | None:
    path, hit = ls.hit(params.text_document.uri, params.position)
    text = ls.hover_text(path, hit) if hit else None
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=ls.lsp_range(path, hit.span))


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: ArchlintServer, params: types.DefinitionParams) -> types.Location | None:
    path, hit = ls.hit(params.text_document.uri, params.position)
    if hit is None:
        return None
    if hit.role == "include":
        return types.Location(uri=from_fs_path(hit.word), range=types.Range(
            start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)))
    if hit.role in ("declaration", "reference"):
        declaration = ls.files.definition(path, hit.word)
        if declaration is not None:
            return ls.location(declaration.file, declaration.span)
    return None


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: ArchlintServer, params: types.ReferenceParams) -> list[types.Location] | None:
    path, hit = ls.hit(params.text_document.uri, params.position)
    if hit is None or hit.role not in ("declaration", "reference"):
        return None
    found = ls.files.references(path, hit.word, declaration=params.context.include_declaration)
    return [ls.location(file, span) for file, span in found]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbols(ls: ArchlintServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    path = ls.path(params.text_document.uri)
    index = ls.files.file(path)

    def symbol(declaration) -> types.DocumentSymbol:
        return types.DocumentSymbol(
            name=declaration.id, detail=declaration.label or declaration.kind, kind=SYMBOL_KIND.get(
                declaration.what, types.SymbolKind.Class),
            range=ls.lsp_range(path, declaration.statement), selection_range=ls.lsp_range(path, declaration.span),
            children=[symbol(child) for child in declaration.children] or None,
        )

    return [symbol(declaration) for declaration in index.outline] if index else []


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=["[", ",", "=", ">", " "]))
def completion(ls: ArchlintServer, params: types.CompletionParams) -> types.CompletionList:
    path, line, column = ls.place(params.text_document.uri, params.position)
    document = ls.workspace.get_text_document(params.text_document.uri)
    lines = document.source.split("\n")
    before_cursor = "\n".join(lines[:line - 1] + [lines[line - 1][:column - 1] if line - 1 < len(lines) else ""])
    before, statement, block = context(before_cursor)
    rules = {name: summary for name, (_, summary) in ls.rules(path).items()} if "archlint" in before else {}
    words = complete(before, statement, block, ls.files.declared_ids(path), rules)
    return types.CompletionList(is_incomplete=False, items=[
        types.CompletionItem(label=label, kind=COMPLETION_KIND[sort], detail=detail or None)
        for label, sort, detail in words
    ])


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: ArchlintServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    from ..format import NotParsed, format_document

    path = ls.path(params.text_document.uri)
    document = ls.workspace.get_text_document(params.text_document.uri)
    result = format_document(document.source, path)
    for problem in result.problems:
        reason = problem.findings[0].message if isinstance(problem, NotParsed) else str(problem)
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Warning,
                                                       message=f"archlint format: {reason}"))
    if result.text == document.source.replace("\r\n", "\n") or (result.problems and not result.text):
        return []
    lines = document.lines
    end = types.Position(line=len(lines), character=0)
    return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0), end=end),
                           new_text=result.text)]


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_actions(ls: ArchlintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    from ..codes import FATAL_CODES

    path = ls.path(params.text_document.uri)
    index = ls.files.file(path)
    document = ls.workspace.get_text_document(params.text_document.uri)
    actions = []
    for diagnostic in params.context.diagnostics:
        rule = (diagnostic.data or {}).get("rule") if isinstance(diagnostic.data, dict) else None
        if diagnostic.source != "archlint" or not rule or diagnostic.code in FATAL_CODES or index is None:
            continue
        start = document.position_codec.position_from_client_units(document.lines, diagnostic.range.start)
        line = index.statement_line(start.line + 1, start.character + 1) - 1
        edit = _suppression_edit(document.lines[line] if line < len(document.lines) else "", line, rule,
                                 document.position_codec)
        actions.append(types.CodeAction(
            title=f"Suppress `{rule}` on this statement (archlint: ignore)", kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic], edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]}),
        ))
    return actions


def _suppression_edit(text: str, line: int, rule: str, codec) -> types.TextEdit:
    """Add `rule` to the line's pragma, or a pragma with a reason to fill in. A comment already
    on the line stays, after the new reason (a line has room for one comment)."""
    content = text.rstrip("\r\n")
    comment = _comment_start(content)
    if comment is not None and re.match(r"#\s*archlint\s*:\s*ignore\s*\[", content[comment:]):
        at = content.index("]", comment)
        where = types.Position(line=line, character=codec.client_num_units(content[:at]))
        return types.TextEdit(range=types.Range(start=where, end=where), new_text=f", {rule}")
    pragma = f"# archlint: ignore[{rule}] -- {REASON_PLACEHOLDER}"
    if comment is not None:
        where = types.Position(line=line, character=codec.client_num_units(content[:comment]))
        return types.TextEdit(range=types.Range(start=where, end=where), new_text=pragma + "  ")
    body = content.rstrip()
    start = types.Position(line=line, character=codec.client_num_units(body))
    end = types.Position(line=line, character=codec.client_num_units(content))
    return types.TextEdit(range=types.Range(start=start, end=end), new_text="  " + pragma)


def _comment_start(content: str) -> int | None:
    """Where the line's comment starts (a `#` outside strings), or None."""
    quoted = False
    escaped = False
    for position, char in enumerate(content):
        if quoted:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "#":
            return position
    return None


def main() -> None:
    server.start_io()
