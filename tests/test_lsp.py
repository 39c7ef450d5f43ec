"""`archlint lsp`, driven over stdio by pytest-lsp as an editor would drive it."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from pathlib import Path

import pytest

if importlib.util.find_spec("pytest_lsp") is None or importlib.util.find_spec("pygls") is None:
    pytest.skip("pytest-lsp and pygls are not installed (the `test` extra has them)", allow_module_level=True)

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from archlint.analysis import words
from archlint.literals import format_rate
from conftest import run_cli

pytestmark = pytest.mark.asyncio(loop_scope="module")

SHARED = 'observability metrics "Prometheus" [managed=true]\n'
MAIN = """title "Shop"
include "shared.arch"

client browser
service api "API" [replicas=2, zones=2, sessions=local]
database orders [replicas=2, zones=2, mode=primary_replica]

browser -> api -> orders
api ~> metrics [signal=metrics]
"""
DESIGN = {"shared.arch": SHARED, "main.arch": MAIN}


def _uri(path: Path) -> str:
    return path.as_uri()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("project")
    (root / "archlint.toml").write_text("")
    for name, text in DESIGN.items():
        (root / name).write_text(text)
    return root


@pytest_lsp.fixture(scope="module",
                    config=ClientServerConfig(server_command=[sys.executable, "-m", "archlint", "lsp"]))
async def client(lsp_client: LanguageClient, project: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=_uri(project),
    ))
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = _uri(path)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="arch", version=version, text=path.read_text() if text is None else text)))
    await _published(client)
    return uri


async def _published(client: LanguageClient) -> None:
    """Wait for the server's diagnostics (bounded: a lost notification fails, never hangs)."""
    await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 60)


def _rule(diagnostic: types.Diagnostic) -> str:
    return diagnostic.code_description.href.rsplit("#", 1)[1]


