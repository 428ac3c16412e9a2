import ScenarioKit
import Scoring

/// Runs a scenario's golden tests and measures which nodes and replies they exercise.
public struct Playthrough: Sendable {
    /// One failed expectation, pointing at the place in the file it concerns.
    public struct Failure: Sendable, Hashable {
        public var message: String
        public var location: SourceLocation
        /// Lines that explain it: where the points were lost, the path taken beside the expected one.
        public var details: [String] = []
    }

    /// The result of one test.
    public struct Result: Sendable {
        public var test: ScenarioTest
        public var session: Session
        public var failures: [Failure]
        public var passed: Bool { failures.isEmpty }
    }

    /// Which nodes were visited and which replies (node id, index; -1 for `otherwise`) taken.
    public struct Coverage: Sendable {
        public var nodesVisited: Set<String> = []
        public var repliesTaken: Set<String> = []
        public var nodeCount = 0
        public var replyCount = 0

        public var nodePercent: Int { nodeCount == 0 ? 100 : nodesVisited.count * 100 / nodeCount }
        public var replyPercent: Int { replyCount == 0 ? 100 : repliesTaken.count * 100 / replyCount }
        /// Replies no test takes, as "node#index".
        public var missingReplies: [String] = []
    }

    public let scenario: Scenario
    public let rulebook: Rulebook

    public init(scenario: Scenario, rulebook: Rulebook) {
        self.scenario = scenario
        self.rulebook = rulebook
    }

    /// Plays `test` and checks its expectations.
    public func run(_ test: ScenarioTest) -> Result {
        var session = Session(scenario: scenario, rulebook: rulebook, seed: test.seed)
        session.start()
        var failures: [Failure] = []
        for (index, reply) in test.replies.enumerated() {
            if session.isFinished {
                failures.append(Failure(message: "the visit already ended ('\(session.ending?.id ?? "")') before reply \(index + 1)", location: reply.location))
                break
            }
            let text = reply.value.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("#"), let number = Int(text.dropFirst()) {
                if session.choose(option: number) == nil {
                    let available = session.options.count
                    failures.append(Failure(message: "reply \(index + 1) picks option #\(number), but node '\(session.currentNode ?? "")' offers \(available) option\(available == 1 ? "" : "s")", location: reply.location))
                    break
                }
            } else {
                session.reply(reply.value)
            }
        }
        let expect = test.expect
        let card = session.scorecard
        if let ending = expect.ending {
            if let reached = session.ending {
                if reached.id != ending.value {
                    failures.append(Failure(message: "expected ending '\(ending.value)' but reached '\(reached.id)' (path: \(session.path.joined(separator: " → ")))", location: ending.location))
                }
            } else {
                failures.append(Failure(message: "expected ending '\(ending.value)' but the visit is still at node '\(session.currentNode ?? "")' after the last reply", location: ending.location))
            }
        }
        if let path = expect.path, path.value != session.path {
            failures.append(Failure(message: "expected path \(path.value.joined(separator: " → ")) but took \(session.path.joined(separator: " → "))", location: path.location))
        }
        if let outcome = expect.outcome, session.ending?.outcome != outcome {
            failures.append(Failure(message: "expected outcome \(outcome.rawValue) but got \(session.ending?.outcome.rawValue ?? "none (not ended)")", location: test.location))
        }
        if let minimum = expect.minScore, card.percent < minimum {
            failures.append(Failure(message: "expected a score of at least \(minimum)% but got \(card.percent)%", location: test.location))
        }
        if let maximum = expect.maxScore, card.percent > maximum {
            failures.append(Failure(message: "expected a score of at most \(maximum)% but got \(card.percent)%", location: test.location))
        }
        if let pass = expect.pass, card.passed != pass {
            failures.append(Failure(message: "expected the trainee to \(pass ? "pass" : "fail") but they \(card.passed ? "passed" : "failed") with \(card.percent)% (pass mark \(card.passMark)%\(card.knockouts.isEmpty ? "" : ", knockout: " + card.knockouts.joined(separator: ", ")))", location: test.location))
        }
        if !failures.isEmpty {
            let details = Playthrough.explanation(of: session, expectedPath: expect.path?.value)
            for index in failures.indices { failures[index].details = details }
        }
        return Result(test: test, session: session, failures: failures)
    }

    /// Where a played session lost its points, turn by turn, and the path it took beside the
    /// expected one: what a trainer needs to see why a test failed.
    ///
    /// ```
    /// path taken:    switchboard → greeting → ask
    /// path expected: switchboard → ask
    /// turn 1 · switchboard (phone): phone.get-meeting missed −5, meeting.next-step missed −4
    /// ending signed: sign.leave-promptly violated −3
    /// ```
    public static func explanation(of session: Session, expectedPath: [String]?) -> [String] {
        var lines = ["path taken:    " + session.path.joined(separator: " → ") + (session.ending.map { " → \($0.id)" } ?? "")]
        if let expectedPath, expectedPath != session.path { lines.append("path expected: " + expectedPath.joined(separator: " → ")) }
        let aggregated = ScoredTurn.aggregate(session.scoredTurns, rulebook: session.scorer.rulebook)
        for (index, verdicts) in aggregated.enumerated() {
            let lost = verdicts.filter { $0.earned < $0.possible || $0.verdict == .violated }
            guard !lost.isEmpty else { continue }
            let items = lost.map { "\($0.rule) \($0.verdict.rawValue) −\($0.possible - $0.earned)" + ($0.source == .author ? " (judge:)" : "") }
            let place: String
            if index < session.turns.count {
                let turn = session.turns[index]
                place = "turn \(index + 1) · \(turn.node) (\(turn.phase.rawValue))"
            } else {
                place = "ending \(session.ending?.id ?? "")"
            }
            lines.append(place + ": " + items.joined(separator: ", "))
        }
        let card = session.scorecard
        lines.append("score \(card.earned)/\(card.possible) points" + (card.hintsUsed > 0 ? ", \(card.hintsUsed) hint(s) −\(card.hintsUsed * Scorecard.hintPenalty)%" : "") + " = \(card.percent)%")
        return lines
    }

    /// Runs every test of the scenario and measures coverage.
    public func runAll() -> (results: [Result], coverage: Coverage) {
        let results = scenario.tests.map(run)
        var coverage = Coverage()
        coverage.nodeCount = scenario.nodes.count
        coverage.replyCount = scenario.nodes.reduce(0) { $0 + $1.replies.count }
        for result in results {
            coverage.nodesVisited.formUnion(result.session.path)
            for turn in result.session.turns {
                if let index = turn.recognisedIndex { coverage.repliesTaken.insert("\(turn.node)#\(index + 1)") }
            }
        }
        for node in scenario.nodes {
            for index in node.replies.indices where !coverage.repliesTaken.contains("\(node.id)#\(index + 1)") {
                coverage.missingReplies.append("\(node.id)#\(index + 1)")
            }
        }
        return (results, coverage)
    }
}
