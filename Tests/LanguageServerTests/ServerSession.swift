import Foundation
import LanguageServer
import ScenarioKit

/// A server driven the way a client drives it, with the answers read back as JSON.
struct ServerSession {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var scenarioPath: String { fixtures.appendingPathComponent("scenario.yaml").path }
    static var rulebookPath: String { fixtures.appendingPathComponent("rulebook.yaml").path }
    static var scenarioURI: String { URL(fileURLWithPath: scenarioPath).absoluteString }
    static var rulebookURI: String { URL(fileURLWithPath: rulebookPath).absoluteString }
    static var scenarioText: String { (try? String(contentsOfFile: scenarioPath, encoding: .utf8)) ?? "" }

    var server: Server
    private var nextID = 1

    init(configuration: Server.Configuration = .init(fallbackRulebook: ServerSession.rulebookPath, readmePath: "/library/README.md"), initialize: Bool = true) {
        server = Server(configuration: configuration)
        if initialize {
            _ = request("initialize", ["capabilities": [String: Any]()])
            _ = notify("initialized", [String: Any]())
        }
    }

    /// Sends raw bytes; the answers as JSON objects.
    mutating func send(_ body: Data) -> [[String: Any]] {
        server.receive(body).compactMap { (try? JSONSerialization.jsonObject(with: $0)) as? [String: Any] }
    }

    mutating func request(_ method: String, _ params: Any) -> [String: Any] {
        let id = nextID
        nextID += 1
        let body = (try? JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": id, "method": method, "params": params])) ?? Data()
        return send(body).first { ($0["id"] as? Int) == id } ?? [:]
    }

    mutating func notify(_ method: String, _ params: Any) -> [[String: Any]] {
        let body = (try? JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "method": method, "params": params])) ?? Data()
        return send(body)
    }

    /// Opens a document; its published diagnostics.
    mutating func open(_ text: String, uri: String = ServerSession.scenarioURI) -> [[String: Any]] {
        let published = notify("textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]])
        return ServerSession.diagnostics(in: published, uri: uri)
    }

    static func diagnostics(in messages: [[String: Any]], uri: String) -> [[String: Any]] {
        for message in messages where message["method"] as? String == "textDocument/publishDiagnostics" {
            if let params = message["params"] as? [String: Any], params["uri"] as? String == uri {
                return params["diagnostics"] as? [[String: Any]] ?? []
            }
        }
        return []
    }

    /// The result of a request at a position of the scenario.
    mutating func at(_ method: String, line: Int, character: Int, uri: String = ServerSession.scenarioURI, extra: [String: Any] = [:]) -> [String: Any] {
        var params: [String: Any] = ["textDocument": ["uri": uri], "position": ["line": line, "character": character]]
        params.merge(extra) { $1 }
        return request(method, params)
    }

    /// The 0-based line and UTF-16 character where `needle` starts in `text` (plus `offset`).
    static func position(of needle: String, in text: String, offset: Int = 0) -> (line: Int, character: Int) {
        let lines = text.components(separatedBy: "\n")
        for (index, line) in lines.enumerated() {
            if let range = line.range(of: needle) {
                return (index, line[..<range.lowerBound].utf16.count + offset)
            }
        }
        return (-1, -1)
    }
}

extension Dictionary where Key == String, Value == Any {
    var error: [String: Any]? { self["error"] as? [String: Any] }
    var errorCode: Int? { error?["code"] as? Int }
}
