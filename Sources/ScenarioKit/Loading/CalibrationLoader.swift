import Foundation

/// Reads a calibration corpus (see ``CalibrationCorpus``), reporting every problem at its position.
public enum CalibrationLoader {
    static let topKeys = ["corpus", "split", "description", "rule-cases", "recognition-cases"]
    static let ruleCaseKeys = ["context", "text", "expect", "style", "language", "note"]
    static let contextKeys = ["phase", "temperament", "role", "kind"]
    static let recognitionKeys = ["scenario", "node", "after", "state", "text", "expect", "kind", "style", "language", "note"]

    public static func load(path: String) -> LoadResult<CalibrationCorpus> {
        build(YAMLDocument.load(path: path), path: path)
    }

    /// Loads a corpus from file contents (an editor's buffer): the same checks and limits as a
    /// file on disk.
    public static func load(data: Data, path: String) -> LoadResult<CalibrationCorpus> {
        build(YAMLDocument.parse(data: data, path: path), path: path)
    }

    public static func load(text: String, path: String) -> LoadResult<CalibrationCorpus> {
        build(YAMLDocument.parse(text: text, path: path), path: path)
    }

    static func build(_ document: YAMLDocument.Result, path: String) -> LoadResult<CalibrationCorpus> {
        guard let root = document.root else {
            return LoadResult(value: nil, diagnostics: document.diagnostics, text: document.text)
        }
        let reader = NodeReader()
        let corpus = build(root, path: path, reader: reader)
        return LoadResult(value: corpus, diagnostics: reader.diagnostics, text: document.text)
    }

    static func build(_ root: YAMLNode, path: String, reader: NodeReader) -> CalibrationCorpus? {
        guard let top = reader.map(root, "a calibration corpus", allowed: topKeys, required: ["corpus", "split"]) else { return nil }
        if top["rule-cases"] == nil && top["recognition-cases"] == nil {
            reader.error(.missingKey, "a calibration corpus needs 'rule-cases' or 'recognition-cases'", at: root.location)
        }
        let ruleCases = (reader.list(top["rule-cases"], "'rule-cases'") ?? []).compactMap { ruleCase($0, reader: reader) }
        let recognitionCases = (reader.list(top["recognition-cases"], "'recognition-cases'") ?? []).compactMap { recognitionCase($0, reader: reader) }
        return CalibrationCorpus(
            name: reader.string(top["corpus"], "'corpus'") ?? "",
            split: reader.choice(top["split"], "'split'", as: CalibrationCorpus.Split.self) ?? .tune,
            description: reader.string(top["description"], "'description'"),
            ruleCases: ruleCases, recognitionCases: recognitionCases, path: path
        )
    }

    static func ruleCase(_ node: YAMLNode, reader: NodeReader) -> RuleCase? {
        guard let map = reader.map(node, "a rule case", allowed: ruleCaseKeys, required: ["context", "text", "expect"]) else { return nil }
        // Every part is read (and every problem reported) before deciding whether the case is usable.
        let context = map["context"].flatMap { reader.map($0, "'context'", allowed: contextKeys, required: contextKeys) }
        let phase = reader.choice(context?["phase"], "phase", as: Phase.self)
        let temperament = reader.choice(context?["temperament"], "temperament", as: Temperament.self)
        let role = reader.choice(context?["role"], "role", as: Role.self)
        let kind = reader.choice(context?["kind"], "kind", as: CustomerKind.self)
        let text = reader.string(map["text"], "'text'")
        var expectations: [RuleCase.Expectation] = []
        var expectationsValid = true
        if let expect = map["expect"] {
            for (rule, keyNode, value) in reader.entries(expect, "'expect'") {
                guard let verdict = reader.choice(value, "the expected verdict of '\(rule)'", as: ExpectedVerdict.self) else {
                    expectationsValid = false
                    continue
                }
                expectations.append(.init(rule: rule, expected: verdict, location: keyNode.location))
            }
        }
        guard let phase, let temperament, let role, let kind, let text, expectationsValid else { return nil }
        return RuleCase(context: TurnContext(phase: phase, temperament: temperament, role: role, kind: kind), text: text,
                        expectations: expectations, style: reader.string(map["style"], "'style'"),
                        language: reader.string(map["language"], "'language'"), note: reader.string(map["note"], "'note'"),
                        location: node.location)
    }

    static func recognitionCase(_ node: YAMLNode, reader: NodeReader) -> RecognitionCase? {
        guard let map = reader.map(node, "a recognition case", allowed: recognitionKeys, required: ["scenario", "text", "expect"]),
              let scenario = reader.string(map["scenario"], "'scenario'"),
              let text = reader.string(map["text"], "'text'"),
              let expectNode = map["expect"] else { return nil }
        let expected: RecognitionCase.Expected
        if let number = expectNode.int {
            guard number >= 1 else {
                reader.error(.invalidValue, "'expect' must be a reply number from 1, an option text or none, not \(number)", at: expectNode.location)
                return nil
            }
            expected = .reply(number)
        } else if let word = expectNode.string {
            expected = word == "none" ? .none : .option(word)
        } else {
            reader.error(.wrongType, "'expect' must be a reply number, an option text or none, not \(expectNode.kindDescription)", at: expectNode.location)
            return nil
        }
        var state: [String: StateValue] = [:]
        if let stateNode = map["state"] {
            for (name, _, value) in reader.entries(stateNode, "'state'") {
                if let int = value.int { state[name] = .int(int) } else if let bool = value.bool { state[name] = .bool(bool) } else {
                    reader.error(.wrongType, "state value '\(name)' must be a whole number or true/false, not \(value.kindDescription)", at: value.location)
                }
            }
        }
        return RecognitionCase(scenario: scenario, node: reader.string(map["node"], "'node'"),
                               after: reader.strings(map["after"], "'after'") ?? [], state: state, text: text, expected: expected,
                               kind: reader.string(map["kind"], "'kind'"), style: reader.string(map["style"], "'style'"),
                               language: reader.string(map["language"], "'language'"), note: reader.string(map["note"], "'note'"),
                               location: node.location)
    }
}
