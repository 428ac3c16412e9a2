import Foundation
import GRDB

extension Store {
    /// Adds statements to the queue; ones already queued (same id) are left as they are.
    public func enqueueStatements(_ statements: [(id: String, sessionID: Int64?, json: String)]) throws {
        try write("queueing \(statements.count) xAPI statements") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO xapi_queue (statement_id, session_id, statement, queued_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(statement_id) DO NOTHING
                """)
            for statement in statements {
                try insert.execute(arguments: [statement.id, statement.sessionID, statement.json, now()])
            }
        }
    }

    /// Every queued statement, oldest first.
    public func queuedStatements() throws -> [QueuedStatement] {
        try read("reading the xAPI queue") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM xapi_queue ORDER BY queued_at, rowid").map { row in
                QueuedStatement(id: row["statement_id"], sessionID: row["session_id"], json: row["statement"],
                                attempts: row["attempts"], lastError: row["last_error"])
            }
        }
    }

    /// Removes statements the record store accepted.
    public func dequeueStatements(_ ids: [String]) throws {
        try write("removing \(ids.count) sent xAPI statements from the queue") { db in
            let delete = try db.cachedStatement(sql: "DELETE FROM xapi_queue WHERE statement_id = ?")
            for id in ids { try delete.execute(arguments: [id]) }
        }
    }

    /// Notes a failed attempt on statements that stay queued.
    public func noteFailedAttempt(_ ids: [String], error: String) throws {
        try write("noting a failed xAPI send") { db in
            let update = try db.cachedStatement(sql: "UPDATE xapi_queue SET attempts = attempts + 1, last_error = ? WHERE statement_id = ?")
            for id in ids { try update.execute(arguments: [error, id]) }
        }
    }
}
