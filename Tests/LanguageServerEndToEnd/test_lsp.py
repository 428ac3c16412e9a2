"""End to end: the real `salessim lsp` binary driven by a real LSP client (pytest-lsp, pygls).

What a trainer's editor sees: the diagnostics `salessim lint FILE` prints, completion of node
ids, lexicons and rule ids, a rule's hover with the manual's words, a jump into the rulebook, a
rename; and what the protocol prescribes for malformed messages, unknown methods, a huge
document and a client that disappears.
"""
import asyncio
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

REPO = pathlib.Path(__file__).resolve().parents[2]
LIBRARY = REPO / "Scenarios"
SCENARIO = LIBRARY / "zh-Hans" / "first-visit-impatient.yaml"
RULEBOOK = LIBRARY / "rulebook.yaml"
BINARY = os.environ.get("SALESSIM_BIN") or str(REPO / ".build" / "debug" / "salessim")
COMMAND = [BINARY, "lsp", "--scenarios", str(LIBRARY)]

# Mistakes a trainer makes: a misspelt node, lexicon and rule, an undeclared variable.
MISTAKES = [
    ("        next: office\n", "        next: ofice\n"),
    ('match: "@courtesy & (黄总 | 约)"', 'match: "@curtesy & (黄总 | 约)"'),
    ("judge: {observe.adapt: met}", "judge: {observe.adpt: met}"),
    ("        set: {patience: -1}\n", "        set: {patince: -1}\n"),
    # After Chinese text on the line: the column must be counted in UTF-16 units.
    ('customer: ["你就是晨讯的？我只有十分钟，说吧。", "坐。我赶时间，就十分钟。"]',
     'customer: ["你就是晨讯的？我只有十分钟，说吧。", "坐。我赶时间，就十分钟。", {bad: 1}]'),
]


def mistaken_text() -> str:
    text = SCENARIO.read_text(encoding="utf-8")
    for old, new in MISTAKES:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest_lsp.fixture(config=ClientServerConfig(server_command=COMMAND))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=LIBRARY.as_uri())
    )
    yield
    await lsp_client.shutdown_session()


async def open_document(client: LanguageClient, path: pathlib.Path, text: str) -> list:
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)))
    for _ in range(50):
        if uri in client.diagnostics:
            return list(client.diagnostics[uri])
        await client.wait_for_notification("textDocument/publishDiagnostics")
    raise AssertionError(f"no diagnostics for {uri}")


def utf16_column(line: str, scalar_column: int) -> int:
    """The protocol's character offset of lint's 1-based column (Unicode scalars)."""
    return len(line[: scalar_column - 1].encode("utf-16-le")) // 2


def position_of(text: str, needle: str, offset: int = 0) -> types.Position:
    for number, line in enumerate(text.split("\n")):
        index = line.find(needle)
        if index >= 0:
            return types.Position(line=number, character=len(line[:index].encode("utf-16-le")) // 2 + offset)
    raise AssertionError(f"{needle!r} not in the text")


@pytest.mark.asyncio
async def test_diagnostics_are_what_lint_prints(client: LanguageClient, tmp_path: pathlib.Path):
    text = mistaken_text()
    path = tmp_path / "first-visit-impatient.yaml"
    path.write_text(text, encoding="utf-8")
    lint = subprocess.run([BINARY, "lint", "--scenarios", str(LIBRARY), str(path)], capture_output=True, text=True)
    assert lint.returncode == 1, lint.stdout + lint.stderr
    pattern = re.compile(r"^(.*?):(\d+):(\d+): (error|warning): \[(SC\d{4})\] (.*)$")
    printed = [m.groups() for m in map(pattern.match, lint.stdout.splitlines()) if m and m.group(1) == str(path)]
    assert len(printed) >= 5

    received = await open_document(client, path, text)
    lines = text.split("\n")
    expected = [
        (int(line) - 1, utf16_column(lines[int(line) - 1], int(column)), 1 if severity == "error" else 2, code, message)
        for _, line, column, severity, code, message in printed
    ]
    got = [(d.range.start.line, d.range.start.character, d.severity, d.code, d.message) for d in received]
    assert got == expected
    for diagnostic in received:
        assert diagnostic.code_description.href == (LIBRARY / "README.md").as_uri() + "#" + diagnostic.code.lower()


@pytest.mark.asyncio
async def test_completes_a_node_a_lexicon_and_a_rule(client: LanguageClient):
    text = SCENARIO.read_text(encoding="utf-8")
    await open_document(client, SCENARIO, text)
    uri = SCENARIO.as_uri()

    async def labels(position: types.Position) -> dict:
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=position))
        items = result.items if isinstance(result, types.CompletionList) else result
        return {item.label: item for item in items}

    nodes = await labels(position_of(text, "        next: office", len("        next: of")))
    assert "office" in nodes and "gate" in nodes
    assert nodes["office"].detail  # the customer's line

    lexicons = await labels(position_of(text, "@courtesy", len("@cour")))
    assert "@courtesy" in lexicons and "@hurry" in lexicons and "@ack" in lexicons
    assert " · " in lexicons["@ack"].detail  # the first phrases

    rules = await labels(position_of(text, "judge: {observe.adapt: met}", len("judge: {obs")))
    assert "observe.adapt" in rules and "keyperson.respect-all" in rules
    assert "manual I.2" in rules["observe.adapt"].detail


