import Foundation

extension Store {
    /// Adds statements to the queue; ones already queued (same id) are left as they are.
    public func enqueueStatements(_ statements: [(id: String, sessionID: Int64?, json: String)]) throws {
        let queuedAt = now()
        try write("queueing \(statements.count) xAPI statements") { db in
            try Store.insertRows(into: "xapi_queue", columns: ["statement_id", "session_id", "statement", "queued_at"],
                                 rows: statements.map { [.text($0.id), SQLValue($0.sessionID), .text($0.json), .date(queuedAt)] },
                                 suffix: " ON CONFLICT (statement_id) DO NOTHING", in: db)
        }
    }

    /// Every queued statement, oldest first.
    public func queuedStatements() throws -> [QueuedStatement] {
        try read("reading the xAPI queue") { db in
            try db.fetch("SELECT * FROM xapi_queue ORDER BY \(db.dialect.queueOrder)", []).map { row in
                QueuedStatement(id: row.text("statement_id") ?? "", sessionID: row.int64("session_id"), json: row.text("statement") ?? "",
                                attempts: row.int("attempts") ?? 0, lastError: row.text("last_error"))
            }
        }
    }

    /// Removes statements the record store accepted.
    public func dequeueStatements(_ ids: [String]) throws {
        try write("removing \(ids.count) sent xAPI statements from the queue") { db in
            for id in ids { try db.execute("DELETE FROM xapi_queue WHERE statement_id = ?", [.text(id)]) }
        }
    }

    /// Notes a failed attempt on statements that stay queued.
    public func noteFailedAttempt(_ ids: [String], error: String) throws {
        try write("noting a failed xAPI send") { db in
            for id in ids {
                try db.execute("UPDATE xapi_queue SET attempts = attempts + 1, last_error = ? WHERE statement_id = ?", [.text(error), .text(id)])
            }
        }
    }
}
