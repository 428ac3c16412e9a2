import Foundation
import ScenarioKit
import Scoring

extension Store {
    static let sessionColumns = """
        s.id, s.uuid, t.name AS trainee, s.scenario_id, s.scenario_hash, s.scenario_title, s.scenario_language,
        s.scenario_path, s.pass_mark, s.rulebook_version, s.mode, s.guided, s.seed, s.started_at, s.ended_at, s.status,
        s.ending_id, s.outcome, s.earned, s.possible, s.percent, s.passed, s.hints_used, s.knockouts, s.scorecard,
        s.pid, s.host, s.start_node, s.input,
        COALESCE((SELECT MAX(tr.recorded_at) FROM turns tr WHERE tr.session_id = s.id), s.started_at) AS last_activity
        """

    /// The session with row id `id`, with its turns and rule results.
    public func session(id: Int64) throws -> SessionRecord {
        try read("reading session \(id)") { db in
            guard let row = try db.fetchOne("SELECT \(Store.sessionColumns) FROM sessions s JOIN trainees t ON t.id = s.trainee_id WHERE s.id = ?", [.int(id)]) else {
                throw StoreError(.notFound, path: path, action: "reading session \(id)", detail: "no session \(id)")
            }
            return try complete(record(from: row), in: db)
        }
    }

    /// The most recently started session (optionally of one trainee), with its turns.
    public func lastSession(trainee: String? = nil) throws -> SessionRecord {
        try read("reading the last session") { db in
            var sql = "SELECT \(Store.sessionColumns) FROM sessions s JOIN trainees t ON t.id = s.trainee_id"
            var arguments: [SQLValue] = []
            if let trainee {
                sql += " WHERE t.name = ?"
                arguments.append(.text(trainee))
            }
            sql += " ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
            guard let row = try db.fetchOne(sql, arguments) else {
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
            if let number = Int64(text), try db.fetchOne("SELECT 1 AS found FROM sessions WHERE id = ?", [.int(number)]) != nil {
                return number
            }
            guard text.count >= 4, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw StoreError(.notFound, path: path, action: action, detail: "no session '\(reference)' (give its number, as 'salessim report' and 'show --last' print it)")
            }
            let ids = try db.fetch("SELECT id FROM sessions WHERE uuid LIKE ? LIMIT 2", [.text(text + "%")]).compactMap { $0.int64("id") }
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
                all.append(.date(endedSince))
            }
            sql += " ORDER BY s.started_at, s.id"
            let records = try db.fetch(sql, all).map { try record(from: $0) }
            guard let statuses else { return records }
            return records.filter { statuses.contains($0.status) }
        }
    }

    /// Loads the turns and rule results of `record`.
    public func withDetails(_ record: SessionRecord) throws -> SessionRecord {
        try read("reading session \(record.id)") { db in try complete(record, in: db) }
    }

    /// A session row as a record; a value of the wrong type is a `damaged` error naming it.
    func record(from row: any SQLRow) throws -> SessionRecord {
        let row = RowReader(row, table: "sessions")
        var status: SessionStatus = try row.choice("status")
        if status == .running {
            let pid = try row.optionalInt("pid")
            let host = try row.optionalText("host")
            if !liveness.writerMayBeRunning(pid: pid.map { Int32(truncatingIfNeeded: $0) }, host: host) { status = .interrupted }
            // NB: a process id can be reused, and a row written on another host cannot be
            // checked at all: a visit without a turn for this long is over, whoever wrote it.
            let isThisProcess = pid.map(Int64.init) == Int64(liveness.processID) && host == liveness.hostName
            if !isThisProcess, let last = try row.optionalDate("last_activity"), now().timeIntervalSince(last) > SessionStatus.runningCutOff {
                status = .interrupted
            }
        }
        let mode = try row.text("mode")
        guard mode == "exam" || mode == "practice" else { throw row.damaged("mode", "practice or exam") }
        return SessionRecord(
            id: try row.int64("id"), uuid: try row.text("uuid"), trainee: try row.text("trainee"),
            scenarioID: try row.text("scenario_id"), scenarioHash: try row.text("scenario_hash"),
            scenarioTitle: try row.text("scenario_title"), scenarioLanguage: try row.text("scenario_language"),
            scenarioPath: try row.optionalText("scenario_path"), passMark: try row.int("pass_mark"), rulebookVersion: try row.int("rulebook_version"),
            exam: mode == "exam", guided: try row.bool("guided"),
            seed: UInt64(bitPattern: try row.int64("seed")),
            startedAt: try row.date("started_at"), endedAt: try row.optionalDate("ended_at"), status: status,
            endingID: try row.optionalText("ending_id"), outcome: try row.optionalChoice("outcome"),
            earned: try row.int("earned"), possible: try row.int("possible"), percent: try row.int("percent"),
            passed: try row.bool("passed"), hintsUsed: try row.int("hints_used"),
            knockouts: try row.json("knockouts"), startNode: try row.optionalText("start_node"),
            scripted: try row.text("input") == "script",
            scorecard: try row.optionalJSON("scorecard"))
    }

    func complete(_ record: SessionRecord, in db: any SQLExecutor) throws -> SessionRecord {
        var record = record
        record.turns = try db.fetch("SELECT * FROM turns WHERE session_id = ? ORDER BY idx", [.int(record.id)]).map { raw in
            let row = RowReader(raw, table: "turns", id: "\(record.id):\(raw.raw("idx") ?? "?") (session \(record.id), turn index \(raw.raw("idx") ?? "?"))")
            return try TurnRecord(row: row)
        }
        record.ruleResults = try db.fetch("SELECT * FROM rule_results WHERE session_id = ? ORDER BY id", [.int(record.id)]).map { raw in
            let row = RowReader(raw, table: "rule_results")
            return RuleResultRecord(turnIndex: try row.optionalInt("turn_index"), rule: try row.text("rule"),
                                    verdict: try row.choice("verdict"),
                                    earned: try row.int("earned"), possible: try row.int("possible"), evidence: try row.text("evidence"),
                                    manual: try row.text("manual"), source: try row.choice("source"))
        }
        return record
    }

    /// Number of sessions and turns stored (checks and the benchmark).
    public func counts() throws -> (sessions: Int, turns: Int, ruleResults: Int) {
        try read("counting its rows") { db in
            let row = try db.fetchOne("""
                SELECT (SELECT COUNT(*) FROM sessions) AS sessions, (SELECT COUNT(*) FROM turns) AS turns,
                    (SELECT COUNT(*) FROM rule_results) AS results
                """, [])
            return (row?.int("sessions") ?? 0, row?.int("turns") ?? 0, row?.int("results") ?? 0)
        }
    }

    /// Replaces a session's score with a re-scored one (`salessim rescore --save`): the rulebook
    /// version, totals, scorecard, per-turn verdicts and rule results.
    public func saveRescore(sessionID: Int64, rulebookVersion: Int, scorecard: Scorecard, turnVerdicts: [[RuleVerdict]],
                            ruleResults: [RuleResultRecord]) throws {
        try write("saving the re-scored session \(sessionID)") { db in
            try db.execute("""
                UPDATE sessions SET rulebook_version = ?, earned = ?, possible = ?, percent = ?, passed = ?, knockouts = ?,
                    scorecard = ? WHERE id = ?
                """, [SQLValue(rulebookVersion), SQLValue(scorecard.earned), SQLValue(scorecard.possible), SQLValue(scorecard.percent),
                      .bool(scorecard.passed), .text(try StoreJSON.encode(scorecard.knockouts)), .text(try StoreJSON.encode(scorecard)),
                      .int(sessionID)])
            for (index, verdicts) in turnVerdicts.enumerated() {
                try db.execute("UPDATE turns SET verdicts = ? WHERE session_id = ? AND idx = ?",
                               [.text(try StoreJSON.encode(verdicts)), .int(sessionID), SQLValue(index)])
            }
            try Store.replaceRuleResults(ruleResults, sessionID: sessionID, in: db)
        }
    }
}

