import Foundation
import ScenarioKit

/// An open document: the editor's text (not the file on disk), what lint said about it, and
/// what the features need (the index of names and the model), built when first asked for.
struct Document {
    var uri: String
    var path: String
    var version: Int?
    var text: String
    var lines: TextLines
    var kind: ScenarioLibrary.FileKind
    /// True when the text changed since diagnostics were last published.
    var needsLint = true
    /// The diagnostics last published, as lint reported them.
    var diagnostics: [Diagnostic] = []
    /// The index and model of the last text that parsed (kept while the text does not).
    var analysis: Analysis?
    /// The version `analysis` was built from; nil when it is stale.
    var analysedText: String?

    init(uri: String, version: Int?, text: String) {
        self.uri = uri
        path = Document.path(of: uri)
        self.version = version
        self.text = text
        lines = TextLines(text)
        kind = ScenarioLibrary.kind(of: path, head: Array(text.utf8.prefix(64 * 1024)))
        isInLibraryFolder = ScenarioLibrary.rulebookPath(for: path, fallback: nil) != nil
    }

    /// Replaces the text.
    mutating func update(text: String, version: Int?) {
        self.text = text
        self.version = version
        lines = TextLines(text)
        kind = ScenarioLibrary.kind(of: path, head: Array(text.utf8.prefix(64 * 1024)))
        needsLint = true
    }

    /// Whether the document is one of salessim's files: a rulebook, a calibration corpus, a file
    /// with a top-level `scenario:`, or any YAML file in a folder with a `rulebook.yaml` above it.
    /// Editors send every YAML file (a CI workflow, a compose file); those are left alone.
    var isLibraryFile: Bool {
        if kind != .scenario { return true }
        return isInLibraryFolder || text.hasPrefix("scenario:") || text.contains("\nscenario:")
    }

    /// Whether a `rulebook.yaml` is in the file's folder or above (looked up once: it is the path's).
    let isInLibraryFolder: Bool

    /// The file path of a `file:` URI (percent-decoded); other URIs are used as they are.
    static func path(of uri: String) -> String {
        if let url = URL(string: uri), url.isFileURL { return url.standardizedFileURL.path }
        return uri
    }

    /// The `file:` URI of a path.
    static func uri(of path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }
}

/// What the features know of a document: its names and, for a scenario, its model.
struct Analysis {
    var index: DocumentIndex
    var scenario: Scenario?
    var rulebook: Rulebook?
}
