import Foundation
import Matching

/// The result of loading a file: the value when it could be built, and every problem found.
public struct LoadResult<Value: Sendable>: Sendable {
    public var value: Value?
    public var diagnostics: [Diagnostic]
    /// The file's text, for diagnostic snippets.
    ///
    /// NB: a file read from a snapshot keeps its bytes, decoded only when asked for: a visit's
    /// start never shows the rulebook's text, and decoding its 250 KB was a fifth of reading it.
    public var text: String {
        get {
            switch source {
            case let .text(text): text
            case let .utf8(bytes): LoadResult.decode(bytes)
            }
        }
        set { source = .text(newValue) }
    }
    /// The file's text as UTF-8 bytes, without decoding it when it was read as bytes (a clean
    /// mark names a scenario by them).
    var utf8: Data {
        switch source {
        case let .text(text): Data(text.utf8)
        case let .utf8(bytes): bytes
        }
    }

    /// Other files read with it and their text (a scenario's `NAME.inbox.yaml`), for snippets.
    public var otherSources: [String: String] = [:]

    private var source: Source

    private enum Source: Sendable {
        case text(String)
        /// UTF-8 without NUL bytes, as the parser was given it (a leading byte-order mark dropped).
        case utf8(Data)
    }

    init(value: Value?, diagnostics: [Diagnostic], text: String) {
        self.value = value
        self.diagnostics = diagnostics
        self.source = .text(text)
    }

    /// A result whose text is `bytes`, known to be UTF-8 (decoded when ``text`` is read).
    init(value: Value?, diagnostics: [Diagnostic], utf8 bytes: Data) {
        self.value = value
        self.diagnostics = diagnostics
        self.source = .utf8(bytes)
    }

    private static func decode(_ bytes: Data) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        return text
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Builds a ``Scenario`` from a YAML file, collecting every problem instead of stopping.
public enum ScenarioLoader {
    static let topKeys = ["scenario", "title", "language", "summary", "minutes", "customer", "state", "pass", "start", "nodes", "endings", "lexicons", "tests"]
    static let nodeKeys = ["phase", "role", "speaker", "narration", "customer", "hint", "replies", "otherwise", "clarify", "ahead", "rules"]
    static let nodeRuleKeys = ["off"]
    static let replyKeys = ["option", "match", "examples", "list", "if", "judge", "set", "customer", "narration", "next"]
    static let otherwiseKeys = ["customer", "narration", "set", "next", "judge"]
    static let endingKeys = ["outcome", "when", "narration", "customer", "judge"]
    static let testKeys = ["name", "seed", "replies", "expect"]
    static let expectKeys = ["ending", "path", "outcome", "min-score", "max-score", "pass"]

    /// A scenario with more nodes than this is refused (SC0018): split it.
    public static let maximumNodes = 2_000
    /// A node with more replies than this is refused (SC0018).
    public static let maximumRepliesPerNode = 200
    /// The points of one judgment (`judge: {rule: +2}`) are at most this, either way (SC0015):
    /// far beyond any weight, and small enough that no scorecard sum can overflow.
    public static let maximumJudgmentPoints = 1_000

    /// Loads the scenario at `path` (syntax and shape only; see ``ScenarioValidator`` for the rest).
    ///
    /// The scenario's inbox file (`NAME.inbox.yaml` beside it, see ``InboxFile``) is read with it:
    /// its accepted phrasings join their replies' `examples:`, and its bytes count in the
    /// content hash, since they change what the scenario understands.
    public static func load(path: String, cache: YAMLCache? = nil) -> LoadResult<Scenario> {
        // NB: the file is read once, for its YAML and its content hash alike. With a cache, a
        // scenario built before from these very bytes (without an inbox file beside it, and
        // without any diagnostic) is read from its snapshot instead of being built again from its
        // YAML tree: see ScenarioSnapshot.
        if let data = YAMLDocument.contents(ofSmallFile: path) {
            let keepable = cache != nil && !FileManager.default.fileExists(atPath: InboxFile.path(forScenario: path))
            if keepable, let scenario = cache?.scenario(for: data, path: path) {
                return LoadResult(value: scenario, diagnostics: [], utf8: data)
            }
            let result = withInbox(YAMLDocument.parse(data: data, path: path, cache: cache), data: data, path: path)
            if keepable, result.diagnostics.isEmpty, result.otherSources.isEmpty, let scenario = result.value {
                cache?.keep(scenario, for: data, path: path)
            }
            return result
        }
        // A file that is missing, too large or not a regular file: YAMLDocument says which.
        let document = YAMLDocument.load(path: path, cache: cache)
        return withInbox(document, data: FileManager.default.contents(atPath: path) ?? Data(), path: path)
    }

