import Foundation
import GRDB
import Scoring

extension Store {
    /// Writes whole sessions (with their turns and rule results) in one transaction; returns how
    /// many were written. For imports, fixtures and the benchmark: `records` may be a lazy
    /// sequence, so millions of turns need not be in memory at once.
    @discardableResult
    public func importSessions(_ records: some Sequence<SessionRecord>) throws -> Int {
        let count = try write("importing sessions") { db in
            var trainees: [String: Int64] = [:]
            // Generated stores repeat the same verdict lists; encoding each once saves most of the time.
            var encodedVerdicts: [[RuleVerdict]: String] = [:]
            let session = try db.cachedStatement(sql: """
                INSERT INTO sessions (uuid, trainee_id, scenario_id, scenario_hash, scenario_title, scenario_language,
                    scenario_path, pass_mark, rulebook_version, mode, guided, seed, started_at, ended_at, status, ending_id,
                    outcome, earned, possible, percent, passed, hints_used, knockouts, scorecard)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let turn = try db.cachedStatement(sql: """
                INSERT INTO turns (session_id, idx, node, phase, customer_line, reply, recognised_reply, recognised_option,
                    picked_option, seconds, verdicts, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let result = try db.cachedStatement(sql: """
                INSERT INTO rule_results (session_id, turn_index, rule, verdict, earned, possible, evidence, manual, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var count = 0
            for record in records {
                let traineeID: Int64
                if let known = trainees[record.trainee] {
                    traineeID = known
                } else {
                    traineeID = try self.traineeID(record.trainee, in: db)
                    trainees[record.trainee] = traineeID
                }
                // A stored `interrupted` is a `running` row whose writer is gone.
                let status = record.status == .interrupted ? SessionStatus.running : record.status
                try session.execute(arguments: [
                    record.uuid, traineeID, record.scenarioID, record.scenarioHash, record.scenarioTitle, record.scenarioLanguage,
                    record.scenarioPath, record.passMark, record.rulebookVersion, record.mode, record.guided,
                    Int64(bitPattern: record.seed), record.startedAt, record.endedAt, status.rawValue, record.endingID,
                    record.outcome?.rawValue, record.earned, record.possible, record.percent, record.passed, record.hintsUsed,
                    try StoreJSON.encode(record.knockouts), try record.scorecard.map(StoreJSON.encode),
                ])
                let id = db.lastInsertedRowID
                for item in record.turns {
                    let verdicts: String
                    if let known = encodedVerdicts[item.verdicts] {
                        verdicts = known
                    } else {
                        verdicts = try StoreJSON.encode(item.verdicts)
                        if encodedVerdicts.count < 10_000 { encodedVerdicts[item.verdicts] = verdicts }
                    }
                    try turn.execute(arguments: [id, item.index, item.node, item.phase, item.customerLine, item.reply,
                                                 item.recognisedReply, item.recognisedOption, item.pickedOption, item.seconds,
                                                 verdicts, item.recordedAt])
                }
                for item in record.ruleResults {
                    try result.execute(arguments: [id, item.turnIndex, item.rule, item.verdict.rawValue, item.earned, item.possible,
                                                   item.evidence, item.manual, item.source.rawValue])
                }
                count += 1
            }
            return count
        }
        // NB: a big import leaves every page in the WAL file, which later readers would have to
        // search; copy them into the database and empty the WAL (best effort: skip when busy).
        _ = try? pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        return count
    }
}
