/// The store's tables as the app reads and writes them: every column with its kind and whether
/// it may be NULL.
///
/// The migrations of each dialect (``StoreSchema`` for SQLite, `PostgresSchema` for PostgreSQL)
/// must produce exactly these columns; a test compares each real database with this description
/// through ``Store/columns(of:)``, so the two schemas cannot drift apart unnoticed.
public enum StoreTables {
    /// What a column holds, and so its type in each dialect.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case text, integer, real, boolean, timestamp
        /// JSON text (verdicts, scorecards, knockouts, queued statements).
        case json

        /// The type as each dialect reports it (SQLite's declared type; PostgreSQL's
        /// `information_schema.columns.data_type`).
        public func type(in dialect: String) -> Set<String> {
            switch (self, dialect) {
            case (.text, "sqlite"), (.json, "sqlite"), (.timestamp, "sqlite"): ["TEXT"]
            case (.integer, "sqlite"), (.boolean, "sqlite"): ["INTEGER"]
            case (.real, "sqlite"): ["REAL"]
            case (.text, _), (.json, _): ["text"]
            case (.integer, _): ["integer", "bigint"]
            case (.real, _): ["double precision"]
            case (.boolean, _): ["boolean"]
            case (.timestamp, _): ["timestamp with time zone"]
            }
        }
    }

    /// One column: its name, kind, and whether NULL is allowed.
    public struct Column: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var kind: Kind
        public var nullable: Bool

        public var description: String { "\(name) \(kind.rawValue)\(nullable ? "" : " not null")" }
    }

    static func column(_ name: String, _ kind: Kind, null nullable: Bool = false) -> Column {
        Column(name: name, kind: kind, nullable: nullable)
    }

    /// Each table's columns, in order.
    public static let columns: [String: [Column]] = [
        "store_info": [column("key", .text), column("value", .text)],
        "trainees": [column("id", .integer), column("name", .text), column("created_at", .timestamp)],
        "sessions": [
            column("id", .integer), column("uuid", .text), column("trainee_id", .integer), column("scenario_id", .text),
            column("scenario_hash", .text), column("scenario_title", .text), column("scenario_language", .text),
            column("scenario_path", .text, null: true), column("pass_mark", .integer), column("rulebook_version", .integer),
            column("mode", .text), column("guided", .boolean), column("seed", .integer), column("started_at", .timestamp),
            column("ended_at", .timestamp, null: true), column("status", .text), column("ending_id", .text, null: true),
            column("outcome", .text, null: true), column("earned", .integer), column("possible", .integer), column("percent", .integer),
            column("passed", .boolean), column("hints_used", .integer), column("knockouts", .json), column("scorecard", .json, null: true),
            column("pid", .integer, null: true), column("host", .text, null: true), column("start_node", .text, null: true), column("input", .text),
        ],
        "turns": [
            column("session_id", .integer), column("idx", .integer), column("node", .text), column("phase", .text),
            column("customer_line", .text), column("reply", .text), column("recognised_reply", .integer, null: true),
            column("recognised_option", .text, null: true), column("picked_option", .integer, null: true),
            column("seconds", .real, null: true), column("verdicts", .json), column("recorded_at", .timestamp),
            column("understood_by", .text), column("similarity", .real, null: true),
        ],
        "rule_results": [
            column("id", .integer), column("session_id", .integer), column("turn_index", .integer, null: true), column("rule", .text),
            column("verdict", .text), column("earned", .integer), column("possible", .integer), column("evidence", .text),
            column("manual", .text), column("source", .text),
        ],
        "drill_cards": [
            column("trainee_id", .integer), column("rule", .text), column("box", .integer), column("due_at", .timestamp),
            column("last_at", .timestamp), column("answered", .integer), column("right_answers", .integer),
        ],
        "xapi_queue": [
            column("statement_id", .text), column("session_id", .integer, null: true), column("statement", .json),
            column("queued_at", .timestamp), column("attempts", .integer), column("last_error", .text, null: true),
        ],
        "assignments": [
            column("id", .integer), column("trainee", .text), column("scenario_id", .text), column("exam", .boolean),
            column("due_on", .text, null: true), column("note", .text, null: true), column("assigned_at", .timestamp),
            column("assigned_by", .text, null: true),
        ],
    ]

    /// Columns a dialect adds for its own bookkeeping, not read by the app.
    public static let dialectOnly: [String: [String: Set<String>]] = [
        "postgres": ["xapi_queue": ["seq"]],
    ]
}

/// A column as a real database reports it.
public struct StoredColumn: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    /// The declared type (SQLite) or `data_type` (PostgreSQL).
    public var type: String
    public var nullable: Bool

    public var description: String { "\(name) \(type)\(nullable ? "" : " not null")" }
}

extension Store {
    /// The columns of `table` in this store, as its database reports them, in order.
    public func columns(of table: String) throws -> [StoredColumn] {
        let sql = switch dialect {
        case .sqlite: "SELECT name, type, \"notnull\" AS required, pk FROM pragma_table_info(?) ORDER BY cid"
        case .postgres: """
            SELECT column_name AS name, data_type AS type, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS required, 0 AS pk
            FROM information_schema.columns WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position
            """
        }
        return try read("reading the columns of \(table)") { db in
            try db.fetch(sql, [.text(table)]).map { raw in
                let row = RowReader(raw, table: "the columns of \(table)", id: raw.raw("name") ?? "?")
                // NB: SQLite allows NULL in an INTEGER PRIMARY KEY's declaration but never stores one.
                let required = try row.int("required") != 0 || (try row.int("pk") != 0 && dialect == .sqlite)
                return StoredColumn(name: try row.text("name"), type: try row.text("type"), nullable: !required)
            }
        }
    }

    /// Which SQL dialect the store speaks: "sqlite" or "postgres".
    public var dialectName: String { dialect.rawValue }
}