def _at(text: str, word: str, nth: int = 0, offset: int = 0) -> types.Position:
    """The position of the `nth` occurrence of `word` (plus `offset` characters)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(word, index + 1)
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1) + offset)


async def test_diagnostics_are_the_findings_of_check_with_links_to_the_rules(client, project):
    uri = await _open(client, project / "main.arch")
    diagnostics = client.diagnostics[uri]
    stateful = next(d for d in diagnostics if _rule(d) == "stateful-app-server")  # sessions=local
    assert stateful.range.start == _at(MAIN, "local")  # at the value, as `check` reports it
    assert stateful.code_description.href.endswith("docs/rules.md#stateful-app-server")
    assert stateful.source == "archlint"
    # The include is read: `metrics` is declared in shared.arch, so the edge to it is fine.
    assert not [d for d in diagnostics if d.code == "L002"]


async def test_diagnostics_follow_the_buffer_as_it_is_typed(client, project):
    uri = await _open(client, project / "main.arch", MAIN)
    changed = MAIN.replace("api ~> metrics", "api ~> metrix")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)]))
    await _published(client)
    undefined = [d for d in client.diagnostics[uri] if d.code == "L002"]
    assert undefined and "did you mean `metrics`" in undefined[0].message
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=MAIN)]))
    await _published(client)
    assert not [d for d in client.diagnostics[uri] if d.code == "L002"]


async def _hover(client, uri, position) -> str:
    result = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert result is not None
    return result.contents.value


async def test_hover_on_a_kind_an_attribute_an_id_and_a_rule(client, project):
    uri = await _open(client, project / "main.arch", MAIN)
    assert "component kind" in await _hover(client, uri, _at(MAIN, "service"))
    replicas = await _hover(client, uri, _at(MAIN, "replicas", 0, 2))
    assert "running instances" in replicas and "whole number" in replicas and "default: `1`" in replicas
    timeout_text = MAIN + "api -> orders [timeout=2s]\n"
    await _open(client, project / "main.arch", timeout_text, version=4)
    timeout = await _hover(client, uri, _at(timeout_text, "timeout"))
    assert "edge attribute" in timeout and "seconds" in timeout
    api = await _hover(client, uri, _at(MAIN, "api", 2))  # in the edge
    assert "`replicas` | `2` | written" in api and "`managed` | `false` | default" in api
    pragma_text = MAIN.replace('sessions=local]', 'sessions=local]  # archlint: ignore[stateful-app-server] -- x')
    await _open(client, project / "main.arch", pragma_text, version=5)
    rule = await _hover(client, uri, _at(pragma_text, "stateful-app-server", 0, 3))
    assert "**stateful-app-server**" in rule and "in its instances" in rule and "rules.md#stateful-app-server" in rule
    await _open(client, project / "main.arch", MAIN, version=6)


NUMBERS = """slo [availability=99.9%]
client browser
service api [replicas=3, zones=3, availability=99.5%, capacity=1k, latency=20ms]
database orders [replicas=2, zones=2, mode=primary_replica]
browser -> api [rps=1.5k]
api -> orders
"""


async def test_hover_on_a_component_shows_the_numbers_of_analyze(client, project):
    path = project / "numbers.arch"
    path.write_text(NUMBERS)
    uri = await _open(client, path)
    process = run_cli("analyze", path, "--output-format", "json")
    assert process.returncode == 0, process.stderr
    analysed = json.loads(process.stdout)
    (entry,) = analysed["entries"]
    (load,) = [c for c in analysed["components"] if c["id"] == "api"]
    api = await _hover(client, uri, _at(NUMBERS, "api"))
    # 2 of api's 3 instances carry 1.5k/s at 1k/s each: up when at most one of them is down.
    up = 0.995 ** 3 + 3 * 0.995 ** 2 * 0.005
    assert f"availability: {words.percent(up)} on its own; 3 instances, 2 needed" in api
    downtime = next(c for c in entry["contributors"] if c["id"] == "api")["downtime_minutes"]
    assert (f"`browser` (request): {words.percent(entry['availability'])} meets the slo's 99.9%, "
            f"{words.minutes(downtime)} of its downtime from this") in api
    assert (f"load: {format_rate(load['load_per_second'])} on 3 x 1k/s: utilization {load['utilization']:.2f}, "
            f"{load['zone_loss_utilization']:.2f} with a zone lost") in api
    assert "latency: 20 ms at p99" in api and "not stated" not in api
    orders = await _hover(client, uri, _at(NUMBERS, "orders", 1))  # from the edge, too
    assert "availability: not stated; 2 instances, 1 needed" in orders
    assert "no rate declared on the edges into it" in orders
    assert "not stated: `availability` (counted as never failing); `capacity` (no utilization); `latency`" in orders
    browser = await _hover(client, uri, _at(NUMBERS, "browser"))
    assert f"entry point (request): {words.percent(entry['availability'])} meets the slo's 99.9%; p99 latency 20 ms" in browser
    # A scheduled worker starts its own work and may be needed by others' too: both are shown.
    scheduled = project / "scheduled.arch"
    scheduled_text = "client c\nservice api\nworker cleanup [schedule=1h]\ndatabase db\nc -> api -> cleanup -> db\n"
    scheduled.write_text(scheduled_text)
    cleanup = await _hover(client, await _open(client, scheduled), _at(scheduled_text, "cleanup"))
    assert "- entry point (schedule): 100%; no availability stated on `cleanup`, `db`" in cleanup
    assert "- needed by 1 entry point:\n  - `c` (request): 100%" in cleanup
    # A design with an error is not analysed: the attributes only.
    broken = NUMBERS + "api -> nowhere\n"
    await _open(client, path, broken, version=2)
    assert "Numbers" not in await _hover(client, uri, _at(broken, "api"))


async def _until(check, what: str) -> None:
    """Wait until `check()` holds: the server's notifications for several files come in any order."""
    for _ in range(600):
        if check():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"never: {what}")


async def test_an_included_file_is_read_from_its_unsaved_buffer(client, tmp_path):
    (tmp_path / "archlint.toml").write_text("")
    shared, main = tmp_path / "shared.arch", tmp_path / "main.arch"
    shared.write_text(SHARED)
    main.write_text(MAIN)
    main_uri = await _open(client, main)
    assert not [d for d in client.diagnostics[main_uri] if d.code == "L002"]
    shared_uri = await _open(client, shared)
    renamed = SHARED.replace("metrics ", "metrix ")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=shared_uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=renamed)]))

    def undefined() -> list[types.Diagnostic]:
        return [d for d in client.diagnostics.get(main_uri, []) if d.code == "L002"]

    # main.arch, untouched, is checked again with the buffer: `metrics` is no longer declared.
    await _until(lambda: undefined(), "main.arch checked against the unsaved shared.arch")
    assert "`metrics`" in undefined()[0].message and "did you mean `metrix`" in undefined()[0].message
    assert shared.read_text() == SHARED  # nothing written
    # Closed without saving, the file on disk counts again.
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=shared_uri)))
    await _until(lambda: not undefined(), "main.arch checked against shared.arch on disk after the close")
    client.text_document_did_close(types.DidCloseTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=main_uri)))


