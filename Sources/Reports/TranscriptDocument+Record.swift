import Foundation
import ScenarioKit
import Scoring
import Simulation
import Store

extension TranscriptDocument {
    /// A stored session as the document `salessim play --json` prints, with ``session`` added:
    /// `salessim show --format json` writes it, and `JSONDecoder` reads it back as a
    /// `TranscriptDocument` like any transcript.
    ///
    /// The scorecard is the one stored with the session; for an imported record without one, it
    /// is made from the stored rule results.
    public init(_ record: SessionRecord) {
        let scorecard = record.scorecard ?? Scorecard(
            rulebookVersion: record.rulebookVersion, rules: Scorecard.RuleTotal.totals(of: record.ruleResults), earned: record.earned,
            possible: record.possible, percent: record.percent, passMark: record.passMark, passed: record.passed,
            knockouts: record.knockouts, outcome: record.outcome, hintsUsed: record.hintsUsed, feedback: [])
        self.init(
            scenario: ScenarioInfo(id: record.scenarioID, title: record.scenarioTitle, language: record.scenarioLanguage, contentHash: record.scenarioHash),
            rulebook: record.rulebookVersion, trainee: record.trainee, seed: record.seed, mode: record.mode, guided: record.guided,
            status: record.status.transcriptStatus, turns: record.turns.map(\.turn),
            ending: record.endingID.flatMap { id in record.outcome.map { EndingInfo(id: id, outcome: $0) } },
            scorecard: scorecard,
            session: StoredSession(id: record.id, uuid: record.uuid, startedAt: record.startedAt, endedAt: record.endedAt,
                                   status: record.status.rawValue, hintsUsed: record.hintsUsed, scenarioPath: record.scenarioPath),
            stretchFrom: record.startNode)
    }
}
