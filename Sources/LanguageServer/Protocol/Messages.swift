// The parameters and results of the Language Server Protocol methods the server implements,
// with only the fields it reads or writes (a client's other fields are ignored).

struct InitializeParams: Decodable {
    var rootUri: String?
    var initializationOptions: InitializationOptions?
}

/// `initializationOptions` the server understands.
struct InitializationOptions: Decodable {
    /// Milliseconds of quiet after a change before diagnostics are computed.
    var debounceMilliseconds: Int?
}

struct InitializeResult: Encodable {
    struct ServerInfo: Encodable {
        var name: String
        var version: String
    }

    struct Capabilities: Encodable {
        struct Sync: Encodable {
            var openClose = true
            /// 1: the whole text on every change.
            var change = 1
            var save = SaveOptions()
        }

        struct SaveOptions: Encodable {
            var includeText = false
        }

        struct CompletionOptions: Encodable {
            var triggerCharacters = ["@", ":", " ", "[", "{", ","]
            var resolveProvider = false
        }

        struct RenameOptions: Encodable {
            var prepareProvider = false
        }

        struct CodeActionOptions: Encodable {
            var codeActionKinds = ["quickfix", "source"]
        }

        struct ExecuteCommandOptions: Encodable {
            var commands = ["salessim.try"]
        }

        var positionEncoding = "utf-16"
        var textDocumentSync = Sync()
        var completionProvider = CompletionOptions()
        var hoverProvider = true
        var definitionProvider = true
        var referencesProvider = true
        var documentSymbolProvider = true
        var renameProvider = RenameOptions()
        var codeActionProvider = CodeActionOptions()
        var executeCommandProvider = ExecuteCommandOptions()
    }

    var capabilities = Capabilities()
    var serverInfo: ServerInfo
}

struct TextDocumentItem: Decodable {
    var uri: String
    var version: Int?
    var text: String
}

struct DidOpenParams: Decodable {
    var textDocument: TextDocumentItem
}

struct DidChangeParams: Decodable {
    struct Change: Decodable {
        var range: TextRange?
        var text: String
    }

    struct VersionedDocument: Decodable {
        var uri: String
        var version: Int?
    }

    var textDocument: VersionedDocument
    var contentChanges: [Change]
}

struct DocumentParams: Decodable {
    var textDocument: TextDocumentIdentifier
}

struct PositionParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var position: Position
}

struct ReferenceParams: Decodable {
    struct Context: Decodable {
        var includeDeclaration: Bool
    }

    var textDocument: TextDocumentIdentifier
    var position: Position
    var context: Context?
}

struct RenameParams: Decodable {
    var textDocument: TextDocumentIdentifier
    var position: Position
    var newName: String
}

struct CodeActionParams: Decodable {
    struct Context: Decodable {
        var diagnostics: [LSPDiagnostic]
    }

    var textDocument: TextDocumentIdentifier
    var range: TextRange
    var context: Context
}

/// A diagnostic as the protocol sends it.
public struct LSPDiagnostic: Codable, Hashable, Sendable {
    public struct CodeDescription: Codable, Hashable, Sendable {
        public var href: String
    }

    public var range: TextRange
    /// 1 error, 2 warning.
    public var severity: Int?
    public var code: String?
    public var codeDescription: CodeDescription?
    public var source: String?
    public var message: String
}

struct PublishDiagnosticsParams: Encodable {
    var uri: String
    var version: Int?
    var diagnostics: [LSPDiagnostic]
}

/// A completion item; `kind` numbers are the protocol's CompletionItemKind.
struct CompletionItem: Encodable, Equatable {
    enum Kind: Int, Encodable {
        case text = 1, function = 3, field = 5, variable = 6, module = 9, property = 10, value = 12, enumMember = 20, constant = 21, reference = 18
    }

    var label: String
    var kind: Kind
    var detail: String?
    var documentation: MarkupContent?
    var textEdit: TextEdit?
    var filterText: String?
    var sortText: String?
}

struct CompletionList: Encodable {
    var isIncomplete = false
    var items: [CompletionItem]
}

struct MarkupContent: Encodable, Equatable {
    var kind = "markdown"
    var value: String
}

struct Hover: Encodable {
    var contents: MarkupContent
    var range: TextRange?
}

/// A symbol of the outline; `kind` numbers are the protocol's SymbolKind.
struct DocumentSymbol: Encodable {
    enum Kind: Int, Encodable {
        case namespace = 3, function = 12, variable = 13, enumMember = 22, event = 24
    }

    var name: String
    var detail: String?
    var kind: Kind
    var range: TextRange
    var selectionRange: TextRange
    var children: [DocumentSymbol]?
}

struct CodeAction: Encodable {
    var title: String
    var kind = "quickfix"
    var diagnostics: [LSPDiagnostic]?
    var isPreferred: Bool?
    var edit: WorkspaceEdit?
    var command: Command?
}

/// A command the client asks the server to run (`workspace/executeCommand`).
struct Command: Codable, Equatable {
    var title: String
    var command: String
    var arguments: [String]
}

struct ExecuteCommandParams: Decodable {
    var command: String
    var arguments: [String]?
}

struct ShowMessageParams: Encodable {
    /// 3: info.
    var type = 3
    var message: String
}
