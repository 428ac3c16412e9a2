import Foundation
import Matching
import ScenarioKit

/// The language server for scenario, rulebook and calibration files: JSON-RPC messages in,
/// JSON-RPC messages out, no I/O of its own (``StdioTransport`` is the edge).
///
/// ```swift
/// var server = Server(configuration: .init(fallbackRulebook: "Scenarios/rulebook.yaml"))
/// let replies = server.receive(body)          // responses to a request, at once
/// if server.hasPendingDiagnostics {
///     let notes = server.publishDiagnostics() // after the debounce: publishDiagnostics
/// }
/// ```
///
/// Diagnostics are lint's own (``Linter/lint(file:contents:)``): the same loaders, limits and
/// checks as `salessim lint FILE`, on the editor's text. The linter keeps each rulebook parsed;
/// a change re-lints only the changed document (and, for a rulebook, the open scenarios).
public struct Server {
    /// What the server is started with.
    public struct Configuration: Sendable {
        /// The rulebook for scenarios with none in their folder or above (the library's).
        public var fallbackRulebook: String?
        /// The manual: feedback quotes are checked against it, and hovers quote its sections.
        public var manual: ManualText?
        /// The manual's sections, quoted by the hover of a rule.
        public var manualSections: ManualSections?
        /// `Scenarios/README.md`, whose sections explain the diagnostic codes.
        public var readmePath: String?
        /// The version reported to the client.
        public var version: String

        public init(fallbackRulebook: String? = nil, manual: ManualText? = nil, manualSections: ManualSections? = nil, readmePath: String? = nil, version: String = "0") {
            self.fallbackRulebook = fallbackRulebook
            self.manual = manual
            self.manualSections = manualSections
            self.readmePath = readmePath
            self.version = version
        }
    }

    enum State {
        case uninitialized, running, shutDown
    }

    let configuration: Configuration
    var linter: Linter
    var documents: [String: Document] = [:]
    var state = State.uninitialized
    /// Files outside the open documents that were given diagnostics (a rulebook's errors shown
    /// with a scenario), by URI, so that they are cleared when fixed.
    var foreignDiagnostics: Set<String> = []
    /// When each rulebook that is not open was last read from disk (its modification date), so
    /// that one changed behind the editor's back (a `git pull`) is read again.
    var rulebookDates: [String: Date] = [:]
    /// The matcher of the last pattern hover and a hash of the lexicons it was built over.
    var matcherCache: (key: Int, matcher: Matcher)?
    /// Set by the `exit` notification: 0 after `shutdown`, 1 otherwise.
    public private(set) var exitCode: Int32?
    /// The debounce the client asked for in `initializationOptions`, if any.
    public private(set) var requestedDebounceMilliseconds: Int?

    public init(configuration: Configuration) {
        self.configuration = configuration
        linter = Linter(fallbackRulebook: configuration.fallbackRulebook)
        linter.manual = configuration.manual
    }

    /// Whether `shutdown` was asked for (the input ending then is a clean end: status 0).
    public var hasShutDown: Bool { state == .shutDown }

    /// Whether a change awaits its diagnostics.
    public var hasPendingDiagnostics: Bool {
        documents.values.contains { $0.needsLint }
    }

    /// Handles one message body; returns the bodies to send (responses, and notifications such
    /// as the diagnostics of a document just opened).
    public mutating func receive(_ body: Data) -> [Data] {
        guard let header = try? JSONDecoder().decode(IncomingHeader.self, from: body) else {
            if (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) != nil {
                return [JSONCoding.encode(OutgoingError(id: nil, error: ResponseError(.invalidRequest, "a JSON-RPC message must be an object")))]
            }
            return [JSONCoding.encode(OutgoingError(id: nil, error: ResponseError(.parseError, "the message is not valid JSON")))]
        }
        guard let method = header.method else {
            if header.hasResult { return [] }  // a response to a request of ours: we send none
            return [JSONCoding.encode(OutgoingError(id: header.id, error: ResponseError(.invalidRequest, "a request needs a 'method'")))]
        }
        if let id = header.id {
            return request(id: id, method: method, body: body)
        }
        return notification(method: method, body: body)
    }

    /// Lints every changed document; returns its `textDocument/publishDiagnostics`.
    public mutating func publishDiagnostics() -> [Data] {
        var out: [Data] = []
        let pending = documents.filter(\.value.needsLint).keys.sorted()
        // A rulebook first: the scenarios after it are checked against its new text.
        let ordered = pending.filter { documents[$0]?.kind == .rulebook } + pending.filter { documents[$0]?.kind != .rulebook }
        for uri in ordered {
            out += lint(uri: uri)
        }
        return out
    }

    // MARK: - Dispatch

