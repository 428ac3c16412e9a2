import ScenarioKit

/// Every place a scenario or rulebook file names a node, an ending, a lexicon, a rule or a state
/// variable, found in the YAML tree (with its positions) rather than by searching the text.
///
/// Definitions are the keys under `nodes:`, `endings:`, `lexicons:`, `state:` and a rule's
/// `id:`; references are `start:`, `next:`, `ahead:`, a test's `ending:` and `path:`, `@name`
/// in patterns, `judge:` keys, `set:` keys and the variables of `if:`/`when:` expressions.
public struct DocumentIndex: Sendable {
    /// What a name names.
    public enum Kind: String, Sendable, Hashable {
        /// A node or an ending (they share one namespace).
        case target
        case lexicon
        case rule
        case variable
    }

    /// One place a name is written.
    public struct Occurrence: Sendable, Hashable {
        public var kind: Kind
        public var name: String
        /// Where the name starts (1-based line, scalar column) and its length in scalars.
        public var line: Int
        public var column: Int
        public var length: Int
        public var isDefinition: Bool
    }

    public private(set) var occurrences: [Occurrence] = []
    /// The phase of each node, by id (for the outline).
    public private(set) var nodePhases: [String: String] = [:]
    /// Ending ids, in order.
    public private(set) var endings: [String] = []
    /// Node ids, in order.
    public private(set) var nodes: [String] = []

    /// Indexes `root`, the parsed document whose text is `text`.
    public init(root: YAMLNode, text: TextLines) {
        self.text = text
        guard let top = root.pairs else { return }
        for (key, value) in top {
            switch key.string {
            case "start": reference(.target, value)
            case "state": for (name, _) in value.pairs ?? [] { define(.variable, name) }
            case "nodes":
                for (id, node) in value.pairs ?? [] {
                    define(.target, id)
                    if let name = id.string { nodes.append(name) }
                    indexNode(node, id: id.string)
                }
            case "endings":
                for (id, ending) in value.pairs ?? [] {
                    define(.target, id)
                    if let name = id.string { endings.append(name) }
                    for (field, fieldValue) in ending.pairs ?? [] {
                        indexResponseField(field.string, fieldValue)
                    }
                }
            case "lexicons": for (name, _) in value.pairs ?? [] { define(.lexicon, name) }
            case "tests":
                for test in value.items ?? [] {
                    guard let expect = test.pairs?.first(where: { $0.key.string == "expect" })?.value else { continue }
                    for (field, fieldValue) in expect.pairs ?? [] {
                        if field.string == "ending" { reference(.target, fieldValue) }
                        if field.string == "path" { for item in fieldValue.items ?? [] { reference(.target, item) } }
                    }
                }
            case "rule-cases":
                // A calibration corpus: `expect: {rule: verdict}` names rules.
                for item in value.items ?? [] {
                    guard let expect = item.pairs?.first(where: { $0.key.string == "expect" })?.value else { continue }
                    for (rule, _) in expect.pairs ?? [] { reference(.rule, rule) }
                }
            case "rules":
                for rule in value.items ?? [] {
                    for (field, fieldValue) in rule.pairs ?? [] {
                        if field.string == "id", fieldValue.string != nil { add(.rule, fieldValue, definition: true) }
                        if field.string == "detect" {
                            for detector in fieldValue.items ?? [] {
                                for (name, pattern) in detector.pairs ?? [] where ["met", "violated", "ignore"].contains(name.string ?? "") {
                                    lexiconReferences(in: pattern)
                                }
                            }
                        }
                    }
                }
            default: break
            }
        }
        // Variables in expressions are found by name, once all are declared.
        let declared = Set(occurrences.filter { $0.kind == .variable && $0.isDefinition }.map(\.name))
        for expression in expressions {
            variableReferences(in: expression, declared: declared)
        }
    }

    private let text: TextLines
    private var expressions: [YAMLNode] = []

    private mutating func indexNode(_ node: YAMLNode, id: String?) {
        for (field, value) in node.pairs ?? [] {
            switch field.string {
            case "phase": if let id, let phase = value.string { nodePhases[id] = phase }
            case "ahead": for item in value.items ?? [] { reference(.target, item) }
            case "replies":
                for reply in value.items ?? [] {
                    for (replyField, replyValue) in reply.pairs ?? [] {
                        if replyField.string == "match" { lexiconReferences(in: replyValue) }
                        if replyField.string == "if" { expressions.append(replyValue) }
                        indexResponseField(replyField.string, replyValue)
                    }
                }
            case "otherwise":
                for (otherwiseField, otherwiseValue) in value.pairs ?? [] {
                    indexResponseField(otherwiseField.string, otherwiseValue)
                }
            default: break
            }
        }
    }

