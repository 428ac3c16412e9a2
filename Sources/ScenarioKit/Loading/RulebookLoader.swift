import Foundation
import Matching

/// Builds a ``Rulebook`` from `rulebook.yaml`, checking every rule, lexicon and pattern.
public enum RulebookLoader {
    static let topKeys = ["version", "manual", "learned", "lexicons", "exact-lexicons", "rules"]
    static let ruleKeys = ["id", "manual", "title", "weight", "observed", "applies", "knockout", "scope", "detect", "feedback"]
    static let appliesKeys = ["phase", "temperament", "role", "kind"]
    static let detectKeys = ["applies", "met", "violated", "ignore", "max-chars", "max-words", "min-chars", "min-after", "otherwise"]

    /// Loads the rulebook at `path`; with a `cache`, a rulebook built before from the same bytes
    /// by this program is taken from its snapshot (see ``YAMLCache``), and a new one is kept.
    public static func load(path: String, cache: YAMLCache? = nil) -> LoadResult<Rulebook> {
        // NB: a file that cannot be read, or is too large, is read as before: the same diagnostics.
        if let cache, let data = YAMLDocument.contents(ofSmallFile: path) {
            return withLearned(load(data: data, path: path, cache: cache))
        }
        return withLearned(build(YAMLDocument.load(path: path, cache: cache), path: path))
    }

    /// Loads `path` but names it `shownAs` in diagnostics.
    public static func load(path: String, shownAs: String, cache: YAMLCache? = nil) -> LoadResult<Rulebook> {
        guard let data = FileManager.default.contents(atPath: path) else { return load(path: shownAs, cache: cache) }
        guard let cache else { return withLearned(build(YAMLDocument.parse(data: data, path: shownAs), path: shownAs)) }
        return withLearned(load(data: data, path: shownAs, cache: cache))
    }

    /// The file's bytes as a rulebook: from the snapshot of an earlier build of exactly these
    /// bytes when there is one, else built (and a build without any diagnostic kept).
    static func load(data: Data, path: String, cache: YAMLCache) -> LoadResult<Rulebook> {
        let key = data.withUnsafeBytes(YAMLCache.key)
        if var rulebook = cache.rulebook(for: data, path: path, key: key) {
            // NB: only a build without diagnostics was kept, so these bytes are UTF-8 without
            // NUL bytes, and their text is what the parser was given.
            rulebook.sourceKey = key
            return LoadResult(value: rulebook, diagnostics: [], utf8: data)
        }
        let parts: RulebookSnapshot.Parts?
        let diagnostics: [Diagnostic]
        let text: String
        do {
            // NB: in a scope of its own, so that the YAML tree is gone before a snapshot is
            // written (both at once were a first visit's peak of memory).
            let document = YAMLDocument.parse(data: data, path: path, cache: cache)
            guard let root = document.root else {
                return LoadResult(value: nil, diagnostics: document.diagnostics, text: document.text)
            }
            let reader = NodeReader()
            parts = buildParts(root, path: path, reader: reader)
            diagnostics = document.diagnostics + reader.diagnostics
            text = document.text
        }
        if let parts, diagnostics.isEmpty { cache.keep(parts, for: data, path: path, key: key) }
        var rulebook = parts?.rulebook
        rulebook?.sourceKey = key
        return LoadResult(value: rulebook, diagnostics: diagnostics, text: text)
    }

    /// Loads a rulebook from file contents (an editor's buffer): the same checks and limits as
    /// a file on disk.
    public static func load(data: Data, path: String) -> LoadResult<Rulebook> {
        withLearned(build(YAMLDocument.parse(data: data, path: path), path: path))
    }

    public static func load(text: String, path: String) -> LoadResult<Rulebook> {
        withLearned(build(YAMLDocument.parse(text: text, path: path), path: path))
    }

    /// Builds a rulebook from a document already parsed.
    public static func load(parsed document: YAMLDocument.Result, path: String) -> LoadResult<Rulebook> {
        withLearned(build(document, path: path))
    }

    static func build(_ document: YAMLDocument.Result, path: String) -> LoadResult<Rulebook> {
        guard let root = document.root else {
            return LoadResult(value: nil, diagnostics: document.diagnostics, text: document.text)
        }
        let reader = NodeReader()
        let rulebook = build(root, path: path, reader: reader)
        return LoadResult(value: rulebook, diagnostics: document.diagnostics + reader.diagnostics, text: document.text)
    }

    static func build(_ root: YAMLNode, path: String, reader: NodeReader) -> Rulebook? {
        buildParts(root, path: path, reader: reader)?.rulebook
    }

