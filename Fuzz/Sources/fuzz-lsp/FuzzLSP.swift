import Foundation
import FuzzSupport
import LanguageServer

/// The language server (`salessim lsp`) against anything a client could send. The first byte
/// chooses:
///
/// - even: the rest is the byte stream from a client: framed by `MessageFramer`, each message
///   handed to a `Server`, then the pending diagnostics published;
/// - odd: the rest is a document: opened in a library folder (beside a small rulebook), then
///   completion, hover, definition, references, rename, the outline and the quick fixes asked
///   for all over it.
///
/// Every answer must be a JSON-RPC 2.0 object, and every request must get one with its id.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var bytes = FuzzBytes(data, size)
    let mode = bytes.byte()
    let rest = Data(bytes.bytes.dropFirst(min(1, size)))
    if mode % 2 == 0 {
        var server = Server(configuration: .init())
        var framer = MessageFramer()
        framer.append(rest)
        var frames = 0
        while let frame = framer.next(), frames < 64 {
            frames += 1
            if case let .message(body) = frame {
                check(server.receive(body))
                if server.exitCode != nil { return 0 }
            }
        }
        check(server.publishDiagnostics())
        return 0
    }
    let text = String(decoding: rest, as: UTF8.self)
    var server = Server(configuration: .init(readmePath: "/library/README.md"))
    let uri = URL(fileURLWithPath: LibraryFolder.path).appendingPathComponent("fuzz.yaml").absoluteString
    _ = check(server.receive(message(["id": 1, "method": "initialize", "params": ["capabilities": [String: Any]()]])))
    let published = check(server.receive(message(["method": "textDocument/didOpen", "params": [
        "textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]]])))
    let diagnostics = published.compactMap { ($0["params"] as? [String: Any])?["diagnostics"] as? [Any] }.first ?? []
    let document: [String: Any] = ["uri": uri]
    // Positions on the first lines: every few characters, and one past the end of each line.
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(16)
    var id = 2
    for (number, line) in lines.enumerated() {
        let width = line.utf16.count
        for character in Set(stride(from: 0, through: width + 1, by: max(1, width / 3))) {
            let position: [String: Any] = ["line": number, "character": character]
            for method in ["textDocument/completion", "textDocument/hover", "textDocument/definition"] {
                request(&server, &id, method, ["textDocument": document, "position": position])
            }
            request(&server, &id, "textDocument/references", ["textDocument": document, "position": position, "context": ["includeDeclaration": true]])
            request(&server, &id, "textDocument/rename", ["textDocument": document, "position": position, "newName": "renamed-\(number)"])
        }
    }
    request(&server, &id, "textDocument/documentSymbol", ["textDocument": document])
    let whole: [String: Any] = ["start": ["line": 0, "character": 0], "end": ["line": lines.count, "character": 0]]
    request(&server, &id, "textDocument/codeAction", ["textDocument": document, "range": whole, "context": ["diagnostics": diagnostics]])
    return 0
}

/// A folder with a small rulebook, written once: documents opened in it are library files.
enum LibraryFolder {
    static let path: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("salessim-fuzz-lsp-\(getuid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try? rulebook.write(to: folder.appendingPathComponent("rulebook.yaml"), atomically: true, encoding: .utf8)
        return folder.path
    }()

    static let rulebook = """
    version: 1
    lexicons:
      ack: [是的, 对, yes]
      contrast: [可是, 但是, but]
      praise: [不错, 奖状]
    rules:
      - id: opening.style
        manual: I.3a-c
        title: {zh: 开场白, en: Opening}
        weight: 2
        observed: text
        applies: {phase: opening}
        detect:
          - met: "@praise"
        feedback:
          met: {zh: 好。, en: Good.}
          missed: {zh: 手册 I.3。, en: Manual I.3.}
          violated: {zh: 手册 I.3。, en: Manual I.3.}
      - id: objection.yes-but
        manual: I.5
        title: {zh: 是的、是的、可是, en: "Yes, yes, but"}
        weight: 3
        observed: text
        applies: {phase: objection}
        detect:
          - met: "@ack > @contrast"
        feedback:
          met: {zh: 好。, en: Good.}
          missed: {zh: 手册 I.5。, en: Manual I.5.}
          violated: {zh: 手册 I.5。, en: Manual I.5.}

    """
}

func message(_ fields: [String: Any]) -> Data {
    var object = fields
    object["jsonrpc"] = "2.0"
    return (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
}

/// Sends a request; its answer must carry its id.
func request(_ server: inout Server, _ id: inout Int, _ method: String, _ params: [String: Any]) {
    let answers = check(server.receive(message(["id": id, "method": method, "params": params])))
    FuzzSupport.require(answers.contains { $0["id"] as? Int == id }, "\(method) got no answer")
    id += 1
}

/// Every message the server sends is a JSON-RPC 2.0 object.
@discardableResult
func check(_ bodies: [Data]) -> [[String: Any]] {
    bodies.map { body in
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        FuzzSupport.require(object?["jsonrpc"] as? String == "2.0", "not a JSON-RPC message: \(String(decoding: body.prefix(200), as: UTF8.self))")
        return object ?? [:]
    }
}
