import Foundation
import ScenarioKit
import Scoring

extension Store {
    static let sessionColumns = """
        s.id, s.uuid, t.name AS trainee, s.scenario_id, s.scenario_hash, s.scenario_title, s.scenario_language,
        s.scenario_path, s.pass_mark, s.rulebook_version, s.mode, s.guided, s.seed, s.started_at, s.ended_at, s.status,
        s.ending_id, s.outcome, s.earned, s.possible, s.percent, s.passed, s.hints_used, s.knockouts, s.scorecard,
        s.pid, s.host,
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
            let records = try db.fetch(sql, all).map(record(from:))
            guard let statuses else { return records }
            return records.filter { statuses.contains($0.status) }
        }
    }

    /// Loads the turns and rule results of `record`.
    public func withDetails(_ record: SessionRecord) throws -> SessionRecord {
        try read("reading session \(record.id)") { db in try complete(record, in: db) }
    }

    func record(from row: any SQLRow) -> SessionRecord {
        var status = SessionStatus(rawValue: row.text("status") ?? "") ?? .abandoned
        if status == .running {
            let pid = row.int64("pid")
            if !liveness.writerMayBeRunning(pid: pid.map { Int32(truncatingIfNeeded: $0) }, host: row.text("host")) { status = .interrupted }
            // NB: a process id can be reused, and a row written on another host cannot be
            // checked at all: a visit without a turn for this long is over, whoever wrote it.
            let isThisProcess = pid == Int64(liveness.processID) && row.text("host") == liveness.hostName
            if !isThisProcess, let last = row.date("last_activity"), now().timeIntervalSince(last) > SessionStatus.runningCutOff {
                status = .interrupted
            }
        }
        return SessionRecord(
            id: row.int64("id") ?? 0, uuid: row.text("uuid") ?? "", trainee: row.text("trainee") ?? "",
            scenarioID: row.text("scenario_id") ?? "", scenarioHash: row.text("scenario_hash") ?? "",
            scenarioTitle: row.text("scenario_title") ?? "", scenarioLanguage: row.text("scenario_language") ?? "",
            scenarioPath: row.text("scenario_path"), passMark: row.int("pass_mark") ?? 0, rulebookVersion: row.int("rulebook_version") ?? 0,
            exam: row.text("mode") == "exam", guided: row.bool("guided") ?? false,
            seed: UInt64(bitPattern: row.int64("seed") ?? 0),
            startedAt: row.date("started_at") ?? Date(timeIntervalSince1970: 0), endedAt: row.date("ended_at"), status: status,
            endingID: row.text("ending_id"), outcome: row.text("outcome").flatMap(Outcome.init(rawValue:)),
            earned: row.int("earned") ?? 0, possible: row.int("possible") ?? 0, percent: row.int("percent") ?? 0,
            passed: row.bool("passed") ?? false, hintsUsed: row.int("hints_used") ?? 0,
            knockouts: StoreJSON.decode([String].self, from: row.text("knockouts")) ?? [],
            scorecard: StoreJSON.decode(Scorecard.self, from: row.text("scorecard")))
    }

    func complete(_ record: SessionRecord, in db: any SQLExecutor) throws -> SessionRecord {
        var record = record
        record.turns = try db.fetch("SELECT * FROM turns WHERE session_id = ? ORDER BY idx", [.int(record.id)]).map { row in
            TurnRecord(index: row.int("idx") ?? 0, node: row.text("node") ?? "", phase: row.text("phase") ?? "",
                       customerLine: row.text("customer_line") ?? "", reply: row.text("reply") ?? "",
                       recognisedReply: row.int("recognised_reply"), recognisedOption: row.text("recognised_option"),
                       pickedOption: row.int("picked_option"), seconds: row.double("seconds"),
                       verdicts: StoreJSON.decode([RuleVerdict].self, from: row.text("verdicts")) ?? [],
                       recordedAt: row.date("recorded_at") ?? record.startedAt)
        }
        record.ruleResults = try db.fetch("SELECT * FROM rule_results WHERE session_id = ? ORDER BY id", [.int(record.id)]).map { row in
            RuleResultRecord(turnIndex: row.int("turn_index"), rule: row.text("rule") ?? "",
                             verdict: Verdict(rawValue: row.text("verdict") ?? "") ?? .missed,
                             earned: row.int("earned") ?? 0, possible: row.int("possible") ?? 0, evidence: row.text("evidence") ?? "",
                             manual: row.text("manual") ?? "", source: RuleVerdict.Source(rawValue: row.text("source") ?? "") ?? .detector)
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