@pytest.mark.asyncio
async def test_hover_on_a_rule_shows_the_manuals_words(client: LanguageClient):
    text = SCENARIO.read_text(encoding="utf-8")
    await open_document(client, SCENARIO, text)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=SCENARIO.as_uri()),
        position=position_of(text, "judge: {observe.adapt: met}", len("judge: {obs"))))
    value = hover.contents.value
    assert "**observe.adapt**" in value
    assert "manual **I.2** · weight 4" in value
    # The manual's own words, as the rulebook's feedback quotes them (手册 I.2).
    assert "细致观察,迅速作出分析,从而作出良好的对策" in value


@pytest.mark.asyncio
async def test_jumps_to_a_lexicon_in_the_rulebook(client: LanguageClient):
    text = SCENARIO.read_text(encoding="utf-8")
    await open_document(client, SCENARIO, text)
    result = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=SCENARIO.as_uri()),
        position=position_of(text, "@courtesy", 3)))
    location = result[0] if isinstance(result, list) else result
    assert location.uri == RULEBOOK.as_uri()
    rulebook = RULEBOOK.read_text(encoding="utf-8").split("\n")
    assert rulebook[location.range.start.line][location.range.start.character:].startswith("courtesy:")


@pytest.mark.asyncio
async def test_renames_a_node(client: LanguageClient):
    text = SCENARIO.read_text(encoding="utf-8")
    await open_document(client, SCENARIO, text)
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=SCENARIO.as_uri()),
        position=position_of(text, "        next: office", len("        next: of")), new_name="boss-office"))
    edits = edit.changes[SCENARIO.as_uri()]
    lines = text.split("\n")
    assert len(edits) == sum(1 for line in lines if re.search(r"\boffice\b", line) and ("next:" in line or line.startswith("  office:") or "path:" in line or "ending:" in line or "ahead" in line))
    for change in edits:
        start, end = change.range.start, change.range.end
        assert lines[start.line][start.character:end.character] == "office"
        assert change.new_text == "boss-office"


@pytest.mark.asyncio
async def test_references_outline_and_quick_fixes_reach_the_client_well_formed(client: LanguageClient, tmp_path: pathlib.Path):
    text = SCENARIO.read_text(encoding="utf-8")
    await open_document(client, SCENARIO, text)
    uri = SCENARIO.as_uri()
    references = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position_of(text, "@courtesy", 3),
        context=types.ReferenceContext(include_declaration=True)))
    assert references[0].uri == RULEBOOK.as_uri()  # the definition, in the rulebook
    assert all(r.uri == uri for r in references[1:]) and len(references) >= 2

    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    groups = [s.name for s in symbols]
    # The node outline by phase, in the order the file first uses each phase, then the endings.
    assert groups[:8] == ["observation", "opening", "introduction", "objection", "closing", "signing", "follow-up", "endings"]
    assert any(child.name == "gate" for s in symbols for child in (s.children or []))

    broken = mistaken_text()
    path = tmp_path / "first-visit-impatient.yaml"
    diagnostics = await open_document(client, path, broken)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), range=diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=diagnostics)))
    titles = [a.title for a in actions]
    assert "Change '@curtesy' to '@courtesy'" in titles
    assert "Change 'ofice' to 'office'" in titles
    assert "Add a node 'ofice'" in titles


