import Foundation
import ScenarioKit
import Scoring
import Simulation

extension Store {
    /// Stores one step of a visit (its own transaction), committed before this returns; a
    /// server's backend keeps it locally instead when the server is away.
    public func record(_ step: RecordingStep) throws {
        try backend.record(step, action: "recording \(step.label) of session \(step.sessionUUID)", apply: Store.apply)
    }

    /// Writes `step`. Applying a step a second time changes nothing: the session is inserted only
    /// if new, turns only if missing, and a session that has ended takes no more turns or scores.
    package static func apply(_ step: RecordingStep, in db: any SQLExecutor) throws {
        switch step {
        case let .began(start):
            try db.execute("INSERT INTO trainees (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                           [.text(start.trainee), .date(start.startedAt)])
            try db.execute("""
                INSERT INTO sessions (uuid, trainee_id, scenario_id, scenario_hash, scenario_title, scenario_language,
                    scenario_path, pass_mark, rulebook_version, mode, guided, seed, started_at, status, pid, host, start_node, input)
                VALUES (?, (SELECT id FROM trainees WHERE name = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)
                ON CONFLICT (uuid) DO NOTHING
                """, [.text(start.uuid), .text(start.trainee), .text(start.scenarioID), .text(start.scenarioHash),
                      .text(start.scenarioTitle), .text(start.scenarioLanguage), SQLValue(start.scenarioPath),
                      SQLValue(start.passMark), SQLValue(start.rulebookVersion), .text(start.exam ? "exam" : "practice"),
                      .bool(false), .int(Int64(bitPattern: start.seed)), .date(start.startedAt),
                      .int(Int64(start.processID)), .text(start.hostName), SQLValue(start.startNode),
                      .text(start.scripted == true ? "script" : "terminal")])
        case let .turn(step):
            guard let id = try runningSession(step.sessionUUID, in: db) else { return }
            let columns = TurnRecord.columns
            try db.execute("""
                INSERT INTO turns (\(columns.joined(separator: ", ")))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                ON CONFLICT (session_id, idx) DO NOTHING
                """, try step.turn.values(sessionID: id))
            try updateScore(step.score, sessionID: id, in: db)
        case let .ended(end):
            guard let id = try runningSession(end.sessionUUID, in: db) else { return }
            try updateScore(end.score, sessionID: id, in: db)
            let stored: SessionStatus = end.status == .finished ? .finished : .abandoned
            try db.execute("""
                UPDATE sessions SET status = ?, ended_at = ?, ending_id = ?, outcome = ? WHERE id = ? AND status = 'running'
                """, [.text(stored.rawValue), .date(end.endedAt), SQLValue(end.endingID), SQLValue(end.outcome?.rawValue), .int(id)])
        }
    }

    /// The row id of the session with `uuid` while it runs; nil once it has ended (a step
    /// delivered again); an error when it was never begun.
    private static func runningSession(_ uuid: String, in db: any SQLExecutor) throws -> Int64? {
        guard let row = try db.fetchOne("SELECT id, status FROM sessions WHERE uuid = ?", [.text(uuid)]),
              let id = row.int64("id") else {
            throw StoreError(.notFound, path: "", action: "recording a turn", detail: "no session \(uuid)")
        }
        return row.text("status") == SessionStatus.running.rawValue ? id : nil
    }

    private static func updateScore(_ score: ScoreState, sessionID: Int64, in db: any SQLExecutor) throws {
        let card = score.scorecard
        try db.execute("""
            UPDATE sessions SET guided = ?, hints_used = ?, earned = ?, possible = ?, percent = ?, passed = ?,
                knockouts = ?, scorecard = ? WHERE id = ?
            """, [.bool(score.guided), SQLValue(score.hintsUsed), SQLValue(card.earned), SQLValue(card.possible),
                  SQLValue(card.percent), .bool(card.passed), .text(try StoreJSON.encode(card.knockouts)),
                  .text(try StoreJSON.encode(card)), .int(sessionID)])
        if let tail = score.tail {
            if tail.turn == ScoreState.Tail.nothing.turn {
                // Nothing changed: the stored results stay.
            } else if let turn = tail.turn {
                try db.execute("DELETE FROM rule_results WHERE session_id = ? AND (turn_index >= ? OR turn_index IS NULL)", [.int(sessionID), SQLValue(turn)])
            } else {
                try db.execute("DELETE FROM rule_results WHERE session_id = ? AND turn_index IS NULL", [.int(sessionID)])
            }
            try insertRows(into: "rule_results", columns: ruleResultColumns,
                           rows: score.ruleResults.map { ruleResultValues($0, sessionID: sessionID) }, in: db)
        } else {
            try replaceRuleResults(score.ruleResults, sessionID: sessionID, in: db)
        }
    }

    static func replaceRuleResults(_ results: [RuleResultRecord], sessionID: Int64, in db: any SQLExecutor) throws {
        try db.execute("DELETE FROM rule_results WHERE session_id = ?", [.int(sessionID)])
        try insertRows(into: "rule_results", columns: ruleResultColumns,
                       rows: results.map { ruleResultValues($0, sessionID: sessionID) }, in: db)
    }

    static let ruleResultColumns = ["session_id", "turn_index", "rule", "verdict", "earned", "possible", "evidence", "manual", "source"]

    static func ruleResultValues(_ result: RuleResultRecord, sessionID: Int64) -> [SQLValue] {
        [.int(sessionID), SQLValue(result.turnIndex), .text(result.rule), .text(result.verdict.rawValue), SQLValue(result.earned),
         SQLValue(result.possible), .text(result.evidence), .text(result.manual), .text(result.source.rawValue)]
    }

    /// Inserts `rows` with as few statements as the backends' parameter limits allow.
    static func insertRows(into table: String, columns: [String], rows: [[SQLValue]], suffix: String = "", bulk: Bool = false,
                           in db: any SQLExecutor) throws {
        guard !rows.isEmpty else { return }
        // NB: COPY for imports by the tables' owner (COPY FROM does not apply row-level security).
        if bulk, suffix.isEmpty, let copier = db as? any SQLBulkCopier {
            try copier.copy(into: table, columns: columns, rows: rows)
            return
        }
        let perStatement = max(1, 30_000 / columns.count)
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: tuple, count: chunk.count).joined(separator: ", ") + suffix
            try db.execute(sql, Array(chunk.joined()))
            start += chunk.count
        }
    }
}