    /// `next:`, `set:`, `judge:` and `when:` of a reply, an `otherwise:` or an ending.
    private mutating func indexResponseField(_ field: String?, _ value: YAMLNode) {
        switch field {
        case "next": reference(.target, value)
        case "judge": for (rule, _) in value.pairs ?? [] { reference(.rule, rule) }
        case "set":
            for (variable, effect) in value.pairs ?? [] {
                reference(.variable, variable)
                if case .scalar(_, plain: false) = effect.value { expressions.append(effect) }
            }
        case "when": expressions.append(value)
        default: break
        }
    }

    private mutating func define(_ kind: Kind, _ node: YAMLNode) {
        add(kind, node, definition: true)
    }

    private mutating func reference(_ kind: Kind, _ node: YAMLNode) {
        add(kind, node, definition: false)
    }

    private mutating func add(_ kind: Kind, _ node: YAMLNode, definition: Bool) {
        guard let name = node.string, !name.isEmpty, !name.contains("\n") else { return }
        let column = node.location.column + quoteOffset(node)
        occurrences.append(Occurrence(kind: kind, name: name, line: node.location.line, column: column, length: name.unicodeScalars.count, isDefinition: definition))
    }

    /// 1 when the scalar is written in quotes (its text starts one column later).
    private func quoteOffset(_ node: YAMLNode) -> Int {
        guard case .scalar(_, plain: false) = node.value else { return 0 }
        let line = text.line(node.location.line - 1).unicodeScalars
        let index = line.index(line.startIndex, offsetBy: max(0, node.location.column - 1), limitedBy: line.endIndex) ?? line.endIndex
        guard index < line.endIndex else { return 0 }
        return line[index] == "\"" || line[index] == "'" ? 1 : 0
    }

    /// The scalars of a one-line scalar and the column of its first one; nil for block scalars
    /// and text over several lines (their columns cannot be told from the value).
    private func scalarText(_ node: YAMLNode) -> (scalars: [Unicode.Scalar], column: Int)? {
        guard let string = node.string, !string.contains("\n") else { return nil }
        let scalars = Array(string.unicodeScalars)
        let column = node.location.column + quoteOffset(node)
        guard column >= 1 else { return nil }
        // The value must be where the position says (escapes in a quoted scalar would shift it).
        let line = Array(text.line(node.location.line - 1).unicodeScalars)
        guard column - 1 + scalars.count <= line.count, Array(line[(column - 1)..<(column - 1 + scalars.count)]) == scalars else { return nil }
        return (scalars, column)
    }

    /// `@name` in a pattern.
    private mutating func lexiconReferences(in node: YAMLNode) {
        guard let (scalars, column) = scalarText(node) else { return }
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "@" else { index += 1; continue }
            var end = index + 1
            while end < scalars.count && DocumentIndex.isLexiconNameScalar(scalars[end]) { end += 1 }
            if end > index + 1 {
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[(index + 1)..<end])
                occurrences.append(Occurrence(kind: .lexicon, name: String(name), line: node.location.line, column: column + index + 1, length: end - index - 1, isDefinition: false))
            }
            index = end
        }
    }

    /// The scalars of a lexicon name after `@`, as the pattern language reads them.
    static func isLexiconNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        isVariableNameScalar(scalar) || scalar == "."
    }

    /// The scalars of a state variable's name (``Identifier/isVariable(_:)``).
    static func isVariableNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "-" || scalar == "_"
    }

    /// Declared variables named in an expression.
    private mutating func variableReferences(in node: YAMLNode, declared: Set<String>) {
        guard let (scalars, column) = scalarText(node) else { return }
        var index = 0
        while index < scalars.count {
            guard DocumentIndex.isVariableNameScalar(scalars[index]), index == 0 || !DocumentIndex.isVariableNameScalar(scalars[index - 1]) else { index += 1; continue }
            var end = index
            while end < scalars.count && DocumentIndex.isVariableNameScalar(scalars[end]) { end += 1 }
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[index..<end])
            if declared.contains(String(name)) {
                occurrences.append(Occurrence(kind: .variable, name: String(name), line: node.location.line, column: column + index, length: end - index, isDefinition: false))
            }
            index = end
        }
    }

    /// The occurrence at a 1-based line and scalar column (its end included).
    public func occurrence(line: Int, column: Int) -> Occurrence? {
        occurrences.first { $0.line == line && column >= $0.column && column <= $0.column + $0.length }
    }

    /// Every occurrence of a name.
    public func occurrences(of kind: Kind, _ name: String) -> [Occurrence] {
        occurrences.filter { $0.kind == kind && $0.name == name }
    }

    /// The definition of a name in this file.
    public func definition(of kind: Kind, _ name: String) -> Occurrence? {
        occurrences.first { $0.kind == kind && $0.name == name && $0.isDefinition }
    }

    /// Defined names of a kind, in order, without repeats.
    public func defined(_ kind: Kind) -> [String] {
        var seen = Set<String>()
        return occurrences.filter { $0.kind == kind && $0.isDefinition && seen.insert($0.name).inserted }.map(\.name)
    }
}
