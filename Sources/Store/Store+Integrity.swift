import Foundation

extension Store {
    /// Checks that the typed columns the reports aggregate hold values of their types, so that a
    /// damaged or hand-edited value (`started_at = 'yesterday'`, `seed = 'abc'`, `seconds =
    /// 'NaN'`) is reported by table, row and column instead of being summed as 0 or shown as a
    /// date in 1970. SQLite keeps whatever a hand edit wrote; PostgreSQL checks types itself, but
    /// takes NaN and infinite seconds.
    public func checkStoredValues() throws {
        try read("checking its values") { db in
            let session: String
            let turn: String
            switch dialect {
            case .sqlite:
                session = """
                    SELECT id, CASE
                        WHEN typeof(seed) <> 'integer' THEN 'seed'
                        WHEN julianday(started_at) IS NULL THEN 'started_at'
                        WHEN ended_at IS NOT NULL AND julianday(ended_at) IS NULL THEN 'ended_at'
                        WHEN typeof(pass_mark) <> 'integer' THEN 'pass_mark'
                        WHEN typeof(rulebook_version) <> 'integer' THEN 'rulebook_version'
                        WHEN typeof(earned) <> 'integer' THEN 'earned'
                        WHEN typeof(possible) <> 'integer' THEN 'possible'
                        WHEN typeof(percent) <> 'integer' THEN 'percent'
                        WHEN typeof(passed) <> 'integer' THEN 'passed'
                        WHEN typeof(guided) <> 'integer' THEN 'guided'
                        WHEN typeof(hints_used) <> 'integer' THEN 'hints_used'
                        END AS col
                    FROM sessions WHERE col IS NOT NULL LIMIT 1
                    """
                turn = """
                    SELECT session_id, idx, 'seconds' AS col FROM turns INDEXED BY turns_for_reports
                    WHERE seconds IS NOT NULL AND (typeof(seconds) NOT IN ('real', 'integer') OR seconds < 0) LIMIT 1
                    """
            case .postgres:
                session = "SELECT id, NULL AS col FROM sessions WHERE false"
                turn = "SELECT session_id, idx, 'seconds' AS col FROM turns WHERE seconds = 'NaN'::float8 OR seconds < 0 OR seconds = 'Infinity'::float8 LIMIT 1"
            }
            if let row = try db.fetchOne(session, []), let column = row.text("col") {
                let reader = RowReader(row, table: "sessions")
                throw try reader.damaged(column, Store.expectation(column), value: db.fetchOne("SELECT \(column) AS v FROM sessions WHERE id = ?",
                                                                                                 [.int(reader.row.int64("id") ?? 0)])?.raw("v"))
            }
            if let row = try db.fetchOne(turn, []) {
                let session = row.raw("session_id") ?? "?", index = row.raw("idx") ?? "?"
                let value = try db.fetchOne("SELECT seconds AS v FROM turns WHERE session_id = ? AND idx = ?",
                                            [.int(row.int64("session_id") ?? 0), .int(row.int64("idx") ?? 0)])?.raw("v")
                throw RowReader(row, table: "turns", id: "\(session):\(index) (session \(session), turn index \(index))")
                    .damaged("seconds", "a number of seconds", value: value)
            }
        }
    }

    static func expectation(_ column: String) -> String {
        switch column {
        case "started_at", "ended_at": "a date and time"
        case "passed", "guided": "true or false"
        default: "a whole number"
        }
    }
}