/// How a session's replies were understood: what `salessim sessions` and the reports count.
public struct ReplyCounts: Sendable, Hashable, Codable {
    /// Replies typed or picked.
    public var replies = 0
    /// Replies that fell to `otherwise`.
    public var notUnderstood = 0
    /// Replies the customer asked back about.
    public var clarifications = 0
    /// Replies understood only by similarity to the examples.
    public var bySimilarity = 0

    public init(replies: Int = 0, notUnderstood: Int = 0, clarifications: Int = 0, bySimilarity: Int = 0) {
        self.replies = replies
        self.notUnderstood = notUnderstood
        self.clarifications = clarifications
        self.bySimilarity = bySimilarity
    }
}

extension Store {
    /// Per session of `filter`: how many replies, and how many were not understood, asked back
    /// about, or understood only by similarity.
    public func replyCounts(_ filter: ReportFilter) throws -> [Int64: ReplyCounts] {
        let (clause, arguments) = filter.whereClause()
        return try read("counting the replies of each session") { db in
            var counts: [Int64: ReplyCounts] = [:]
            for raw in try db.fetch("""
                SELECT u.session_id AS session, COUNT(*) AS replies,
                    SUM(CASE WHEN u.understood_by = 'none' THEN 1 ELSE 0 END) AS not_understood,
                    SUM(CASE WHEN u.understood_by = 'clarification' THEN 1 ELSE 0 END) AS clarifications,
                    SUM(CASE WHEN u.understood_by = 'similarity' THEN 1 ELSE 0 END) AS similarity
                FROM turns u JOIN sessions s ON s.id = u.session_id JOIN trainees t ON t.id = s.trainee_id
                WHERE \(clause) GROUP BY u.session_id
                """, arguments) {
                let row = RowReader(raw, table: "turns", id: "of session \(raw.raw("session") ?? "?")")
                counts[try row.int64("session")] = ReplyCounts(replies: try row.int("replies"), notUnderstood: try row.int("not_understood"),
                                                               clarifications: try row.int("clarifications"), bySimilarity: try row.int("similarity"))
            }
            return counts
        }
    }
}
