import Matching
import ScenarioKit
import Scoring

/// Checks a scenario's replies with the engine's own recognition, in the spirit of ChatScript's
/// `:verify`: the words an author wrote for a reply must be understood as that reply.
///
/// ScenarioKit's ``Linter`` checks what a file says; this checks what the engine will *do* with
/// it, so it lives beside ``Session`` and asks the same questions a trainee's typed reply asks:
///
/// - every `option:` text and `examples:` entry is taken by its own reply ([SC0025]);
/// - no reply's pattern is always beaten by an earlier reply's pattern ([SC0026]);
/// - a customer answer names no number, time or claim the reply's pattern does not require ([SC0027]).
///
/// ```swift
/// var report = linter.lint(paths: ["Scenarios"])
/// ReplyVerifier.verify(&report)        // adds SC0025-SC0027 for the scenarios that loaded
/// ```
public enum ReplyVerifier {
    /// Every diagnostic of the three checks for one scenario that loaded without errors.
    public static func check(_ scenario: Scenario, rulebook: Rulebook) -> [Diagnostic] {
        let context = VerificationContext(scenario: scenario, rulebook: rulebook)
        return RecognitionCheck.check(context) + ShadowCheck.check(context) + ClaimCheck.check(context)
    }

    /// Adds the diagnostics of every scenario in `report` (those that loaded without errors) and
    /// keeps the report's order (file, line, column).
    public static func verify(_ report: inout Linter.Report) {
        for (scenario, rulebook) in report.scenarios {
            report.diagnostics += check(scenario, rulebook: rulebook)
        }
        report.diagnostics = Linter.ordered(report.diagnostics)
    }
}

/// What the checks share for one scenario: its scorer (the matcher with the scenario's lexicons),
/// its similarity indexes, and a way to put a session at a node in a state where a reply is offered.
struct VerificationContext {
    let scenario: Scenario
    let scorer: Scorer
    let recognizer: ReplyRecognizer

    init(scenario: Scenario, rulebook: Rulebook) {
        self.scenario = scenario
        scorer = Session.scorer(for: scenario, rulebook: rulebook)
        recognizer = ReplyRecognizer(scenario: scenario, matcher: scorer.matcher)
    }

    var matcher: Matcher { scorer.matcher }

    /// A session standing at `node` in a state where `reply`'s `if:` holds (the initial state when
    /// it has none); nil when no state tried makes it hold.
    func session(at node: ScenarioNode, offering reply: Reply) -> Session? {
        guard let state = StateSearch.state(where: reply.condition?.value, from: scenario) else { return nil }
        var session = Session(scenario: scenario, scorer: scorer, recognizer: recognizer, seed: 1)
        guard session.start(at: node.id, setting: state) != nil else { return nil }
        return session
    }

    /// "reply 2 of node 'office'" (1-based, as the README and other diagnostics count).
    static func name(_ index: Int, _ node: ScenarioNode) -> String { "reply \(index + 1) of node '\(node.id)'" }
}

/// Finds a state in which a condition holds, trying the initial state first and then values near
/// the numbers the condition mentions (a condition is small: a few variables and comparisons).
enum StateSearch {
    /// At most this many states are tried per condition.
    static let limit = 4096

    static func state(where condition: Expression?, from scenario: Scenario) -> [String: StateValue]? {
        let initial = scenario.initialState
        guard let condition else { return initial }
        if condition.evaluate(in: initial) == .bool(true) { return initial }
        var names: [String] = []
        for variable in condition.variables where !names.contains(variable.name) { names.append(variable.name) }
        let numbers = literals(in: condition)
        let choices: [[StateValue]] = names.map { name in
            switch initial[name] {
            case let .bool(value)?: return [.bool(!value), .bool(value)]
            case let .int(value)?:
                var values = [value]
                for number in numbers + Array(-2...6) {
                    for candidate in [number, number - 1, number + 1] where !values.contains(candidate) { values.append(candidate) }
                }
                return values.map(StateValue.int)
            case nil: return []
            }
        }
        guard !choices.contains(where: \.isEmpty) else { return nil }
        var counters = Array(repeating: 0, count: names.count)
        for _ in 0..<limit {
            var state = initial
            for (position, name) in names.enumerated() { state[name] = choices[position][counters[position]] }
            if condition.evaluate(in: state) == .bool(true) { return state }
            // The next combination, as an odometer.
            var position = 0
            while position < counters.count {
                counters[position] += 1
                if counters[position] < choices[position].count { break }
                counters[position] = 0
                position += 1
            }
            if position == counters.count { return nil }
        }
        return nil
    }

    static func literals(in expression: Expression) -> [Int] {
        switch expression {
        case let .literal(.int(value)): return [value]
        case .literal, .variable: return []
        case let .unary(_, operand): return literals(in: operand)
        case let .binary(_, left, right): return literals(in: left) + literals(in: right)
        }
    }
}
