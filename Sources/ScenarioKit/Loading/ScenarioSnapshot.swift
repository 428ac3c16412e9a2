import Foundation
import Matching

/// A scenario as built from its file, kept in the YAML cache under its file's digest and read
/// back instead of the file's YAML tree: building a scenario (its replies' patterns parsed, its
/// expressions compiled) was the larger part of reading one, and reading the scenario is a
/// visit's start.
///
/// Only a scenario built without any diagnostic and without an inbox file beside it is kept
/// (the entry's key is the scenario file's bytes alone); an entry is used only when it is whole
/// (checksummed), of this format, written by this very program (see
/// ``RulebookSnapshot/programIdentity``) and built from the bytes read now (their length and two
/// independent digests, see ``SnapshotEntry``). Anything else
/// builds the scenario from its file, as without a cache.
enum ScenarioSnapshot {
    /// Entries of this format are read; others are ignored (and replaced).
    static let magic: [UInt8] = Array("salessim-scenario-snapshot\n".utf8)
    static let formatVersion: UInt64 = 2 // 2: a digest of the scenario's text instead of the text
    /// An expression nests at most this deep in an entry (the parser's own limit is lower).
    static let maximumExpressionDepth = 512

    /// An entry: the scenario, framed as ``SnapshotEntry`` frames them. Nil when the scenario
    /// holds a location in another file.
    static func entry(_ scenario: Scenario, source: UnsafeRawBufferPointer, path: String, identity: [UInt8]) -> [UInt8]? {
        guard scenario.path == path else { return nil }
        return SnapshotEntry.make(magic: magic, version: formatVersion, identity: identity, source: source, path: path,
                                  bodyCapacity: source.count + 4096) { writer in writer.scenario(scenario) }
    }

    /// The scenario of an entry, when the entry is whole, of this format and program, and built
    /// from `source` (its length and digest); its path and locations name `path`.
    static func scenario(from entry: [UInt8], source: UnsafeRawBufferPointer, path: String, identity: [UInt8]) -> Scenario? {
        SnapshotEntry.read(entry, magic: magic, version: formatVersion, identity: identity, source: source, path: path) { reader throws(RulebookSnapshot.Damaged) in
            try reader.scenario()
        }
    }
}

extension YAMLCache {
    /// The scenario built before from the file bytes `source` by this program, read by
    /// `path`; nil when no valid entry holds it.
    func scenario(for source: Data, path: String, identity: [UInt8]? = RulebookSnapshot.programIdentity) -> Scenario? {
        guard let identity, source.count <= YAMLCache.maximumTextBytes else { return nil }
        return source.withUnsafeBytes { bytes -> Scenario? in
            guard let entry = readEntry(scenarioEntryPath(for: bytes)) else { return nil }
            return ScenarioSnapshot.scenario(from: entry, source: bytes, path: path, identity: identity)
        }
    }

    /// Keeps the scenario built from the file bytes `source`; failures are silent (the cache is
    /// never required).
    func keep(_ scenario: Scenario, for source: Data, path: String, identity: [UInt8]? = RulebookSnapshot.programIdentity) {
        guard let identity, source.count <= YAMLCache.maximumTextBytes, makeDirectory() else { return }
        source.withUnsafeBytes { bytes in
            guard let entry = ScenarioSnapshot.entry(scenario, source: bytes, path: path, identity: identity) else { return }
            writeEntry(entry, to: scenarioEntryPath(for: bytes))
        }
    }

    /// The entry's path, named by the file's digest and length (the entry itself proves which
    /// bytes it was made from).
    func scenarioEntryPath(for source: UnsafeRawBufferPointer) -> String {
        entryPath(YAMLCache.key(source) + ".scenario")
    }
}

// MARK: writing

extension SnapshotWriter {
    mutating func optional(_ text: String?) {
        flag(text != nil)
        if let text { string(text) }
    }

    mutating func optional(_ value: Int?) {
        flag(value != nil)
        if let value { int(value) }
    }

    mutating func strings(_ texts: [String]) {
        integer(UInt64(texts.count))
        for text in texts { string(text) }
    }

    mutating func located(_ texts: [Located<String>]) {
        integer(UInt64(texts.count))
        for text in texts { located(text) }
    }

    mutating func located(_ text: Located<String>) {
        string(text.value)
        location(text.location)
    }