    /// The rulebook with what its snapshot keeps besides: the lexicons as written (the table
    /// normalises them only when asked) and `manual:` as written.
    static func buildParts(_ root: YAMLNode, path: String, reader: NodeReader) -> RulebookSnapshot.Parts? {
        guard let top = reader.map(root, "the rulebook", allowed: topKeys, required: ["version", "rules"]) else { return nil }
        let version = reader.int(top["version"], "'version'", range: 1...1_000_000) ?? 0
        var lists: [String: [String]] = [:]
        var lexiconLocations: [String: SourceLocation] = [:]
        if let node = top["lexicons"] {
            for (name, keyNode, value) in reader.entries(node, "'lexicons'") {
                lists[name] = reader.strings(value, "lexicon '\(name)'") ?? []
                lexiconLocations[name] = keyNode.location
            }
        }
        var lexicons = LexiconTable(lists)
        // `exact-lexicons:` names lexicons matched only as written, never by sound.
        var spelling = Spelling.Budget()
        for item in reader.list(top["exact-lexicons"], "'exact-lexicons'") ?? [] {
            guard let name = reader.string(item, "a name in 'exact-lexicons'") else { continue }
            if lists[name] == nil {
                var message = "'exact-lexicons' names unknown lexicon '\(name)'"
                if let suggestion = spelling.closest(to: name, in: Array(lists.keys)) { message += "; did you mean '\(suggestion)'?" }
                reader.error(.unknownLexicon, message, at: item.location)
            } else {
                lexicons.matchedExactly.insert(name)
            }
        }
        var rules: [Rule] = []
        var seen: [String: SourceLocation] = [:]
        for item in reader.list(top["rules"], "'rules'") ?? [] {
            guard let rule = rule(item, reader: reader) else { continue }
            if let first = seen[rule.id] {
                reader.error(.duplicate, "rule '\(rule.id)' is defined twice (first at line \(first.line))", at: rule.location)
                continue
            }
            seen[rule.id] = rule.location
            rules.append(rule)
        }
        // Every pattern's lexicons must exist.
        for rule in rules {
            for detector in rule.detectors {
                for compiled in [detector.met, detector.violated, detector.ignore].compactMap({ $0 }) {
                    for name in compiled.pattern.lexiconReferences where !lexicons.contains(name) {
                        var message = "unknown lexicon '@\(name)'"
                        if let suggestion = spelling.closest(to: name, in: Array(lists.keys)) { message += "; did you mean '@\(suggestion)'?" }
                        reader.error(.unknownLexicon, message, at: compiled.location)
                    }
                }
            }
        }
        var rulebook = Rulebook(version: version, lexicons: lexicons, lexiconLocations: lexiconLocations, rules: rules, path: path)
        // `manual: FILE`, relative to the rulebook: the manual whose words feedback may quote.
        var manual: (text: String, location: SourceLocation)?
        if let node = top["manual"], let file = reader.string(node, "'manual' (the manual's text file)") {
            manual = (file, node.location)
            rulebook.manualFile = manualFile(file, at: node.location, rulebookPath: path)
        }
        // `learned: FILE`, relative to the rulebook: the verdicts learned from labelled replies.
        var learned: (text: String, location: SourceLocation)?
        if let node = top["learned"], let file = reader.string(node, "'learned' (the learned model's file)") {
            learned = (file, node.location)
            rulebook.learnedFile = learnedFile(file, at: node.location, rulebookPath: path)
        }
        return RulebookSnapshot.Parts(rulebook: rulebook, lists: lists, manual: manual, learned: learned)
    }

    /// `learned: FILE` resolved against the rulebook's folder.
    static func learnedFile(_ file: String, at location: SourceLocation, rulebookPath path: String) -> (path: String, location: SourceLocation) {
        let resolved = manualFile(file, at: location, rulebookPath: path)
        return (resolved.manualPath, location)
    }

    /// The result with the model its rulebook names read in (or why it could not be: at the
    /// `learned:` line, and in the model file).
    static func withLearned(_ result: LoadResult<Rulebook>) -> LoadResult<Rulebook> {
        guard var rulebook = result.value, let file = rulebook.learnedFile else { return result }
        var result = result
        let model = LearnedModel.load(path: file.path)
        if let learned = model.value {
            rulebook.learned = learned
        } else {
            result.diagnostics.append(.error(.learnedModel, "the learned model '\(file.path)' cannot be used (\(model.diagnostics.first?.message ?? "unreadable")); make it again with `salessim learn`", at: file.location))
            result.diagnostics.append(contentsOf: model.diagnostics)
        }
        result.value = rulebook
        return result
    }

    /// `manual: FILE` resolved against the rulebook's folder.
    static func manualFile(_ file: String, at location: SourceLocation, rulebookPath path: String) -> (manualPath: String, location: SourceLocation) {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        return (manualPath: file.hasPrefix("/") ? file : base.appendingPathComponent(file).standardizedFileURL.path, location: location)
    }

