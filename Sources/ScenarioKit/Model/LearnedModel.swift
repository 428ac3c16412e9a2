import Foundation
import Matching

/// Verdicts learned from labelled replies: for each rule, a linear model over the reply's words
/// and the situation that says when the rulebook's detector should be overruled.
///
/// The rulebook names it with `learned: FILE` and `salessim learn` makes it from the labelled
/// replies of the calibration corpora (their tune parts). For a rule it knows, the model reads:
///
/// - the reply's words, as the scorer's units: each unit (a Chinese character, an English word,
///   `?`) and each two units in a row within a clause, among those seen in enough labelled
///   replies (see ``featureNames``); together they weigh as much as one situation feature;
/// - the situation: phase, temperament, role, kind;
/// - the detector's own verdict, alone and with the phase.
///
/// Its four outcomes are met, missed, violated and no verdict; their probabilities come from a
/// softmax over the weighted sums, learned from the rules writers labelled; beside them, a
/// logistic model of whether a writer would label the rule on the reply at all (its relevance),
/// learned from every rule judged on a labelled reply. The scorer takes the model's outcome
/// instead of the detector's only when the rule is relevant enough (``relevanceThreshold``), they differ and the
/// outcome's probability is above ``threshold``, never
/// over a detector's `violated` (a contradiction or an insult stays one), and never for a reply
/// that is a list of keywords, stuffed, or the manual's headings recited. Everything is
/// deterministic: the same reply always gets the same verdict, and the words that weighed most
/// are shown as the verdict's evidence.
public struct LearnedModel: Sendable {
    /// The outcomes, in the order of the file's weight columns (nil: no verdict).
    public static let outcomes: [Verdict?] = [.met, .missed, .violated, nil]
    /// The first line of a model file.
    public static let header = "salessim-learned-verdicts 1"

    /// One rule's weights: a bias and a weight per feature for each outcome, and for its
    /// relevance (a feature the rule's labelled replies never showed weighs nothing).
    public struct Weights: Sendable {
        public var bias: SIMD4<Float>
        /// Indexed by feature number; empty rows are zero.
        public var columns: [SIMD4<Float>]
        /// Whether a trainer would judge the rule on this reply at all (a logistic model): the
        /// outcomes were learned from the rules writers labelled, and speak only where a writer would.
        public var relevanceBias: Float
        public var relevance: [Float]

        public init(bias: SIMD4<Float>, columns: [SIMD4<Float>], relevanceBias: Float, relevance: [Float]) {
            self.bias = bias
            self.columns = columns
            self.relevanceBias = relevanceBias
            self.relevance = relevance
        }
    }

    /// The features of one reply's text: their numbers, and the weight each carries (together
    /// they make a vector of length one).
    public struct TextFeatures: Sendable {
        public var indices: [Int32]
        public var value: Float
    }

    /// The model's outcome for one rule on one reply.
    public struct Prediction: Sendable, Equatable {
        /// The outcome (nil: no verdict).
        public var verdict: Verdict?
        /// Its probability.
        public var probability: Double
        /// The probability that a trainer would judge the rule on this reply at all (0 when the
        /// outcome is the detector's verdict: not asked then).
        public var relevance: Double
        /// How much the reply's words (not the situation) pull towards the outcome, against the
        /// detector's verdict (the difference of their weighted sums).
        public var wordsPull: Double
        /// The reply's words that weighed most towards it, against the detector's verdict (at most three).
        public var words: [String]
    }

