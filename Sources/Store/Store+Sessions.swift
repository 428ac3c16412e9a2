import Foundation
import GRDB
import ScenarioKit
import Scoring

extension Store {
    static let sessionColumns = """
        s.id, s.uuid, t.name AS trainee, s.scenario_id, s.scenario_hash, s.scenario_title, s.scenario_language,
        s.scenario_path, s.pass_mark, s.rulebook_version, s.mode, s.guided, s.seed, s.started_at, s.ended_at, s.status,
        s.ending_id, s.outcome, s.earned, s.possible, s.percent, s.passed, s.hints_used, s.knockouts, s.scorecard,
        s.pid, s.host
        """

    /// The session with row id `id`, with its turns and rule results.
    public func session(id: Int64) throws -> SessionRecord {
        try read("reading session \(id)") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Store.sessionColumns) FROM sessions s JOIN trainees t ON t.id = s.trainee_id WHERE s.id = ?", arguments: [id]) else {
                throw StoreError(.notFound, path: path, action: "reading session \(id)", detail: "no session \(id)")
            }
            return try complete(record(from: row), in: db)
        }
    }

    /// The most recently started session (optionally of one trainee), with its turns.
    public func lastSession(trainee: String? = nil) throws -> SessionRecord {
        try read("reading the last session") { db in
            var sql = "SELECT \(Store.sessionColumns) FROM sessions s JOIN trainees t ON t.id = s.trainee_id"
            var arguments: StatementArguments = []
            if let trainee {
                sql += " WHERE t.name = ?"
                arguments += [trainee]
            }
            sql += " ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
            guard let row = try Row.fetchOne(db, sql: sql, arguments: arguments) else {
                throw StoreError(.notFound, path: path, action: "reading the last session",
                                 detail: trainee.map { "no session of trainee '\($0)'" } ?? "no session yet")
            }
            return try complete(record(from: row), in: db)
        }
    }

    /// Resolves what a user typed for a session: its number, or the start of its uuid.
    public func sessionID(for reference: String) throws -> Int64 {
        let action = "looking up session '\(reference)'"
        let text = reference.trimmingCharacters(in: .whitespaces).lowercased()
        return try read(action) { db in
            if let number = Int64(text), try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions WHERE id = ?", arguments: [number]) == true {
                return number
            }
            guard text.count >= 4, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw StoreError(.notFound, path: path, action: action, detail: "no session '\(reference)' (give its number, as 'salessim report' and 'show --last' print it)")
            }
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM sessions WHERE uuid LIKE ? LIMIT 2", arguments: [text + "%"])
            switch ids.count {
            case 1: return ids[0]
            case 0: throw StoreError(.notFound, path: path, action: action, detail: "no session '\(reference)'")
            default: throw StoreError(.notFound, path: path, action: action, detail: "more than one session starts with '\(reference)'; give more of it")
            }
        }
    }

    /// Sessions matching `filter` (without turns), oldest first.
    public func sessions(matching filter: ReportFilter, statuses: Set<SessionStatus>? = nil, endedSince: Date? = nil) throws -> [SessionRecord] {
        try read("listing sessions") { db in
            let (clause, arguments) = filter.whereClause()
            var sql = "SELECT \(Store.sessionColumns) FROM sessions s JOIN trainees t ON t.id = s.trainee_id WHERE \(clause)"
            var all = arguments
            if let endedSince {
                sql += " AND s.ended_at >= ?"
                all += [endedSince]
            }
            sql += " ORDER BY s.started_at, s.id"
            let records = try Row.fetchAll(db, sql: sql, arguments: all).map(record(from:))
            guard let statuses else { return records }
            return records.filter { statuses.contains($0.status) }
        }
    }

    /// Loads the turns and rule results of `record`.
    public func withDetails(_ record: SessionRecord) throws -> SessionRecord {
        try read("reading session \(record.id)") { db in try complete(record, in: db) }
    }

    func record(from row: Row) -> SessionRecord {
        var status = SessionStatus(rawValue: row["status"]) ?? .abandoned
        if status == .running {
            let pid: Int64? = row["pid"]
            if !liveness.writerMayBeRunning(pid: pid.map { Int32(truncatingIfNeeded: $0) }, host: row["host"]) { status = .interrupted }
        }
        let seed: Int64 = row["seed"]
        let outcome: String? = row["outcome"]
        return SessionRecord(
            id: row["id"], uuid: row["uuid"], trainee: row["trainee"], scenarioID: row["scenario_id"],
            scenarioHash: row["scenario_hash"], scenarioTitle: row["scenario_title"], scenarioLanguage: row["scenario_language"],
            scenarioPath: row["scenario_path"], passMark: row["pass_mark"], rulebookVersion: row["rulebook_version"],
            exam: (row["mode"] as String) == "exam", guided: row["guided"], seed: UInt64(bitPattern: seed),
            startedAt: row["started_at"], endedAt: row["ended_at"], status: status, endingID: row["ending_id"],
            outcome: outcome.flatMap(Outcome.init(rawValue:)), earned: row["earned"], possible: row["possible"],
            percent: row["percent"], passed: row["passed"], hintsUsed: row["hints_used"],
            knockouts: StoreJSON.decode([String].self, from: row["knockouts"]) ?? [],
            scorecard: StoreJSON.decode(Scorecard.self, from: row["scorecard"]))
    }

    func complete(_ record: SessionRecord, in db: Database) throws -> SessionRecord {
        var record = record
        record.turns = try Row.fetchAll(db, sql: "SELECT * FROM turns WHERE session_id = ? ORDER BY idx", arguments: [record.id]).map { row in
            TurnRecord(index: row["idx"], node: row["node"], phase: row["phase"], customerLine: row["customer_line"],
                       reply: row["reply"], recognisedReply: row["recognised_reply"], recognisedOption: row["recognised_option"],
                       pickedOption: row["picked_option"], seconds: row["seconds"],
                       verdicts: StoreJSON.decode([RuleVerdict].self, from: row["verdicts"]) ?? [], recordedAt: row["recorded_at"])
        }
        record.ruleResults = try Row.fetchAll(db, sql: "SELECT * FROM rule_results WHERE session_id = ? ORDER BY id", arguments: [record.id]).map { row in
            RuleResultRecord(turnIndex: row["turn_index"], rule: row["rule"], verdict: Verdict(rawValue: row["verdict"]) ?? .missed,
                             earned: row["earned"], possible: row["possible"], evidence: row["evidence"], manual: row["manual"],
                             source: RuleVerdict.Source(rawValue: row["source"]) ?? .detector)
        }
        return record
    }

    /// Number of sessions and turns stored (checks and the benchmark).
    public func counts() throws -> (sessions: Int, turns: Int, ruleResults: Int) {
        try read("counting its rows") { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turns") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rule_results") ?? 0)
        }
    }

    /// Replaces a session's score with a re-scored one (`salessim rescore --save`): the rulebook
    /// version, totals, scorecard, per-turn verdicts and rule results.
    public func saveRescore(sessionID: Int64, rulebookVersion: Int, scorecard: Scorecard, turnVerdicts: [[RuleVerdict]],
                            ruleResults: [RuleResultRecord]) throws {
        try write("saving the re-scored session \(sessionID)") { db in
            try db.execute(sql: """
                UPDATE sessions SET rulebook_version = ?, earned = ?, possible = ?, percent = ?, passed = ?, knockouts = ?,
                    scorecard = ? WHERE id = ?
                """, arguments: [rulebookVersion, scorecard.earned, scorecard.possible, scorecard.percent, scorecard.passed,
                                 try StoreJSON.encode(scorecard.knockouts), try StoreJSON.encode(scorecard), sessionID])
            for (index, verdicts) in turnVerdicts.enumerated() {
                try db.execute(sql: "UPDATE turns SET verdicts = ? WHERE session_id = ? AND idx = ?",
                               arguments: [try StoreJSON.encode(verdicts), sessionID, index])
            }
            try replaceRuleResults(ruleResults, sessionID: sessionID, in: db)
        }
    }
}