@pytest.mark.asyncio
async def test_an_unknown_method_is_method_not_found(client: LanguageClient):
    with pytest.raises(Exception) as raised:
        await client.protocol.send_request_async("salessim/frobnicate", {})
    assert "-32601" in repr(raised.value) or "MethodNotFound" in type(raised.value).__name__ or "not found" in str(raised.value).lower()


@pytest.mark.asyncio
async def test_a_huge_document_gets_the_size_diagnostic(client: LanguageClient, tmp_path: pathlib.Path):
    text = SCENARIO.read_text(encoding="utf-8") + "# " + "长" * 400_000 + "\n"
    received = await open_document(client, tmp_path / "huge.yaml", text)
    assert [d.code for d in received] == ["SC0017"]
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=(tmp_path / "huge.yaml").as_uri()), position=types.Position(line=0, character=0)))
    assert hover is None


# The protocol's edges, over a raw pipe (a real client never sends these).

def frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def message(payload: dict) -> bytes:
    return frame(json.dumps(payload).encode("utf-8"))


def read_messages(data: bytes) -> list:
    messages = []
    while data:
        header, _, rest = data.partition(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", header).group(1))
        messages.append(json.loads(rest[:length]))
        data = rest[length:]
    return messages


INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}


def run_raw(payload: bytes) -> tuple:
    server = subprocess.run(COMMAND, input=payload, capture_output=True, timeout=30)
    return server.returncode, read_messages(server.stdout), server.stderr


def test_malformed_json_gets_a_parse_error_and_the_server_goes_on():
    code, messages, _ = run_raw(
        message(INITIALIZE) + frame(b'{"jsonrpc": "2.0", "id": 2, "method": ') + frame(b"\xff\xfe garbage")
        + message({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}) + message({"jsonrpc": "2.0", "method": "exit"}))
    errors = [m for m in messages if "error" in m]
    assert [e["error"]["code"] for e in errors] == [-32700, -32700]
    assert all(e["id"] is None for e in errors)
    assert {"jsonrpc": "2.0", "id": 3, "result": None} in messages
    assert code == 0


def test_unknown_method_and_notification_over_the_wire():
    code, messages, _ = run_raw(
        message(INITIALIZE) + message({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        + message({"jsonrpc": "2.0", "method": "salessim/unknownNotification", "params": {}})
        + message({"jsonrpc": "2.0", "id": "x", "method": "salessim/unknown", "params": {}})
        + message({"jsonrpc": "2.0", "id": 9, "method": "shutdown"}) + message({"jsonrpc": "2.0", "method": "exit"}))
    assert [m["id"] for m in messages] == [1, "x", 9]  # nothing answers the notification
    assert messages[1]["error"]["code"] == -32601
    assert code == 0


def test_exit_without_shutdown_is_status_1():
    code, _, _ = run_raw(message(INITIALIZE) + message({"jsonrpc": "2.0", "method": "exit"}))
    assert code == 1


def test_input_ending_after_shutdown_is_status_0():
    code, messages, _ = run_raw(message(INITIALIZE) + message({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    assert messages[-1] == {"jsonrpc": "2.0", "id": 2, "result": None}
    assert code == 0


def test_a_client_that_disappears_ends_the_server_cleanly():
    server = subprocess.Popen(COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    server.stdin.write(message(INITIALIZE) + message({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": SCENARIO.as_uri(), "languageId": "yaml", "version": 1, "text": SCENARIO.read_text(encoding="utf-8")}}}))
    server.stdin.flush()
    server.stdin.close()  # the editor crashed
    assert server.wait(timeout=30) == 1  # no shutdown was asked for: 1, and not a signal
    assert server.stderr.read() == b""


MANUAL = REPO.parent / "shared" / "manual" / "training-manual.zh-Hant.txt"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=COMMAND + ["--manual", str(MANUAL)]))
async def manual_client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("neovim"), root_uri=LIBRARY.as_uri()))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.skipif(not MANUAL.exists(), reason="the company's manual is not beside the clone")
@pytest.mark.asyncio
async def test_with_the_manual_a_rule_hover_quotes_its_section(manual_client: LanguageClient):
    text = SCENARIO.read_text(encoding="utf-8")
    await open_document(manual_client, SCENARIO, text)
    hover = await manual_client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=SCENARIO.as_uri()),
        position=position_of(text, "judge: {observe.adapt: met}", len("judge: {obs"))))
    assert "**The manual, I.2:**" in hover.contents.value
    assert "> 在到達客戶時,應對客戶處的環境、人、事保持高度的敏感性。" in hover.contents.value
