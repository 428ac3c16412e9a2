import Foundation
import GRDB
import ScenarioKit
import Scoring
import Simulation

extension Store {
    /// Adds the trainee if new and returns their row id.
    func traineeID(_ name: String, in db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM trainees WHERE name = ?", arguments: [name]) { return id }
        try db.execute(sql: "INSERT INTO trainees (name, created_at) VALUES (?, ?)", arguments: [name, now()])
        return db.lastInsertedRowID
    }

    /// Stores a new `running` session for `session` and returns its row id.
    func beginSession(_ session: Session, trainee: String, exam: Bool, uuid: String) throws -> Int64 {
        let scenario = session.scenario
        return try write("recording the start of a visit of '\(scenario.id)'") { db in
            let trainee = try traineeID(trainee, in: db)
            try db.execute(sql: """
                INSERT INTO sessions (uuid, trainee_id, scenario_id, scenario_hash, scenario_title, scenario_language,
                    scenario_path, pass_mark, rulebook_version, mode, guided, seed, started_at, status, pid, host)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'running', ?, ?)
                """, arguments: [uuid, trainee, scenario.id, scenario.contentHash, scenario.title, scenario.language.rawValue,
                                 scenario.path.isEmpty ? nil : scenario.path, scenario.pass, session.scorer.rulebook.version,
                                 exam ? "exam" : "practice", Int64(bitPattern: session.seed), now(),
                                 Int64(liveness.processID), liveness.hostName])
            return db.lastInsertedRowID
        }
    }

    /// Stores turn `index` of `session` and the score so far, in one transaction.
    func recordTurn(_ turn: Turn, index: Int, of session: Session, sessionID: Int64, guided: Bool) throws {
        try write("recording turn \(index + 1) of session \(sessionID)") { db in
            try db.execute(sql: """
                INSERT OR REPLACE INTO turns (session_id, idx, node, phase, customer_line, reply, recognised_reply,
                    recognised_option, picked_option, seconds, verdicts, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [sessionID, index, turn.node, turn.phase.rawValue, turn.customerLine, turn.reply,
                                 turn.recognisedIndex.map { $0 + 1 }, turn.recognisedOption, turn.pickedOption,
                                 turn.secondsTaken, try StoreJSON.encode(turn.verdicts), now()])
            try updateScore(of: session, sessionID: sessionID, guided: guided, in: db)
        }
    }

    /// Marks the session finished or abandoned with its final score.
    func endSession(_ session: Session, sessionID: Int64, status: TranscriptDocument.Status, guided: Bool) throws {
        let stored: SessionStatus = status == .finished ? .finished : .abandoned
        try write("recording the end of session \(sessionID)") { db in
            try updateScore(of: session, sessionID: sessionID, guided: guided, in: db)
            try db.execute(sql: """
                UPDATE sessions SET status = ?, ended_at = ?, ending_id = ?, outcome = ? WHERE id = ?
                """, arguments: [stored.rawValue, now(), session.ending?.id, session.ending?.outcome.rawValue, sessionID])
        }
    }

    private func updateScore(of session: Session, sessionID: Int64, guided: Bool, in db: Database) throws {
        let card = session.scorecard
        try db.execute(sql: """
            UPDATE sessions SET guided = ?, hints_used = ?, earned = ?, possible = ?, percent = ?, passed = ?,
                knockouts = ?, scorecard = ? WHERE id = ?
            """, arguments: [guided, session.hintsUsed, card.earned, card.possible, card.percent, card.passed,
                             try StoreJSON.encode(card.knockouts), try StoreJSON.encode(card), sessionID])
        try replaceRuleResults(RuleResultRecord.results(of: session.scoredTurns, rulebook: session.scorer.rulebook),
                               sessionID: sessionID, in: db)
    }

    func replaceRuleResults(_ results: [RuleResultRecord], sessionID: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM rule_results WHERE session_id = ?", arguments: [sessionID])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO rule_results (session_id, turn_index, rule, verdict, earned, possible, evidence, manual, source)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for result in results {
            try insert.execute(arguments: [sessionID, result.turnIndex, result.rule, result.verdict.rawValue, result.earned,
                                           result.possible, result.evidence, result.manual, result.source.rawValue])
        }
    }
}