    mutating func optional(_ text: Located<String>?) {
        flag(text != nil)
        if let text { located(text) }
    }

    mutating func scenario(_ scenario: Scenario) {
        string(scenario.id)
        string(scenario.title)
        string(scenario.language.rawValue)
        optional(scenario.summary)
        optional(scenario.minutes)
        string(scenario.customer.name)
        string(scenario.customer.role.rawValue)
        string(scenario.customer.temperament.rawValue)
        string(scenario.customer.kind.rawValue)
        optional(scenario.customer.profile)
        integer(UInt64(scenario.state.count))
        for variable in scenario.state {
            string(variable.name)
            value(variable.initial)
            location(variable.location)
        }
        int(scenario.pass)
        located(scenario.start)
        integer(UInt64(scenario.nodes.count))
        for node in scenario.nodes { self.node(node) }
        integer(UInt64(scenario.endings.count))
        for ending in scenario.endings { self.ending(ending) }
        // NB: by name, so that the same scenario always gives the same entry.
        integer(UInt64(scenario.lexicons.count))
        for (name, phrases) in scenario.lexicons.sorted(by: { $0.key < $1.key }) {
            string(name)
            strings(phrases.value)
            location(phrases.location)
        }
        integer(UInt64(scenario.tests.count))
        for test in scenario.tests { self.test(test) }
        string(scenario.contentHash)
        location(scenario.location)
    }

    mutating func node(_ node: ScenarioNode) {
        string(node.id)
        location(node.location)
        string(node.phase.rawValue)
        optional(node.role?.rawValue)
        optional(node.speaker)
        optional(node.narration)
        strings(node.customer)
        optional(node.hint)
        integer(UInt64(node.replies.count))
        for reply in node.replies { self.reply(reply) }
        flag(node.otherwise != nil)
        if let otherwise = node.otherwise { response(otherwise) }
        strings(node.clarify)
        located(node.ahead)
        located(node.rulesOff)
    }

    mutating func reply(_ reply: Reply) {
        location(reply.location)
        optional(reply.option)
        flag(reply.optionLocation != nil)
        if let at = reply.optionLocation { location(at) }
        flag(reply.match != nil)
        if let compiled = reply.match {
            string(compiled.source)
            pattern(compiled.pattern)
            location(compiled.location)
        }
        flag(reply.hasMatch)
        located(reply.examples)
        flag(reply.list)
        optional(reply.condition)
        judgments(reply.judge)
        response(reply.response)
    }

    mutating func response(_ response: Response) {
        location(response.location)
        strings(response.customer)
        integer(UInt64(response.customerLocations.count))
        for at in response.customerLocations { location(at) }
        optional(response.narration)
        integer(UInt64(response.effects.count))
        for effect in response.effects {
            string(effect.variable)
            switch effect.operation {
            case let .add(amount):
                bytes.append(0)
                int(amount)
            case let .assign(expression):
                bytes.append(1)
                self.expression(expression)
            }
            location(effect.location)
        }
        optional(response.next)
        judgments(response.judge)
    }

    mutating func judgments(_ judgments: [Judgment]) {
        integer(UInt64(judgments.count))
        for judgment in judgments {
            string(judgment.rule)
            string(judgment.verdict.rawValue)
            optional(judgment.points)
            location(judgment.location)
        }
    }

    mutating func ending(_ ending: Ending) {
        string(ending.id)
        location(ending.location)
        string(ending.outcome.rawValue)
        optional(ending.when)
        optional(ending.narration)
        strings(ending.customer)
        judgments(ending.judge)
    }

    mutating func test(_ test: ScenarioTest) {
        string(test.name)
        integer(test.seed)
        located(test.replies)
        optional(test.expect.ending)
        flag(test.expect.path != nil)
        if let path = test.expect.path {
            strings(path.value)
            location(path.location)
        }
        optional(test.expect.outcome?.rawValue)
        optional(test.expect.minScore)
        optional(test.expect.maxScore)
        flag(test.expect.pass != nil)
        if let pass = test.expect.pass { flag(pass) }
        location(test.location)
    }

    mutating func optional(_ expression: Located<Expression>?) {
        flag(expression != nil)
        if let expression {
            self.expression(expression.value)
            location(expression.location)
        }
    }

