import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store

/// Re-scores stored sessions with another rulebook: the stored replies are replayed through a
/// fresh `Session` with the same scenario and seed, and the new score is compared with the old.
///
/// Nothing is written here; `salessim rescore --save` stores the result with
/// `Store.saveRescore`.
public struct Rescorer: Sendable {
    public let rulebook: Rulebook

    public init(rulebook: Rulebook) {
        self.rulebook = rulebook
    }

    /// Replays `record` (loaded with its turns) against `scenario` and compares.
    public func rescore(_ record: SessionRecord, scenario: Scenario) -> RescoreResult {
        var notes: [String] = []
        if scenario.contentHash != record.scenarioHash {
            notes.append("the scenario file changed since the visit (\(record.scenarioHash) → \(scenario.contentHash)); the replies were replayed against the current file")
        }
        var session = Session(scenario: scenario, rulebook: rulebook, seed: record.seed)
        session.start()
        var replayed = 0
        for turn in record.turns {
            if session.isFinished {
                notes.append("the replay reached ending '\(session.ending?.id ?? "")' before turn \(turn.index + 1); later replies were not scored")
                break
            }
            if session.currentNode != turn.node {
                notes.append("turn \(turn.index + 1) was played at node '\(turn.node)' but the replay is at '\(session.currentNode ?? "")'")
            }
            if let option = turn.pickedOption {
                guard session.choose(option: option, secondsTaken: turn.secondsTaken) != nil else {
                    notes.append("option \(option) of turn \(turn.index + 1) is no longer offered; the replay stops there")
                    break
                }
            } else {
                session.reply(turn.reply, secondsTaken: turn.secondsTaken)
            }
            replayed += 1
            if let last = session.turns.last, last.recognisedNumber != turn.recognisedNumber {
                notes.append("turn \(turn.index + 1) is now recognised as \(last.recognisedNumber.map { "reply \($0)" } ?? "not understood") (was \(turn.recognisedNumber.map { "reply \($0)" } ?? "not understood"))")
            }
        }
        if record.status == .finished && !session.isFinished {
            notes.append("the replay did not reach an ending; the session now scores as not finished")
        }
        let outcome = record.status == .finished ? session.ending?.outcome : nil
        let card = Scorecard(turns: session.scoredTurns, rulebook: rulebook, passMark: scenario.pass, outcome: outcome,
                             hintsUsed: record.hintsUsed, language: scenario.language)
        let newResults = RuleResultRecord.results(of: session.scoredTurns, rulebook: rulebook)
        let titles = Dictionary(rulebook.rules.map { ($0.id, $0.title.text(for: scenario.language)) }, uniquingKeysWith: { a, _ in a })
        let before = Scorecard.RuleTotal.totals(of: record.ruleResults) { titles[$0] }
        let after = Scorecard.RuleTotal.totals(of: newResults) { titles[$0] }
        var changes: [RescoreResult.RuleChange] = []
        var seen = Set<String>()
        for rule in (before + after).map(\.rule) where seen.insert(rule).inserted {
            let old = before.first { $0.rule == rule }
            let new = after.first { $0.rule == rule }
            let change = RescoreResult.RuleChange(rule: rule, title: titles[rule] ?? rule, before: old, after: new)
            if change.changed { changes.append(change) }
        }
        return RescoreResult(
            sessionID: record.id, trainee: record.trainee, scenarioID: record.scenarioID, status: record.status,
            rulebookBefore: record.rulebookVersion, rulebookAfter: rulebook.version,
            percentBefore: record.percent, percentAfter: card.percent, passedBefore: record.passed, passedAfter: card.passed,
            earnedBefore: record.earned, possibleBefore: record.possible, earnedAfter: card.earned, possibleAfter: card.possible,
            notes: notes, ruleChanges: changes, scorecard: card, turnVerdicts: session.turns.map(\.verdicts), ruleResults: newResults,
            replayedTurns: replayed)
    }
}