    private mutating func request(id: RequestID, method: String, body: Data) -> [Data] {
        switch state {
        case .uninitialized where method != "initialize":
            return [error(id, .serverNotInitialized, "the server is not initialized yet")]
        case .shutDown:
            return [error(id, .invalidRequest, "the server is shut down")]
        default: break
        }
        do {
            switch method {
            case "initialize":
                guard state == .uninitialized else { return [error(id, .invalidRequest, "the server is already initialized")] }
                let params = try decode(InitializeParams.self, body)
                requestedDebounceMilliseconds = params.initializationOptions?.debounceMilliseconds
                state = .running
                return [respond(id, InitializeResult(serverInfo: .init(name: "salessim", version: configuration.version)))]
            case "shutdown":
                state = .shutDown
                return [respond(id, Optional<Int>.none)]
            case "textDocument/completion":
                let params = try decode(PositionParams.self, body)
                return [respond(id, completion(params))]
            case "textDocument/hover":
                let params = try decode(PositionParams.self, body)
                return [respond(id, hover(params))]
            case "textDocument/definition":
                let params = try decode(PositionParams.self, body)
                return [respond(id, definition(params))]
            case "textDocument/references":
                let params = try decode(ReferenceParams.self, body)
                return [respond(id, references(params))]
            case "textDocument/documentSymbol":
                let params = try decode(DocumentParams.self, body)
                return [respond(id, documentSymbols(params))]
            case "textDocument/rename":
                let params = try decode(RenameParams.self, body)
                return [respond(id, try rename(params))]
            case "textDocument/codeAction":
                let params = try decode(CodeActionParams.self, body)
                return [respond(id, codeActions(params))]
            case "workspace/executeCommand":
                let params = try decode(ExecuteCommandParams.self, body)
                let summary = try execute(params)
                return [respond(id, summary), notify("window/showMessage", ShowMessageParams(message: summary))]
            default:
                return [error(id, .methodNotFound, "unknown method '\(method)'")]
            }
        } catch let failure as ResponseError {
            return [JSONCoding.encode(OutgoingError(id: id, error: failure))]
        } catch {
            return [self.error(id, .invalidParams, "\(error)")]
        }
    }

    private mutating func notification(method: String, body: Data) -> [Data] {
        if method == "exit" {
            exitCode = state == .shutDown ? 0 : 1
            return []
        }
        guard state == .running else { return [] }
        switch method {
        case "textDocument/didOpen":
            guard let params = try? decode(DidOpenParams.self, body) else { return [] }
            let document = Document(uri: params.textDocument.uri, version: params.textDocument.version, text: params.textDocument.text)
            documents[document.uri] = document
            // NB: a document just opened gets its diagnostics at once, not after the debounce.
            return lint(uri: document.uri)
        case "textDocument/didChange":
            guard let params = try? decode(DidChangeParams.self, body), var document = documents[params.textDocument.uri] else { return [] }
            var text = document.text
            for change in params.contentChanges {
                if let range = change.range {
                    text = TextLines.replacing(range, with: change.text, in: text)
                } else {
                    text = change.text
                }
            }
            document.update(text: text, version: params.textDocument.version)
            documents[document.uri] = document
            if document.kind == .rulebook { markScenariosForLint() }
            return []
        case "textDocument/didClose":
            guard let params = try? decode(DocumentParams.self, body), let document = documents.removeValue(forKey: params.textDocument.uri) else { return [] }
            if document.kind == .rulebook {
                linter.forgetRulebook(at: document.path)
                markScenariosForLint()
            }
            return [notify("textDocument/publishDiagnostics", PublishDiagnosticsParams(uri: document.uri, version: nil, diagnostics: []))]
        default:
            // Unknown notifications (and `$/` ones) are ignored, as the protocol says.
            return []
        }
    }

    private mutating func markScenariosForLint() {
        for uri in documents.keys where documents[uri]?.kind != .rulebook {
            documents[uri]?.needsLint = true
            documents[uri]?.analysedText = nil
        }
    }

    // MARK: - Helpers

    func decode<Params: Decodable>(_ type: Params.Type, _ body: Data) throws -> Params {
        do {
            return try JSONDecoder().decode(IncomingParams<Params>.self, from: body).params
        } catch {
            throw ResponseError(.invalidParams, "the params are not those of the method")
        }
    }

    func respond<Result: Encodable>(_ id: RequestID, _ result: Result?) -> Data {
        JSONCoding.encode(OutgoingResponse(id: id, result: result))
    }

    func error(_ id: RequestID?, _ code: ErrorCode, _ message: String) -> Data {
        JSONCoding.encode(OutgoingError(id: id, error: ResponseError(code, message)))
    }

    func notify<Params: Encodable>(_ method: String, _ params: Params) -> Data {
        JSONCoding.encode(OutgoingNotification(method: method, params: params))
    }
}