    mutating func value(_ value: StateValue) {
        switch value {
        case let .int(number):
            bytes.append(0)
            int(number)
        case let .bool(truth):
            bytes.append(1)
            flag(truth)
        }
    }

    mutating func expression(_ expression: Expression) {
        switch expression {
        case let .literal(value):
            bytes.append(0)
            self.value(value)
        case let .variable(name, offset):
            bytes.append(1)
            string(name)
            int(offset)
        case let .unary(op, operand):
            bytes.append(2)
            string(op.rawValue)
            self.expression(operand)
        case let .binary(op, left, right):
            bytes.append(3)
            string(op.rawValue)
            self.expression(left)
            self.expression(right)
        }
    }
}

// MARK: reading

extension SnapshotReader {
    mutating func optionalString() throws(RulebookSnapshot.Damaged) -> String? {
        try flag() ? try string() : nil
    }

    mutating func optionalInt() throws(RulebookSnapshot.Damaged) -> Int? {
        try flag() ? try int() : nil
    }

    mutating func strings() throws(RulebookSnapshot.Damaged) -> [String] {
        let count = try count()
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try string()) }
        return texts
    }

    mutating func located() throws(RulebookSnapshot.Damaged) -> Located<String> {
        let value = try string()
        return Located(value, at: try location())
    }

    mutating func locatedList() throws(RulebookSnapshot.Damaged) -> [Located<String>] {
        let count = try count()
        var texts: [Located<String>] = []
        texts.reserveCapacity(count)
        for _ in 0..<count { texts.append(try located()) }
        return texts
    }

    mutating func optionalLocated() throws(RulebookSnapshot.Damaged) -> Located<String>? {
        try flag() ? try located() : nil
    }

    mutating func scenario() throws(RulebookSnapshot.Damaged) -> Scenario {
        let id = try string()
        let title = try string()
        let language = try choice(ScenarioLanguage.self)
        let summary = try optionalString()
        let minutes = try optionalInt()
        let customer = Customer(name: try string(), role: try choice(Role.self), temperament: try choice(Temperament.self),
                                kind: try choice(CustomerKind.self), profile: try optionalString())
        var state: [StateVariable] = []
        for _ in 0..<(try count()) {
            let name = try string()
            let initial = try value()
            state.append(StateVariable(name: name, initial: initial, location: try location()))
        }
        let pass = try int()
        let start = try located()
        var nodes: [ScenarioNode] = []
        let nodeCount = try count()
        nodes.reserveCapacity(nodeCount)
        for _ in 0..<nodeCount { nodes.append(try node()) }
        var endings: [Ending] = []
        for _ in 0..<(try count()) { endings.append(try ending()) }
        var lexicons: [String: Located<[String]>] = [:]
        for _ in 0..<(try count()) {
            let name = try string()
            let phrases = try strings()
            lexicons[name] = Located(phrases, at: try location())
        }
        var tests: [ScenarioTest] = []
        for _ in 0..<(try count()) { tests.append(try test()) }
        let contentHash = try string()
        return Scenario(id: id, title: title, language: language, summary: summary, minutes: minutes, customer: customer,
                        state: state, pass: pass, start: start, nodes: nodes, endings: endings, lexicons: lexicons,
                        tests: tests, path: path, contentHash: contentHash, location: try location())
    }

    mutating func node() throws(RulebookSnapshot.Damaged) -> ScenarioNode {
        let id = try string()
        let location = try location()
        let phase = try choice(Phase.self)
        let role = try optionalString().map { (raw: String) throws(RulebookSnapshot.Damaged) -> Role in
            guard let role = Role(rawValue: raw) else { throw RulebookSnapshot.Damaged() }
            return role
        }
        let speaker = try optionalString()
        let narration = try optionalString()
        let customer = try strings()
        let hint = try optionalString()
        var replies: [Reply] = []
        let replyCount = try count()
        replies.reserveCapacity(replyCount)
        for _ in 0..<replyCount { replies.append(try reply()) }
        let otherwise = try flag() ? try response() : nil
        return ScenarioNode(id: id, location: location, phase: phase, role: role, speaker: speaker, narration: narration,
                            customer: customer, hint: hint, replies: replies, otherwise: otherwise,
                            clarify: try strings(), ahead: try locatedList(), rulesOff: try locatedList())
    }

    mutating func reply() throws(RulebookSnapshot.Damaged) -> Reply {
        let location = try location()
        let option = try optionalString()
        let optionLocation = try flag() ? try self.location() : nil
        var match: CompiledPattern?
        if try flag() {
            let source = try string()
            let pattern = try pattern(depth: 0)
            match = CompiledPattern(source: source, pattern: pattern, location: try self.location())
        }
        let hasMatch = try flag()
        let examples = try locatedList()
        let list = try flag()
        let condition = try optionalExpression()
        let judge = try judgments()
        return Reply(location: location, option: option, optionLocation: optionLocation, match: match, hasMatch: hasMatch,
                     examples: examples, list: list, condition: condition, judge: judge, response: try response())
    }

    mutating func response() throws(RulebookSnapshot.Damaged) -> Response {
        let location = try location()
        let customer = try strings()
        var customerLocations: [SourceLocation] = []
        for _ in 0..<(try count()) { customerLocations.append(try self.location()) }
        let narration = try optionalString()
        var effects: [Effect] = []
        for _ in 0..<(try count()) {
            let variable = try string()
            let operation: Effect.Operation
            switch try byte() {
            case 0: operation = .add(try int())
            case 1: operation = .assign(try expression(depth: 0))
            default: throw RulebookSnapshot.Damaged()
            }
            effects.append(Effect(variable: variable, operation: operation, location: try self.location()))
        }
        let next = try optionalLocated()
        return Response(location: location, customer: customer, customerLocations: customerLocations, narration: narration,
                        effects: effects, next: next, judge: try judgments())
    }

    mutating func judgments() throws(RulebookSnapshot.Damaged) -> [Judgment] {
        var judgments: [Judgment] = []
        for _ in 0..<(try count()) {
            let rule = try string()
            let verdict = try choice(Verdict.self)
            let points = try optionalInt()
            judgments.append(Judgment(rule: rule, verdict: verdict, points: points, location: try location()))
        }
        return judgments
    }

    mutating func ending() throws(RulebookSnapshot.Damaged) -> Ending {
        let id = try string()
        let location = try location()
        let outcome = try choice(Outcome.self)
        let when = try optionalExpression()
        let narration = try optionalString()
        let customer = try strings()
        return Ending(id: id, location: location, outcome: outcome, when: when, narration: narration, customer: customer, judge: try judgments())
    }

    mutating func test() throws(RulebookSnapshot.Damaged) -> ScenarioTest {
        let name = try string()
        let seed = try integer()
        let replies = try locatedList()
        var expect = ScenarioTest.Expectation()
        expect.ending = try optionalLocated()
        if try flag() {
            let steps = try strings()
            expect.path = Located(steps, at: try location())
        }
        expect.outcome = try optionalString().map { (raw: String) throws(RulebookSnapshot.Damaged) -> Outcome in
            guard let outcome = Outcome(rawValue: raw) else { throw RulebookSnapshot.Damaged() }
            return outcome
        }
        expect.minScore = try optionalInt()
        expect.maxScore = try optionalInt()
        expect.pass = try flag() ? try flag() : nil
        return ScenarioTest(name: name, seed: seed, replies: replies, expect: expect, location: try location())
    }

    mutating func optionalExpression() throws(RulebookSnapshot.Damaged) -> Located<Expression>? {
        guard try flag() else { return nil }
        let expression = try expression(depth: 0)
        return Located(expression, at: try location())
    }

    mutating func value() throws(RulebookSnapshot.Damaged) -> StateValue {
        switch try byte() {
        case 0: return .int(try int())
        case 1: return .bool(try flag())
        default: throw RulebookSnapshot.Damaged()
        }
    }

    mutating func expression(depth: Int) throws(RulebookSnapshot.Damaged) -> Expression {
        guard depth <= ScenarioSnapshot.maximumExpressionDepth else { throw RulebookSnapshot.Damaged() }
        switch try byte() {
        case 0:
            return .literal(try value())
        case 1:
            let name = try string()
            return .variable(name, offset: try int())
        case 2:
            let op = try choice(Expression.UnaryOperator.self)
            return .unary(op, try expression(depth: depth + 1))
        case 3:
            let op = try choice(Expression.BinaryOperator.self)
            let left = try expression(depth: depth + 1)
            return .binary(op, left, try expression(depth: depth + 1))
        default:
            throw RulebookSnapshot.Damaged()
        }
    }
}