    /// Above this probability the model's outcome replaces the detector's.
    public var threshold: Double
    /// The model speaks only where the rule's relevance is above this.
    public var relevanceThreshold: Double
    /// ... and only where the reply's words pull towards its outcome, against the detector's, by more than this.
    public var wordsThreshold: Double
    /// ... and only on a reply with at least this many features the model knows (a short reply
    /// is too little to go by: 「陈经理在吗?」).
    public var minimumFeatures: Int
    /// What it was made from (one line, as `salessim learn` wrote it).
    public var about: String
    /// Every feature, by number: `u:X` (a unit), `b:X Y` (two units in a row), and the
    /// situation: `P:phase`, `T:temperament`, `R:role`, `K:kind`, `G:verdict` (the detector's
    /// verdict, `G:none` when it gave none) and `GP:verdict/phase`.
    public let featureNames: [String]
    /// The rules it knows, by id.
    public let rules: [String: Weights]
    /// A number for each unit the features name (not a feature number), by the unit's key.
    private let unitNumbers: [UnitKey: Int32]
    /// Unit number to the feature of the unit alone (-1: none).
    private let unigrams: [Int32]
    /// Two unit numbers to the feature of the pair.
    private let bigrams: [Int64: Int32]
    private let situation: [String: Int32]

    public init(threshold: Double, relevanceThreshold: Double, wordsThreshold: Double, minimumFeatures: Int = 0, about: String,
                featureNames: [String], rules: [String: Weights]) {
        self.threshold = threshold
        self.minimumFeatures = minimumFeatures
        self.wordsThreshold = wordsThreshold
        self.relevanceThreshold = relevanceThreshold
        self.about = about
        self.featureNames = featureNames
        self.rules = rules
        var unitNumbers: [UnitKey: Int32] = [:], unigrams: [Int32] = [], situation: [String: Int32] = [:]
        var bigrams: [Int64: Int32] = [:]
        func unit(_ text: String) -> Int32 {
            let key = UnitKey(text)
            if let known = unitNumbers[key] { return known }
            let made = Int32(unigrams.count)
            unitNumbers[key] = made
            unigrams.append(-1)
            return made
        }
        for (number, name) in featureNames.enumerated() {
            if name.hasPrefix("u:") {
                unigrams[Int(unit(String(name.dropFirst(2))))] = Int32(number)
            } else if name.hasPrefix("b:") {
                let parts = name.dropFirst(2).split(separator: " ", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { continue }
                bigrams[Int64(unit(parts[0])) << 32 | Int64(unit(parts[1]))] = Int32(number)
            } else {
                situation[name] = Int32(number)
            }
        }
        self.unitNumbers = unitNumbers
        self.unigrams = unigrams
        self.bigrams = bigrams
        self.situation = situation
    }

    // MARK: Features

    /// The names of the text features of `text`, each once, in order of first appearance: what
    /// `salessim learn` counts and weighs.
    /// With `singleCharacters` false, a Chinese character alone is no feature (two in a row are):
    /// 「小」 or 「我」 alone says little of a move.
    public static func textFeatureNames(of text: NormalizedText, singleCharacters: Bool = true) -> [String] {
        var seen: Set<String> = []
        var names: [String] = []
        func add(_ name: String) { if seen.insert(name).inserted { names.append(name) } }
        let units = text.units
        for index in units.indices {
            let word = units[index].text
            let chinese = word.unicodeScalars.contains { $0.value >= 0x2E80 }
            if chinese ? singleCharacters : !functionWords.contains(word) {
                add("u:" + word)
            }
            if index + 1 < units.count, units[index + 1].clause == units[index].clause {
                add("b:" + units[index].text + " " + units[index + 1].text)
            }
        }
        return names
    }

    /// English words too common to say anything of a move alone ("the", "on"): no feature alone,
    /// only as one of two words in a row ("on the", "the demo").
    public static let functionWords: Set<String> = [
        "a", "an", "the", "on", "in", "at", "of", "to", "for", "by", "with", "from", "and", "or", "is", "are", "was", "be",
        "it", "this", "that", "these", "those", "there", "so", "as", "if", "then", "than", "just", "also", "very",
    ]

    /// The names of the situation features for a rule judged in `filter` whose detector gave `given`.
    public static func situationFeatureNames(_ filter: ContextFilter, given: Verdict?) -> [String] {
        let verdict = given?.rawValue ?? "none"
        var names = ["G:" + verdict]
        if let phase = filter.phase {
            names.append("P:" + phase.rawValue)
            names.append("GP:" + verdict + "/" + phase.rawValue)
        }
        if let temperament = filter.temperament { names.append("T:" + temperament.rawValue) }
        if let role = filter.role { names.append("R:" + role.rawValue) }
        if let kind = filter.kind { names.append("K:" + kind.rawValue) }
        return names
    }

    /// The text features of `text` this model knows (the same as ``textFeatureNames(of:)`` gives,
    /// less those it does not know).
    public func textFeatures(of text: NormalizedText) -> TextFeatures {
        let units = text.units, keys = text.keys
        var indices: [Int32] = []
        indices.reserveCapacity(units.count * 2)
        var numbers = [Int32](repeating: -1, count: units.count)
        for index in keys.indices { numbers[index] = unitNumbers[keys[index]] ?? -1 }
        for index in units.indices where numbers[index] >= 0 {
            let alone = unigrams[Int(numbers[index])]
            if alone >= 0 { indices.append(alone) }
            if index + 1 < units.count, units[index + 1].clause == units[index].clause, numbers[index + 1] >= 0,
               let pair = bigrams[Int64(numbers[index]) << 32 | Int64(numbers[index + 1])] {
                indices.append(pair)
            }
        }
        // Each once (a unit said twice is one feature).
        indices.sort()
        var unique: [Int32] = []
        unique.reserveCapacity(indices.count)
        for number in indices where unique.last != number { unique.append(number) }
        return TextFeatures(indices: unique, value: unique.isEmpty ? 0 : 1 / Float(unique.count).squareRoot())
    }

    /// The situation features of a reply's situation, found once for its rules: the phase,
    /// temperament, role and kind, and for each verdict the detector may give (by its column in
    /// ``outcomes``), that verdict alone and with the phase.
    public struct Situation: Sendable {
        var base: [Int32]
        var given: [[Int32]]
    }

    /// The situation features this model knows for `filter`.
    public func situation(_ filter: ContextFilter) -> Situation {
        var base: [Int32] = []
        for name in Self.situationFeatureNames(filter, given: nil) where !name.hasPrefix("G") {
            if let number = situation[name] { base.append(number) }
        }
        let given = Self.outcomes.map { outcome in
            Self.situationFeatureNames(filter, given: outcome).filter { $0.hasPrefix("G") }.compactMap { situation[$0] }
        }
        return Situation(base: base, given: given)
    }

    /// The outcome of `rule` for a reply with `features` in `filter`, whose detector gave
    /// `given`, with the words that weighed most; nil when the model does not know the rule.
    public func predict(_ rule: String, features: TextFeatures, filter: ContextFilter, given: Verdict?) -> Prediction? {
        guard var prediction = predict(rule, features: features, situation: situation(filter), given: given) else { return nil }
        prediction.words = words(rule, features: features, outcome: prediction.verdict, given: given)
        return prediction
    }

    /// The outcome alone (its ``Prediction/words`` left empty: ask ``words(_:features:outcome:given:)``
    /// when they are shown).
    public func predict(_ rule: String, features: TextFeatures, situation: Situation, given: Verdict?) -> Prediction? {
        guard let weights = rules[rule] else { return nil }
        return Self.predict(weights, features: features, situation: situation, given: given)
    }

    /// The outcome by a rule's `weights` (as the scorer asks, with the rule's weights in hand).
    public static func predict(_ weights: Weights, features: TextFeatures, situation: Situation, given: Verdict?) -> Prediction {
        var sum = weights.bias
        let columns = weights.columns, relevance = weights.relevance
        let count = columns.count
        let givenColumn = outcomes.firstIndex(of: given) ?? 3
        for number in features.indices where Int(number) < count { sum += columns[Int(number)] * features.value }
        for number in situation.base where Int(number) < count { sum += columns[Int(number)] }
        for number in situation.given[givenColumn] where Int(number) < count { sum += columns[Int(number)] }
        var best = 0
        for outcome in 1..<4 where sum[outcome] > sum[best] { best = outcome }
        var total = 0.0
        for outcome in 0..<4 { total += exp(Double(sum[outcome] - sum[best])) }
        // NB: the relevance and the words' pull matter only where the model would change the
        // verdict (most of the time it agrees with the detector): found only then.
        guard best != givenColumn else {
            return Prediction(verdict: outcomes[best], probability: 1 / total, relevance: 0, wordsPull: 0, words: [])
        }
        var relevant = weights.relevanceBias
        var wordsPull: Float = 0
        for number in features.indices where Int(number) < count {
            relevant += relevance[Int(number)] * features.value
            wordsPull += (columns[Int(number)][best] - columns[Int(number)][givenColumn]) * features.value
        }
        for number in situation.base where Int(number) < count { relevant += relevance[Int(number)] }
        for number in situation.given[givenColumn] where Int(number) < count { relevant += relevance[Int(number)] }
        return Prediction(verdict: outcomes[best], probability: 1 / total, relevance: 1 / (1 + exp(-Double(relevant))),
                          wordsPull: Double(wordsPull), words: [])
    }

    /// The reply's words that weighed most towards `outcome`, against the detector's `given` (at most three).
    public func words(_ rule: String, features: TextFeatures, outcome: Verdict?, given: Verdict?) -> [String] {
        guard let weights = rules[rule] else { return [] }
        let best = Self.outcomes.firstIndex(of: outcome) ?? 3, givenColumn = Self.outcomes.firstIndex(of: given) ?? 3
        guard best != givenColumn else { return [] }
        var weighed: [(Float, Int32)] = []
        for number in features.indices where Int(number) < weights.columns.count {
            let pull = (weights.columns[Int(number)][best] - weights.columns[Int(number)][givenColumn]) * features.value
            // NB: "?" weighs as a feature but is no word to quote.
            if pull > 0, featureNames[Int(number)] != "u:?" { weighed.append((pull, number)) }
        }
        weighed.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        return weighed.prefix(3).map { Self.shown(featureNames[Int($0.1)]) }
    }

    /// A text feature as the trainee's words: 「可是」, "yes but".
    static func shown(_ name: String) -> String {
        let body = name.dropFirst(2)
        guard name.hasPrefix("b:") else { return String(body) }
        let parts = body.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return String(body) }
        let latin = parts.allSatisfy { $0.unicodeScalars.allSatisfy { $0.isASCII } }
        return latin ? parts.joined(separator: " ") : parts.joined()
    }

