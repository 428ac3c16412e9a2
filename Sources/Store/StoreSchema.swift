import GRDB

/// The store's schema, as a list of migrations applied in order.
///
/// A migration never changes once shipped: a later change is a new migration. Migrations are
/// plain SQL and use no app types, so that an old store can always be brought up to date.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-results") { db in
            try db.execute(sql: """
                CREATE TABLE store_info (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE trainees (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at TEXT NOT NULL
                );
                CREATE TABLE sessions (
                    id INTEGER PRIMARY KEY,
                    uuid TEXT NOT NULL UNIQUE,
                    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
                    scenario_id TEXT NOT NULL,
                    scenario_hash TEXT NOT NULL,
                    scenario_title TEXT NOT NULL,
                    scenario_language TEXT NOT NULL,
                    scenario_path TEXT,
                    pass_mark INTEGER NOT NULL,
                    rulebook_version INTEGER NOT NULL,
                    mode TEXT NOT NULL CHECK (mode IN ('practice', 'exam')),
                    guided INTEGER NOT NULL DEFAULT 0,
                    seed INTEGER NOT NULL,
                    started_at TEXT NOT NULL,
                    ended_at TEXT,
                    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'abandoned')),
                    ending_id TEXT,
                    outcome TEXT,
                    earned INTEGER NOT NULL DEFAULT 0,
                    possible INTEGER NOT NULL DEFAULT 0,
                    percent INTEGER NOT NULL DEFAULT 0,
                    passed INTEGER NOT NULL DEFAULT 0,
                    hints_used INTEGER NOT NULL DEFAULT 0,
                    knockouts TEXT NOT NULL DEFAULT '[]',
                    scorecard TEXT,
                    pid INTEGER,
                    host TEXT
                );
                CREATE INDEX sessions_by_trainee ON sessions(trainee_id, started_at);
                CREATE INDEX sessions_by_scenario ON sessions(scenario_id, started_at);
                CREATE INDEX sessions_by_start ON sessions(started_at);
                CREATE TABLE turns (
                    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    idx INTEGER NOT NULL,
                    node TEXT NOT NULL,
                    phase TEXT NOT NULL,
                    customer_line TEXT NOT NULL,
                    reply TEXT NOT NULL,
                    recognised_reply INTEGER,
                    recognised_option TEXT,
                    picked_option INTEGER,
                    seconds REAL,
                    verdicts TEXT NOT NULL,
                    recorded_at TEXT NOT NULL,
                    PRIMARY KEY (session_id, idx)
                );
                -- Covering indexes: the reports read these, never the wide rows.
                CREATE INDEX turns_for_reports ON turns(session_id, seconds);
                CREATE TABLE rule_results (
                    id INTEGER PRIMARY KEY,
                    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    turn_index INTEGER,
                    rule TEXT NOT NULL,
                    verdict TEXT NOT NULL,
                    earned INTEGER NOT NULL,
                    possible INTEGER NOT NULL,
                    evidence TEXT NOT NULL DEFAULT '',
                    manual TEXT NOT NULL DEFAULT '',
                    source TEXT NOT NULL DEFAULT 'detector'
                );
                CREATE INDEX rule_results_by_session ON rule_results(session_id, rule, verdict, earned, possible);
                CREATE INDEX rule_results_by_rule ON rule_results(rule, session_id, verdict, earned, possible, manual);
                """)
        }
        migrator.registerMigration("v2-xapi-queue") { db in
            try db.execute(sql: """
                CREATE TABLE xapi_queue (
                    statement_id TEXT PRIMARY KEY NOT NULL,
                    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
                    statement TEXT NOT NULL,
                    queued_at TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT
                );
                """)
        }
        migrator.registerMigration("v3-understanding") { db in
            // How each reply was understood (pattern, similarity, confirmation, clarification,
            // none) and the similarity that decided: what the inbox and the reports of
            // not-understood replies read. Earlier turns read as a pattern when a reply was
            // recognised, else none.
            try db.execute(sql: """
                ALTER TABLE turns ADD COLUMN understood_by TEXT NOT NULL DEFAULT 'pattern';
                ALTER TABLE turns ADD COLUMN similarity REAL;
                UPDATE turns SET understood_by = 'none' WHERE recognised_reply IS NULL;
                """)
        }
        migrator.registerMigration("v4-stretches") { db in
            // A stretch of practice from one node (`play --from`): reports keep it apart from visits.
            try db.execute(sql: "ALTER TABLE sessions ADD COLUMN start_node TEXT")
        }
        migrator.registerMigration("v5-input") { db in
            // Where the replies came from: a person at a terminal, or a script (`--input`, piped).
            // Sessions stored before this was recorded count as scripted when no reply took half
            // a second or more (no person types that fast), else as typed at a terminal.
            try db.execute(sql: """
                ALTER TABLE sessions ADD COLUMN input TEXT NOT NULL DEFAULT 'terminal' CHECK (input IN ('terminal', 'script'));
                UPDATE sessions SET input = 'script'
                    WHERE EXISTS (SELECT 1 FROM turns t WHERE t.session_id = sessions.id)
                    AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.session_id = sessions.id AND t.seconds >= 0.5);
                """)
        }
        migrator.registerMigration("v6-drills") { db in
            // Spaced drills: per trainee and rule, its Leitner box and when it is due.
            try db.execute(sql: """
                CREATE TABLE drill_cards (
                    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
                    rule TEXT NOT NULL,
                    box INTEGER NOT NULL,
                    due_at TEXT NOT NULL,
                    last_at TEXT NOT NULL,
                    answered INTEGER NOT NULL DEFAULT 0,
                    right_answers INTEGER NOT NULL DEFAULT 0,
                    PRIMARY KEY (trainee_id, rule)
                );
                """)
        }
        migrator.registerMigration("v7-assignments") { db in
            // Practice a manager directs: one row per trainee and scenario. The trainee is a
            // name, not a trainees row: a trainee may be assigned work before their first visit.
            // Completion is not stored; it is read from the sessions.
            try db.execute(sql: """
                CREATE TABLE assignments (
                    id INTEGER PRIMARY KEY,
                    trainee TEXT NOT NULL,
                    scenario_id TEXT NOT NULL,
                    exam INTEGER NOT NULL DEFAULT 0,
                    due_on TEXT CHECK (due_on IS NULL OR due_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                    note TEXT,
                    assigned_at TEXT NOT NULL,
                    assigned_by TEXT
                );
                CREATE INDEX assignments_by_trainee ON assignments(trainee, scenario_id);
                """)
        }
        return migrator
    }

    /// The tables a store has once every migration ran (for tests and checks).
    static let tables = ["store_info", "trainees", "sessions", "turns", "rule_results", "xapi_queue", "drill_cards", "assignments"]
}
