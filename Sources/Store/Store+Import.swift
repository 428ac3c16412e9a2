import Foundation
import Scoring
import Simulation

extension Store {
    /// Writes whole sessions (with their turns and rule results) in one transaction; returns how
    /// many were written. For imports, fixtures and the benchmark: `records` may be a lazy
    /// sequence, so millions of turns need not be in memory at once.
    @discardableResult
    public func importSessions(_ records: some Sequence<SessionRecord>) throws -> Int {
        let count = try write("importing sessions") { db in
            var importer = Importer(db: db)
            var batch: [SessionRecord] = []
            for record in records {
                batch.append(record)
                if batch.count == 500 {
                    try importer.insert(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            try importer.insert(batch)
            return importer.count
        }
        backend.finishBulkWrite()
        return count
    }

    /// Inserts sessions in batches: many rows per statement, so that a server's round trips do not
    /// dominate.
    private struct Importer {
        let db: any SQLExecutor
        var trainees: [String: Int64] = [:]
        // Generated stores repeat the same verdict lists; encoding each once saves most of the time.
        var encodedVerdicts: [[RuleVerdict]: String] = [:]
        var count = 0

        static let sessionColumns = ["uuid", "trainee_id", "scenario_id", "scenario_hash", "scenario_title", "scenario_language",
                                     "scenario_path", "pass_mark", "rulebook_version", "mode", "guided", "seed", "started_at",
                                     "ended_at", "status", "ending_id", "outcome", "earned", "possible", "percent", "passed",
                                     "hints_used", "knockouts", "scorecard", "start_node", "input"]

        mutating func traineeID(_ name: String, since: Date) throws -> Int64 {
            if let known = trainees[name] { return known }
            try db.execute("INSERT INTO trainees (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [.text(name), .date(since)])
            guard let id = try db.fetchOne("SELECT id FROM trainees WHERE name = ?", [.text(name)])?.int64("id") else {
                throw StoreError(.notFound, path: "", action: "importing sessions", detail: "trainee '\(name)' could not be added")
            }
            trainees[name] = id
            return id
        }

        mutating func insert(_ batch: [SessionRecord]) throws {
            guard !batch.isEmpty else { return }
            var sessions: [[SQLValue]] = []
            for record in batch {
                // A stored `interrupted` is a `running` row whose writer is gone.
                let status = record.status == .interrupted ? SessionStatus.running : record.status
                sessions.append([
                    .text(record.uuid), .int(try traineeID(record.trainee, since: record.startedAt)), .text(record.scenarioID),
                    .text(record.scenarioHash), .text(record.scenarioTitle), .text(record.scenarioLanguage), SQLValue(record.scenarioPath),
                    SQLValue(record.passMark), SQLValue(record.rulebookVersion), .text(record.mode), .bool(record.guided),
                    .int(Int64(bitPattern: record.seed)), .date(record.startedAt), SQLValue(record.endedAt), .text(status.rawValue),
                    SQLValue(record.endingID), SQLValue(record.outcome?.rawValue), SQLValue(record.earned), SQLValue(record.possible),
                    SQLValue(record.percent), .bool(record.passed), SQLValue(record.hintsUsed), .text(try StoreJSON.encode(record.knockouts)),
                    SQLValue(try record.scorecard.map(StoreJSON.encode)), SQLValue(record.startNode),
                    .text(record.scripted ? "script" : "terminal"),
                ])
            }
            try Store.insertRows(into: "sessions", columns: Importer.sessionColumns, rows: sessions, bulk: true, in: db)
            var ids: [String: Int64] = [:]
            var start = 0
            while start < batch.count {
                let chunk = batch[start..<min(batch.count, start + 500)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                for row in try db.fetch("SELECT id, uuid FROM sessions WHERE uuid IN (\(marks))", chunk.map { .text($0.uuid) }) {
                    if let uuid = row.text("uuid"), let id = row.int64("id") { ids[uuid] = id }
                }
                start += chunk.count
            }
            var turns: [[SQLValue]] = []
            var results: [[SQLValue]] = []
            for record in batch {
                guard let id = ids[record.uuid] else { continue }
                for item in record.turns {
                    let verdicts: String
                    if let known = encodedVerdicts[item.verdicts] {
                        verdicts = known
                    } else {
                        verdicts = try StoreJSON.encode(item.verdicts)
                        if encodedVerdicts.count < 10_000 { encodedVerdicts[item.verdicts] = verdicts }
                    }
                    turns.append(try item.values(sessionID: id, verdicts: verdicts))
                }
                results += record.ruleResults.map { Store.ruleResultValues($0, sessionID: id) }
            }
            try Store.insertRows(into: "turns", columns: TurnRecord.columns, rows: turns, bulk: true, in: db)
            try Store.insertRows(into: "rule_results", columns: Store.ruleResultColumns, rows: results, bulk: true, in: db)
            count += batch.count
        }
    }
}