    // MARK: File

    /// The model as its file: the header, `about`, `threshold`, the features one per line, then
    /// each rule's bias and non-zero weights by feature number (four outcomes and the relevance each).
    public func serialized() -> String {
        var lines = [Self.header, "about " + about, "threshold " + Self.number(threshold), "relevance " + Self.number(relevanceThreshold), "words " + Self.number(wordsThreshold), "evidence \(minimumFeatures)", "features \(featureNames.count)"]
        lines.append(contentsOf: featureNames)
        for rule in rules.keys.sorted() {
            guard let weights = rules[rule] else { continue }
            lines.append("rule " + rule)
            lines.append("bias\t" + Self.row(weights.bias) + "\t" + Self.number(Double(weights.relevanceBias)))
            for (number, column) in weights.columns.enumerated() where column != .zero || weights.relevance[number] != 0 {
                lines.append("\(number)\t" + Self.row(column) + "\t" + Self.number(Double(weights.relevance[number])))
            }
        }
        lines.append("end")
        return lines.joined(separator: "\n") + "\n"
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func row(_ column: SIMD4<Float>) -> String {
        (0..<4).map { number(Double(column[$0])) }.joined(separator: "\t")
    }

    /// A number as the file writes it (`-0.1234`, `2`), read from its bytes; nil for anything
    /// else (then read the slow way, or refused).
    static func decimal(_ text: ArraySlice<UInt8>) -> Float? {
        var bytes = text.makeIterator()
        var negative = false, whole: Int64 = 0, fraction: Int64 = 0, scale: Int64 = 1, digits = 0, point = false
        var next = bytes.next()
        if next == UInt8(ascii: "-") { negative = true; next = bytes.next() }
        while let byte = next {
            if byte == UInt8(ascii: ".") {
                guard !point else { return nil }
                point = true
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 15 else { return nil }
                if point {
                    fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
                    scale *= 10
                } else {
                    whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
                }
            } else {
                return nil
            }
            next = bytes.next()
        }
        guard digits > 0 else { return nil }
        let value = Double(whole) + Double(fraction) / Double(scale)
        return Float(negative ? -value : value)
    }

    /// A feature number as the file writes it (digits only); nil for anything else.
    static func whole(_ text: ArraySlice<UInt8>) -> Int? {
        guard !text.isEmpty, text.count <= 9 else { return nil }
        var value = 0
        for byte in text {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// The lines of a model file, read as strings only where asked (the header and the features).
    struct LineTable {
        let bytes: [UInt8]
        let ranges: [Range<Int>]
        var count: Int { ranges.count }
        subscript(_ index: Int) -> Substring { Substring(String(decoding: bytes[ranges[index]], as: UTF8.self)) }
        func isEqual(_ index: Int, _ text: String) -> Bool { bytes[ranges[index]].elementsEqual(text.utf8) }
        func hasPrefix(_ index: Int, _ text: String) -> Bool { bytes[ranges[index]].starts(with: text.utf8) }
        var first: Substring? { ranges.isEmpty ? nil : self[0] }
    }

    /// Reads a model file; every error (with its line and column) when it is not one.
    public static func load(path: String) -> LoadResult<LearnedModel> {
        guard let data = FileManager.default.contents(atPath: path) else {
            return LoadResult(value: nil, diagnostics: [.error(.learnedModel, "cannot read the learned model '\(path)'", at: SourceLocation(path: path, line: 1, column: 1))], text: "")
        }
        return parse(data: data, path: path)
    }

    /// Reads a model from the bytes of its file.
    public static func parse(data: Data, path: String) -> LoadResult<LearnedModel> {
        func failure(_ message: String, line: Int, column: Int = 1) -> LoadResult<LearnedModel> {
            LoadResult(value: nil, diagnostics: [.error(.learnedModel, message, at: SourceLocation(path: path, line: line, column: column))], text: "")
        }
        guard String(data: data, encoding: .utf8) != nil else { return failure("the learned model is not UTF-8 text", line: 1) }
        // NB: the file's lines as ranges of its bytes; the weights (most of it) are read from the
        // bytes without making a string of each line (a string per line was most of reading it).
        let bytes = [UInt8](data)
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(bytes.count / 20)
        var from = 0
        for offset in bytes.indices where bytes[offset] == UInt8(ascii: "\n") {
            ranges.append(from..<offset)
            from = offset + 1
        }
        if from < bytes.count { ranges.append(from..<bytes.count) }
        let lines = LineTable(bytes: bytes, ranges: ranges)
        guard lines.first == Substring(header) else {
            return failure("not a learned model: the first line must be '\(header)' (make it with `salessim learn`)", line: 1)
        }
        var index = 1
        // NB: the line a value is on; on a missing value, the line where it should have been.
        var valueLine = 1
        func value(_ key: String) -> Substring? {
            valueLine = index + 1
            guard index < lines.count, lines[index].hasPrefix(key + " ") else { return nil }
            defer { index += 1 }
            return lines[index].dropFirst(key.count + 1)
        }
        guard let about = value("about") else { return failure("expected 'about …' (what the model was made from)", line: valueLine) }
        guard let thresholdText = value("threshold"), let threshold = Double(thresholdText), threshold >= 0, threshold < 1 else {
            return failure("expected 'threshold P' with P from 0 to below 1", line: valueLine)
        }
        guard let relevanceText = value("relevance"), let relevanceThreshold = Double(relevanceText), relevanceThreshold >= 0, relevanceThreshold < 1 else {
            return failure("expected 'relevance P' with P from 0 to below 1", line: valueLine)
        }
        guard let wordsText = value("words"), let wordsThreshold = Double(wordsText), wordsThreshold >= 0, wordsThreshold.isFinite else {
            return failure("expected 'words W' with W at least 0", line: valueLine)
        }
        guard let evidenceText = value("evidence"), let minimumFeatures = Int(evidenceText), minimumFeatures >= 0 else {
            return failure("expected 'evidence N' with N a whole number of at least 0", line: valueLine)
        }
        guard let countText = value("features"), let count = Int(countText), count >= 0, count <= lines.count - index else {
            return failure("expected 'features N', followed by N feature names", line: valueLine)
        }
        let names = (index..<(index + count)).map { String(lines[$0]) }
        for (offset, name) in names.enumerated() {
            let known = ["u:", "b:", "P:", "T:", "R:", "K:", "G:", "GP:"].contains { name.hasPrefix($0) }
            if !known || name.contains("\t") {
                return failure("feature '\(name)' is none of u:, b:, P:, T:, R:, K:, G:, GP:", line: index + offset + 1)
            }
        }
        index += count
        var rules: [String: Weights] = [:]
        // NB: the rule being read is kept in plain local arrays: written through an optional
        // (`current?.weights.columns[n] = …`), every line copied the rule's whole table.
        var id: String?
        var bias = SIMD4<Float>.zero, relevanceBias: Float = 0
        var columns: [SIMD4<Float>] = [], relevance: [Float] = []
        func finish() {
            if let id { rules[id] = Weights(bias: bias, columns: columns, relevanceBias: relevanceBias, relevance: relevance) }
        }
        var ended = false
        var weights = [Float](repeating: 0, count: 5)
        while index < lines.count {
            let range = ranges[index]
            let lineNumber = index + 1
            index += 1
            if lines.isEqual(index - 1, "end") { ended = true; break }
            if lines.hasPrefix(index - 1, "rule ") {
                finish()
                let name = String(decoding: bytes[(range.lowerBound + 5)..<range.upperBound], as: UTF8.self)
                if rules[name] != nil || name.isEmpty || name == id { return failure("rule '\(name)' is given twice or has no id", line: lineNumber, column: 6) }
                id = name
                bias = .zero
                relevanceBias = 0
                columns = [SIMD4<Float>](repeating: .zero, count: count)
                relevance = [Float](repeating: 0, count: count)
                continue
            }
            guard id != nil else { return failure("weights before any 'rule ID' line", line: lineNumber) }
            var fields: [Range<Int>] = []
            var start = range.lowerBound
            for offset in range where bytes[offset] == UInt8(ascii: "\t") {
                fields.append(start..<offset)
                start = offset + 1
            }
            fields.append(start..<range.upperBound)
            guard fields.count == 6 else { return failure("expected a feature number or 'bias' and five weights, separated by tabs", line: lineNumber) }
            for outcome in 0..<5 {
                let field = bytes[fields[outcome + 1]]
                guard let weight = Self.decimal(field) ?? Float(String(decoding: field, as: UTF8.self)), weight.isFinite else {
                    return failure("weight '\(String(decoding: field, as: UTF8.self))' is not a number", line: lineNumber)
                }
                weights[outcome] = weight
            }
            let column = SIMD4<Float>(weights[0], weights[1], weights[2], weights[3])
            let first = bytes[fields[0]]
            if first.elementsEqual("bias".utf8) {
                bias = column
                relevanceBias = weights[4]
            } else if let number = Self.whole(first), number < count {
                columns[number] = column
                relevance[number] = weights[4]
            } else {
                return failure("feature number '\(String(decoding: first, as: UTF8.self))' is not below \(count)", line: lineNumber)
            }
        }
        guard ended else { return failure("the learned model ends early (no 'end' line): was it cut short?", line: lines.count) }
        finish()
        return LoadResult(value: LearnedModel(threshold: threshold, relevanceThreshold: relevanceThreshold, wordsThreshold: wordsThreshold, minimumFeatures: minimumFeatures, about: String(about), featureNames: names, rules: rules), diagnostics: [], text: "")
    }
}
