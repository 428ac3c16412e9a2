import Foundation

/// What a trainer decided about replies trainees typed that the scenario did not understand:
/// the scenario's sidecar file, `NAME.inbox.yaml` beside `NAME.yaml`, written by `salessim inbox`.
///
/// The trainer's own scenario file is never rewritten: accepted phrasings live here, and the
/// loader adds them to the reply's `examples:` (lint checks them like any example). The file is
/// plain YAML a trainer may also edit:
///
/// ```yaml
/// inbox-for: payment-delay
/// examples:        # taken as examples of a reply
///   - {node: plan, reply: 1, text: "6号下午送过去，5号他们大客户回款"}
/// new-replies:     # phrasings that need a reply of their own (write it, then delete the entry)
///   - {node: plan, text: "先问问陈老板哪天方便"}
/// dismissed:       # not worth a reply; not shown again
///   - {node: plan, text: "asdf"}
/// ```
public struct InboxFile: Sendable, Hashable {
    /// One decided phrasing.
    public struct Entry: Sendable, Hashable {
        public var node: String
        /// The 1-based reply number, for an accepted example.
        public var reply: Int?
        public var text: String
        public var location: SourceLocation

        public init(node: String, reply: Int? = nil, text: String, location: SourceLocation = SourceLocation(path: "", line: 0, column: 0)) {
            self.node = node
            self.reply = reply
            self.text = text
            self.location = location
        }

        public static func == (a: Entry, b: Entry) -> Bool { a.node == b.node && a.reply == b.reply && a.text == b.text }
        public func hash(into hasher: inout Hasher) {
            hasher.combine(node)
            hasher.combine(reply)
            hasher.combine(text)
        }
    }

    public var scenario: String
    public var examples: [Entry] = []
    public var newReplies: [Entry] = []
    public var dismissed: [Entry] = []

    public init(scenario: String, examples: [Entry] = [], newReplies: [Entry] = [], dismissed: [Entry] = []) {
        self.scenario = scenario
        self.examples = examples
        self.newReplies = newReplies
        self.dismissed = dismissed
    }

    static let topKeys = ["inbox-for", "examples", "new-replies", "dismissed"]
    static let entryKeys = ["node", "reply", "text"]

    /// The sidecar's path for a scenario file: `x/NAME.inbox.yaml` for `x/NAME.yaml`.
    ///
    /// NB: on strings (`ScenarioLibrary.standardPath`), not through `URL`: a quarter of a
    /// millisecond of a visit's start, which looks for the file beside its scenario.
    public static func path(forScenario path: String) -> String {
        let standard = ScenarioLibrary.standardPath(path)
        let name = standard.lastIndex(of: "/").map { standard.index(after: $0) } ?? standard.startIndex
        if let dot = standard[name...].lastIndex(of: "."), dot > name, standard.index(after: dot) < standard.endIndex {
            return standard[..<dot] + ".inbox.yaml"
        }
        return standard + ".inbox.yaml"
    }

    /// Whether `node` and `text` were decided already (accepted, marked or dismissed).
    public func decided(node: String, text: String) -> Bool {
        (examples + newReplies + dismissed).contains { $0.node == node && $0.text == text }
    }

    /// Reads a sidecar file; problems are diagnostics at their place in it.
    public static func load(path: String) -> LoadResult<InboxFile> {
        let document = YAMLDocument.load(path: path)
        guard let root = document.root else { return LoadResult(value: nil, diagnostics: document.diagnostics, text: document.text) }
        let reader = NodeReader()
        guard let top = reader.map(root, "the inbox file", allowed: topKeys, required: ["inbox-for"]) else {
            return LoadResult(value: nil, diagnostics: document.diagnostics + reader.diagnostics, text: document.text)
        }
        func entries(_ key: String, replyRequired: Bool) -> [Entry] {
            guard let node = top[key] else { return [] }
            return (reader.list(node, "'\(key)'") ?? []).compactMap { item in
                guard let map = reader.map(item, "an entry of '\(key)'", allowed: entryKeys, required: replyRequired ? ["node", "reply", "text"] : ["node", "text"]),
                      let nodeID = reader.string(map["node"], "'node'"), let text = reader.string(map["text"], "'text'") else { return nil }
                let reply = map["reply"].flatMap { reader.int($0, "'reply' (a reply number)", range: 1...ScenarioLoader.maximumRepliesPerNode) }
                return Entry(node: nodeID, reply: reply, text: text, location: (map["text"] ?? item).location)
            }
        }
        let file = InboxFile(scenario: reader.string(top["inbox-for"], "'inbox-for' (the scenario id)") ?? "",
                             examples: entries("examples", replyRequired: true), newReplies: entries("new-replies", replyRequired: false),
                             dismissed: entries("dismissed", replyRequired: false))
        return LoadResult(value: file, diagnostics: document.diagnostics + reader.diagnostics, text: document.text)
    }

    /// The file's YAML text (strings quoted as JSON strings, which YAML reads as they are).
    public func yaml() -> String {
        func quoted(_ text: String) -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
        }
        func section(_ key: String, _ entries: [Entry], note: String) -> String {
            guard !entries.isEmpty else { return "" }
            return "\n\(key):  # \(note)\n" + entries.map { entry in
                "  - {node: \(quoted(entry.node))" + (entry.reply.map { ", reply: \($0)" } ?? "") + ", text: \(quoted(entry.text))}\n"
            }.joined()
        }
        return "# Written by `salessim inbox`: replies trainees typed at this scenario, as the trainer decided.\n"
            + "# The scenario file is never changed; the entries under examples: count as the reply's examples.\n"
            + "inbox-for: \(quoted(scenario))\n"
            + section("examples", examples, note: "taken as examples of the reply")
            + section("new-replies", newReplies, note: "need a reply of their own: write it in the scenario, then delete the entry")
            + section("dismissed", dismissed, note: "not worth a reply; not shown again")
    }
}