async def test_definition_and_references_across_includes(client, project):
    uri = await _open(client, project / "main.arch", MAIN)
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=_at(MAIN, "metrics", 0)))
    assert found.uri == _uri(project / "shared.arch")
    assert found.range.start == types.Position(line=0, character=len("observability "))
    include = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=_at(MAIN, "shared.arch", 0, 2)))
    assert include.uri == _uri(project / "shared.arch")
    # From the included file, the uses in the file that includes it.
    used = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=_uri(project / "shared.arch")),
        position=types.Position(line=0, character=16), context=types.ReferenceContext(include_declaration=True)))
    places = sorted((Path(types_uri(r.uri)).name, r.range.start.line) for r in used)
    assert places == [("main.arch", 8), ("shared.arch", 0)]
    api = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=_at(MAIN, "api", 1),
        context=types.ReferenceContext(include_declaration=False)))
    assert sorted(r.range.start.line for r in api) == [7, 8]


def types_uri(uri: str) -> str:
    return uri.replace("file://", "")


async def _complete(client, uri, text, position) -> list[str]:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=10),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    await _published(client)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    return [item.label for item in result.items]


async def test_completion_of_kinds_attributes_values_and_ids(client, project):
    uri = await _open(client, project / "main.arch", MAIN)
    text = MAIN + "serv"
    labels = await _complete(client, uri, text, types.Position(line=9, character=4))
    assert {"service", "database", "region", "api"} <= set(labels)
    text = MAIN + "cache c [rep"
    labels = await _complete(client, uri, text, types.Position(line=9, character=12))
    assert "replicas" in labels and "proto" not in labels
    text = MAIN + "cache c [mode="
    labels = await _complete(client, uri, text, types.Position(line=9, character=14))
    assert labels == ["single", "primary_replica", "cluster", "multi_primary"]
    text = MAIN + "api -> orders [op="
    labels = await _complete(client, uri, text, types.Position(line=9, character=18))
    assert labels == ["read", "write", "rw"]
    text = MAIN + "api -> "
    labels = await _complete(client, uri, text, types.Position(line=9, character=7))
    assert {"orders", "metrics", "browser"} <= set(labels) and "service" not in labels
    text = MAIN + "database r [replica_of="
    labels = await _complete(client, uri, text, types.Position(line=9, character=23))
    assert "orders" in labels
    await _complete(client, uri, MAIN, types.Position(line=0, character=0))


async def test_document_symbols_outline_groups_and_components(client, project):
    path = project / "outline.arch"
    text = 'region eu "EU" {\n  service api\n  zone a {\n    database db\n  }\n}\nclient c\n'
    path.write_text(text)
    uri = await _open(client, path)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [s.name for s in symbols] == ["eu", "c"]
    assert [s.name for s in symbols[0].children] == ["api", "a"]
    assert [s.name for s in symbols[0].children[1].children] == ["db"]


async def _format(client: LanguageClient, path: Path) -> list[types.TextEdit]:
    uri = await _open(client, path)
    return await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        options=types.FormattingOptions(tab_size=2, insert_spaces=True)))


async def test_formatting_through_the_formatter(client, project):
    path = project / "ugly.arch"
    path.write_text("service api [replicas=2,]\ndatabase   db\napi->db\n")
    edits = await _format(client, path)
    assert len(edits) == 1 and edits[0].new_text == "service  api [replicas=2]\ndatabase db\napi -> db\n"
    broken = project / "broken.arch"
    broken.write_text("service api [\n")
    assert not await _format(client, broken)


async def test_a_code_action_adds_a_suppression_with_a_reason_to_fill_in(client, project):
    uri = _uri(project / "main.arch")
    await _open(client, project / "main.arch", MAIN, version=20)
    stateful = next(d for d in client.diagnostics[uri] if _rule(d) == "stateful-app-server")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=stateful.range,
        context=types.CodeActionContext(diagnostics=[stateful])))
    assert len(actions) == 1
    (edit,) = actions[0].edit.changes[uri]
    line = MAIN.split("\n")[stateful.range.start.line]
    fixed = line[:edit.range.start.character] + edit.new_text + line[edit.range.end.character:]
    assert fixed == line + "  # archlint: ignore[stateful-app-server] -- TODO: say why this is acceptable"
    # Applied, the finding is suppressed and the pragma asks for nothing else than its reason.
    lines = MAIN.split("\n")
    lines[stateful.range.start.line] = fixed
    await _open(client, project / "main.arch", "\n".join(lines), version=21)
    assert not [d for d in client.diagnostics[uri] if _rule(d) == "stateful-app-server" or d.code.startswith("N")]
    await _open(client, project / "main.arch", MAIN, version=22)


async def test_a_broken_configuration_is_a_diagnostic_not_a_dead_server(client, tmp_path):
    (tmp_path / "archlint.toml").write_text("fail-on = \"sometimes\"\n")
    (tmp_path / "a.arch").write_text("service api\n")
    uri = await _open(client, tmp_path / "a.arch")
    (diagnostic,) = client.diagnostics[uri]
    assert "could not check this file" in diagnostic.message and "fail-on" in diagnostic.message
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert [s.name for s in symbols] == ["api"]