    /// Builds the scenario of `document` (read from `data`) with the inbox file beside `path`.
    static func withInbox(_ document: YAMLDocument.Result, data: Data, path: String) -> LoadResult<Scenario> {
        var data = data
        let sidecarPath = InboxFile.path(forScenario: path)
        let sidecar = FileManager.default.fileExists(atPath: sidecarPath) ? InboxFile.load(path: sidecarPath) : nil
        if sidecar != nil { data += FileManager.default.contents(atPath: sidecarPath) ?? Data() }
        var result = build(document, path: path, contentHash: ContentHash.of(data))
        if let sidecar {
            result.otherSources[sidecarPath] = sidecar.text
            result.diagnostics += sidecar.diagnostics
            if var scenario = result.value, let file = sidecar.value {
                result.diagnostics += merge(file, into: &scenario)
                result.value = scenario
            }
        }
        return result
    }

    /// Adds an inbox file's accepted phrasings to their replies' examples; what does not fit the
    /// scenario (another scenario's file, a node or reply that is gone) is reported at its line.
    static func merge(_ file: InboxFile, into scenario: inout Scenario) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if file.scenario != scenario.id {
            let at = file.examples.first?.location ?? SourceLocation(path: InboxFile.path(forScenario: scenario.path), line: 1, column: 1)
            return [.error(.invalidValue, "this inbox file is for scenario '\(file.scenario)', but it sits beside '\(scenario.id)'; rename or move it", at: at)]
        }
        for entry in file.examples {
            guard let nodeIndex = scenario.nodes.firstIndex(where: { $0.id == entry.node }) else {
                var message = "the inbox file names node '\(entry.node)', which scenario '\(scenario.id)' no longer has"
                if let suggestion = Spelling.closest(to: entry.node, in: scenario.nodes.map(\.id)) { message += "; did you mean '\(suggestion)'?" }
                diagnostics.append(.error(.unknownTarget, message, at: entry.location))
                continue
            }
            let replies = scenario.nodes[nodeIndex].replies.count
            guard let number = entry.reply, (1...max(1, replies)).contains(number), number <= replies else {
                diagnostics.append(.error(.invalidValue, "the inbox file accepts a phrasing as reply \(entry.reply ?? 0) of node '\(entry.node)', which has \(replies) repl\(replies == 1 ? "y" : "ies")", at: entry.location))
                continue
            }
            scenario.nodes[nodeIndex].replies[number - 1].examples.append(Located(entry.text, at: entry.location))
        }
        return diagnostics
    }

    /// Loads a scenario from text (tests, fuzzing).
    public static func load(text: String, path: String) -> LoadResult<Scenario> {
        build(YAMLDocument.parse(text: text, path: path), path: path, contentHash: ContentHash.of(Data(text.utf8)))
    }

    /// Loads a scenario from an editor's buffer of the file at `path`: as ``load(path:)``, with the
    /// inbox file beside it on disk.
    public static func load(buffer: Data, path: String) -> LoadResult<Scenario> {
        withInbox(YAMLDocument.parse(data: buffer, path: path), data: buffer, path: path)
    }

    /// Loads a scenario from file contents (tests, fuzzing): the same checks as a file on disk.
    public static func load(data: Data, path: String) -> LoadResult<Scenario> {
        build(YAMLDocument.parse(data: data, path: path), path: path, contentHash: ContentHash.of(data))
    }

    /// Builds a scenario from a document already parsed (the language server indexes the same
    /// tree, and parses each text once).
    public static func load(parsed document: YAMLDocument.Result, path: String) -> LoadResult<Scenario> {
        build(document, path: path, contentHash: ContentHash.of(Data(document.text.utf8)))
    }