    static func rule(_ node: YAMLNode, reader: NodeReader) -> Rule? {
        guard let map = reader.map(node, "a rule", allowed: ruleKeys, required: ["id", "manual", "title", "weight", "observed", "feedback"]) else { return nil }
        guard let idNode = map["id"], let id = reader.string(idNode, "the rule's id") else { return nil }
        if !ManualRules.ids.contains(id) {
            var message = "rule '\(id)' is not a rule of the manual (docs/RULES.md)"
            if let suggestion = Spelling.closest(to: id, in: ManualRules.ids) { message += "; did you mean '\(suggestion)'?" }
            reader.error(.unknownRule, message, at: idNode.location)
        }
        let observed = reader.choice(map["observed"], "'observed'", as: Observation.self) ?? .choice
        let detectors = (map["detect"].flatMap { reader.list($0, "'detect'") } ?? []).compactMap { detector($0, reader: reader) }
        if observed == .text && detectors.isEmpty {
            reader.error(.missingKey, "rule '\(id)' is observed by text, so it needs a 'detect' list", at: node.location)
        }
        var feedback: [Verdict: LocalizedText] = [:]
        if let feedbackNode = map["feedback"], let f = reader.map(feedbackNode, "'feedback'", allowed: ["met", "missed", "violated"], required: ["met", "missed", "violated"]) {
            for verdict in [Verdict.met, .missed, .violated] {
                if let text = f[verdict.rawValue].flatMap({ localized($0, "feedback '\(verdict.rawValue)'", reader: reader) }) {
                    feedback[verdict] = text
                }
            }
        }
        return Rule(
            id: id,
            manual: reader.string(map["manual"], "'manual' (the manual section)") ?? "",
            title: map["title"].flatMap { localized($0, "'title'", reader: reader) } ?? LocalizedText(zh: id, en: id),
            weight: reader.int(map["weight"], "'weight'", range: 1...10) ?? 1,
            observed: observed,
            applies: map["applies"].map { applicability($0, reader: reader) } ?? Applicability(),
            knockout: reader.bool(map["knockout"], "'knockout'") ?? false,
            scope: reader.choice(map["scope"], "'scope'", as: RuleScope.self) ?? .turn,
            detectors: detectors,
            feedback: feedback,
            location: idNode.location
        )
    }

    static func detector(_ node: YAMLNode, reader: NodeReader) -> Detector? {
        guard let map = reader.map(node, "a detector", allowed: detectKeys) else { return nil }
        let otherwise = reader.choice(map["otherwise"], "'otherwise'", as: Verdict.self) ?? .missed
        let met = map["met"].flatMap { n in reader.string(n, "'met'").flatMap { Compile.pattern($0, node: n, reader: reader) } }
        let violated = map["violated"].flatMap { n in reader.string(n, "'violated'").flatMap { Compile.pattern($0, node: n, reader: reader) } }
        let ignore = map["ignore"].flatMap { n in reader.string(n, "'ignore'").flatMap { Compile.pattern($0, node: n, reader: reader) } }
        return Detector(
            applies: map["applies"].map { applicability($0, reader: reader) } ?? Applicability(),
            met: met, violated: violated, ignore: ignore,
            maxChars: reader.int(map["max-chars"], "'max-chars'", range: 1...100_000),
            maxWords: reader.int(map["max-words"], "'max-words'", range: 1...100_000),
            minChars: reader.int(map["min-chars"], "'min-chars'", range: 0...100_000),
            minAfter: reader.int(map["min-after"], "'min-after'", range: 1...1_000),
            otherwise: otherwise, location: node.location
        )
    }

    static func applicability(_ node: YAMLNode, reader: NodeReader) -> Applicability {
        guard let map = reader.map(node, "'applies'", allowed: appliesKeys) else { return Applicability() }
        return Applicability(
            phases: reader.choices(map["phase"], "phase", as: Phase.self) ?? [],
            temperaments: reader.choices(map["temperament"], "temperament", as: Temperament.self) ?? [],
            roles: reader.choices(map["role"], "role", as: Role.self) ?? [],
            kinds: reader.choices(map["kind"], "kind", as: CustomerKind.self) ?? []
        )
    }

    static func localized(_ node: YAMLNode, _ what: String, reader: NodeReader) -> LocalizedText? {
        guard let map = reader.map(node, what, allowed: ["zh", "en"], required: ["zh", "en"]),
              let zh = reader.string(map["zh"], "\(what) in Chinese"),
              let en = reader.string(map["en"], "\(what) in English") else { return nil }
        return LocalizedText(zh: zh, en: en)
    }
}