    static func build(_ document: YAMLDocument.Result, path: String, contentHash: String) -> LoadResult<Scenario> {
        guard let root = document.root else {
            return LoadResult(value: nil, diagnostics: document.diagnostics, text: document.text)
        }
        let reader = NodeReader()
        let scenario = ScenarioBuilder(reader: reader, path: path).scenario(root, contentHash: contentHash)
        return LoadResult(value: scenario, diagnostics: document.diagnostics + reader.diagnostics, text: document.text)
    }
}

/// Stable short hashes of file contents (FNV-1a, 64 bit), recorded with sessions.
public enum ContentHash {
    public static func of(_ data: Data) -> String {
        // NB: over the bytes in place: through Data's iterator, byte by byte, hashing a scenario
        // took a tenth of a millisecond of a visit's start. The same FNV-1a, the same hash.
        let hash = data.withUnsafeBytes { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}

/// Turns the YAML tree of a scenario into the model.
struct ScenarioBuilder {
    let reader: NodeReader
    let path: String

    func scenario(_ root: YAMLNode, contentHash: String) -> Scenario? {
        guard root.pairs != nil else {
            reader.error(.emptyDocument, "a scenario file must be a map with 'scenario:', 'title:', 'nodes:' ... at the top, not \(root.kindDescription)", at: root.location)
            return nil
        }
        guard let top = reader.map(root, "the scenario", allowed: ScenarioLoader.topKeys,
                                   required: ["scenario", "title", "language", "customer", "start", "nodes", "endings"]) else { return nil }
        guard withinLimits(top) else { return nil }
        let id = reader.string(top["scenario"], "'scenario' (the id)") ?? ""
        if let node = top["scenario"], !id.isEmpty, !Identifier.isValid(id) {
            reader.error(.invalidValue, "scenario id '\(id)' may contain only lower-case letters, digits, '-' and '_'", at: node.location)
        }
        let title = reader.string(top["title"], "'title'") ?? id
        let language = reader.choice(top["language"], "language", as: ScenarioLanguage.self) ?? .zhHans
        let customer = top["customer"].flatMap(customer) ?? Customer(name: "", role: .decisionMaker, temperament: .impatient, kind: .new)
        let state = top["state"].map(stateVariables) ?? []
        let pass = reader.int(top["pass"], "'pass' (the pass mark in percent)", range: 0...100) ?? 70
        let start = top["start"].flatMap { node in reader.string(node, "'start'").map { Located($0, at: node.location) } }
            ?? Located("", at: root.location)
        let nodes = top["nodes"].map(nodes) ?? []
        let endings = top["endings"].map(endings) ?? []
        let lexicons = top["lexicons"].map(lexicons) ?? [:]
        let tests = top["tests"].map(tests) ?? []
        return Scenario(
            id: id, title: title, language: language,
            summary: reader.string(top["summary"], "'summary'"),
            minutes: reader.int(top["minutes"], "'minutes'", range: 1...600),
            customer: customer, state: state, pass: pass, start: start, nodes: nodes, endings: endings,
            lexicons: lexicons, tests: tests, path: path, contentHash: contentHash, location: root.location
        )
    }

    /// Whether the node and reply counts are within the limits; each excess is an SC0018 error,
    /// and a scenario over a limit is refused whole, before anything is built from it.
    func withinLimits(_ top: [String: YAMLNode]) -> Bool {
        guard let nodesNode = top["nodes"], let pairs = nodesNode.pairs else { return true }
        var within = true
        if pairs.count > ScenarioLoader.maximumNodes {
            reader.error(.tooComplex, "too many nodes: the scenario has \(pairs.count) nodes; the limit is \(ScenarioLoader.maximumNodes) (split the scenario)", at: nodesNode.location)
            within = false
        }
        for (key, value) in pairs {
            guard let repliesNode = value.pairs?.first(where: { $0.key.string == "replies" })?.value,
                  let replies = repliesNode.items, replies.count > ScenarioLoader.maximumRepliesPerNode else { continue }
            reader.error(.tooComplex, "too many replies: node '\(key.string ?? "")' has \(replies.count) replies; the limit is \(ScenarioLoader.maximumRepliesPerNode) (split the node)", at: repliesNode.location)
            within = false
        }
        return within
    }

    func customer(_ node: YAMLNode) -> Customer? {
        guard let map = reader.map(node, "'customer'", allowed: ["name", "role", "temperament", "kind", "profile"],
                                   required: ["name", "role", "temperament", "kind"]) else { return nil }
        return Customer(
            name: reader.string(map["name"], "the customer's name") ?? "",
            role: reader.choice(map["role"], "role", as: Role.self) ?? .decisionMaker,
            temperament: reader.choice(map["temperament"], "temperament", as: Temperament.self) ?? .impatient,
            kind: reader.choice(map["kind"], "kind", as: CustomerKind.self) ?? .new,
            profile: reader.string(map["profile"], "the customer's profile")
        )
    }

    func stateVariables(_ node: YAMLNode) -> [StateVariable] {
        reader.entries(node, "'state'").compactMap { name, keyNode, value in
            guard Identifier.isVariable(name) else {
                reader.error(.invalidValue, "state variable '\(name)' must start with a letter and contain only letters, digits, '-' and '_'", at: keyNode.location)
                return nil
            }
            if let int = value.int {
                guard Expression.numberRange.contains(int) else {
                    reader.error(.invalidValue, "state variable '\(name)' starts at \(int), outside the allowed range \(Expression.numberRange.lowerBound)…\(Expression.numberRange.upperBound)", at: value.location)
                    return nil
                }
                return StateVariable(name: name, initial: .int(int), location: keyNode.location)
            }
            if let bool = value.bool { return StateVariable(name: name, initial: .bool(bool), location: keyNode.location) }
            reader.error(.wrongType, "state variable '\(name)' must start as a whole number or true/false, not \(value.kindDescription)", at: value.location)
            return nil
        }
    }

    func nodes(_ node: YAMLNode) -> [ScenarioNode] {
        reader.entries(node, "'nodes'").compactMap { id, keyNode, value in
            if !Identifier.isValid(id) {
                reader.error(.invalidValue, "node id '\(id)' may contain only lower-case letters, digits, '-' and '_'", at: keyNode.location)
            }
            guard let map = reader.map(value, "node '\(id)'", allowed: ScenarioLoader.nodeKeys, required: ["phase", "replies"]) else { return nil }
            let replies = reader.list(map["replies"], "'replies' of node '\(id)'")?.compactMap { reply($0, node: id) } ?? []
            if let repliesNode = map["replies"], repliesNode.items?.isEmpty == true {
                reader.error(.missingKey, "node '\(id)' needs at least one reply", at: repliesNode.location)
            }
            return ScenarioNode(
                id: id, location: keyNode.location,
                phase: reader.choice(map["phase"], "phase", as: Phase.self) ?? .opening,
                role: reader.choice(map["role"], "role", as: Role.self),
                speaker: reader.string(map["speaker"], "'speaker'"),
                narration: reader.string(map["narration"], "'narration'"),
                customer: reader.strings(map["customer"], "'customer'") ?? [],
                hint: reader.string(map["hint"], "'hint'"),
                replies: replies,
                otherwise: map["otherwise"].flatMap { response($0, "'otherwise' of node '\(id)'", keys: ScenarioLoader.otherwiseKeys) },
                clarify: reader.strings(map["clarify"], "'clarify'") ?? [],
                ahead: located(map["ahead"], "'ahead' (node ids)"),
                rulesOff: map["rules"].flatMap { reader.map($0, "'rules' of node '\(id)'", allowed: ScenarioLoader.nodeRuleKeys) }
                    .map { located($0["off"], "'off' (rule ids)") } ?? []
            )
        }
    }

    func reply(_ node: YAMLNode, node id: String) -> Reply? {
        guard let map = reader.map(node, "a reply of node '\(id)'", allowed: ScenarioLoader.replyKeys) else { return nil }
        let response = response(map, at: node.location)
        return Reply(
            location: node.location,
            option: reader.string(map["option"], "'option'"),
            optionLocation: map["option"]?.location,
            match: map["match"].flatMap(pattern),
            hasMatch: map["match"] != nil,
            examples: located(map["examples"], "'examples'"),
            list: reader.bool(map["list"], "'list'") ?? false,
            condition: map["if"].flatMap { expression($0, "'if'") },
            judge: map["judge"].map(judgments) ?? [],
            response: response
        )
    }

    func response(_ node: YAMLNode, _ what: String, keys: [String]) -> Response? {
        guard let map = reader.map(node, what, allowed: keys) else { return nil }
        return response(map, at: node.location)
    }

    func response(_ map: [String: YAMLNode], at location: SourceLocation) -> Response {
        Response(
            location: location,
            customer: reader.strings(map["customer"], "'customer'") ?? [],
            customerLocations: map["customer"].map { ($0.items ?? [$0]).map(\.location) } ?? [],
            narration: reader.string(map["narration"], "'narration'"),
            effects: map["set"].map(effects) ?? [],
            next: map["next"].flatMap { node in reader.string(node, "'next'").map { Located($0, at: node.location) } },
            judge: map["judge"].map(judgments) ?? []
        )
    }

    /// One text or a list of texts, each with its position.
    func located(_ node: YAMLNode?, _ what: String) -> [Located<String>] {
        guard let node else { return [] }
        let items = node.items ?? [node]
        return items.compactMap { item in reader.string(item, "each entry of \(what)").map { Located($0, at: item.location) } }
    }

    func pattern(_ node: YAMLNode) -> CompiledPattern? {
        guard let source = reader.string(node, "'match' (a reply pattern)") else { return nil }
        return Compile.pattern(source, node: node, reader: reader)
    }

    func expression(_ node: YAMLNode, _ what: String) -> Located<Expression>? {
        guard let source = node.bool.map({ String($0) }) ?? reader.string(node, what) else { return nil }
        return Compile.expression(source, node: node, reader: reader).map { Located($0, at: node.location) }
    }

    func judgments(_ node: YAMLNode) -> [Judgment] {
        reader.entries(node, "'judge'").compactMap { rule, keyNode, value in
            if let points = value.int {
                let limit = ScenarioLoader.maximumJudgmentPoints
                guard (-limit...limit).contains(points) else {
                    reader.error(.invalidValue, "the points of the judgment of '\(rule)' must be between -\(limit) and \(limit), not \(points)", at: value.location)
                    return nil
                }
                let verdict: Verdict = points > 0 ? .met : (points < 0 ? .violated : .missed)
                return Judgment(rule: rule, verdict: verdict, points: points == 0 ? nil : abs(points), location: keyNode.location)
            }
            if let text = value.string, let verdict = Verdict(rawValue: text), verdict != .notApplicable {
                return Judgment(rule: rule, verdict: verdict, points: nil, location: keyNode.location)
            }
            reader.error(.invalidValue, "judgment of '\(rule)' must be met, missed, violated or a number (+2 met, -2 violated), not \(value.kindDescription)", at: value.location)
            return nil
        }
    }

    func effects(_ node: YAMLNode) -> [Effect] {
        reader.entries(node, "'set'").compactMap { variable, keyNode, value in
            if case let .scalar(text, plain) = value.value, plain, let amount = value.int {
                guard Expression.numberRange.contains(amount) else {
                    reader.error(.invalidValue, "the value set for '\(variable)' is \(text), outside the allowed range \(Expression.numberRange.lowerBound)…\(Expression.numberRange.upperBound)", at: value.location)
                    return nil
                }
                if text.hasPrefix("+") || text.hasPrefix("-") {
                    return Effect(variable: variable, operation: .add(amount), location: keyNode.location)
                }
                return Effect(variable: variable, operation: .assign(.literal(.int(amount))), location: keyNode.location)
            }
            if let bool = value.bool {
                return Effect(variable: variable, operation: .assign(.literal(.bool(bool))), location: keyNode.location)
            }
            guard let source = reader.string(value, "the value set for '\(variable)'") else { return nil }
            return Compile.expression(source, node: value, reader: reader).map {
                Effect(variable: variable, operation: .assign($0), location: keyNode.location)
            }
        }
    }

    func endings(_ node: YAMLNode) -> [Ending] {
        reader.entries(node, "'endings'").compactMap { id, keyNode, value in
            if !Identifier.isValid(id) {
                reader.error(.invalidValue, "ending id '\(id)' may contain only lower-case letters, digits, '-' and '_'", at: keyNode.location)
            }
            guard let map = reader.map(value, "ending '\(id)'", allowed: ScenarioLoader.endingKeys, required: ["outcome"]) else { return nil }
            return Ending(
                id: id, location: keyNode.location,
                outcome: reader.choice(map["outcome"], "outcome", as: Outcome.self) ?? .open,
                when: map["when"].flatMap { expression($0, "'when'") },
                narration: reader.string(map["narration"], "'narration'"),
                customer: reader.strings(map["customer"], "'customer'") ?? [],
                judge: map["judge"].map(judgments) ?? []
            )
        }
    }

    func lexicons(_ node: YAMLNode) -> [String: Located<[String]>] {
        var result: [String: Located<[String]>] = [:]
        for (name, keyNode, value) in reader.entries(node, "'lexicons'") {
            result[name] = Located(reader.strings(value, "lexicon '\(name)'") ?? [], at: keyNode.location)
        }
        return result
    }

    func tests(_ node: YAMLNode) -> [ScenarioTest] {
        (reader.list(node, "'tests'") ?? []).compactMap { item in
            guard let map = reader.map(item, "a test", allowed: ScenarioLoader.testKeys, required: ["name", "replies", "expect"]) else { return nil }
            let replies = (reader.list(map["replies"], "'replies' of a test") ?? []).compactMap { reply in
                reader.string(reply, "a scripted reply").map { Located($0, at: reply.location) }
            }
            var expectation = ScenarioTest.Expectation()
            if let expect = map["expect"], let e = reader.map(expect, "'expect'", allowed: ScenarioLoader.expectKeys) {
                expectation.ending = e["ending"].flatMap { n in reader.string(n, "the expected ending").map { Located($0, at: n.location) } }
                if let pathNode = e["path"] {
                    let ids = (reader.list(pathNode, "the expected path") ?? []).compactMap { reader.string($0, "a node id in the path") }
                    expectation.path = Located(ids, at: pathNode.location)
                }
                expectation.outcome = reader.choice(e["outcome"], "outcome", as: Outcome.self)
                expectation.minScore = reader.int(e["min-score"], "'min-score'", range: 0...100)
                expectation.maxScore = reader.int(e["max-score"], "'max-score'", range: 0...100)
                expectation.pass = reader.bool(e["pass"], "'pass'")
            }
            let seed = reader.int(map["seed"], "'seed'", range: 0...Int.max).map { UInt64($0) } ?? 1
            return ScenarioTest(name: reader.string(map["name"], "the test's name") ?? "", seed: seed,
                                replies: replies, expect: expectation, location: item.location)
        }
    }
}

/// Identifier rules for scenario, node and ending ids and variables.
public enum Identifier {
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    public static func isVariable(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } && !["true", "false", "and", "or", "not"].contains(name)
    }
}

/// Parses patterns and expressions written in YAML scalars, reporting errors at their column.
enum Compile {
    static func pattern(_ source: String, node: YAMLNode, reader: NodeReader) -> CompiledPattern? {
        do {
            return CompiledPattern(source: source, pattern: try PatternParser.parse(source), location: node.location)
        } catch {
            reader.error(.patternSyntax, "in pattern \"\(source.prefix(60))\": \(error.message)", at: column(node, source, error.offset))
            return nil
        }
    }

    static func expression(_ source: String, node: YAMLNode, reader: NodeReader) -> Expression? {
        do {
            return try ExpressionParser.parse(source)
        } catch {
            reader.error(.expression, "in expression \"\(source.prefix(60))\": \(error.message)", at: column(node, source, error.offset))
            return nil
        }
    }

    /// The location of character `offset` of a scalar (exact for one-line scalars).
    static func column(_ node: YAMLNode, _ source: String, _ offset: Int) -> SourceLocation {
        guard !source.contains("\n"), case let .scalar(_, plain) = node.value else { return node.location }
        let scalars = source.prefix(max(0, offset)).unicodeScalars.count
        return node.location.advanced(by: scalars + (plain ? 0 : 1))
    }
}
