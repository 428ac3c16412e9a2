import Foundation
import Simulation

/// A reply trainees typed that the scenario did not understand, or understood only by
/// similarity or after asking back: what `salessim inbox` shows the trainer.
public struct InboxTurn: Sendable, Hashable {
    public var scenarioID: String
    /// The scenario file the visits were played from (the latest one).
    public var scenarioPath: String?
    public var node: String
    public var reply: String
    public var understoodBy: Understanding
    /// How many times it was typed.
    public var count: Int
    /// The highest similarity seen, when similarity was consulted.
    public var similarity: Double?
    public var lastTyped: Date
}

extension Store {
    /// Typed replies (not picked options) that fell to `otherwise`, were asked back about, or were
    /// understood only by similarity, grouped by scenario, node, text and how, most frequent first.
    /// Stretches of practice count too: what a trainee typed is what matters here.
    public func inboxTurns(scenario: String? = nil, since: Date? = nil) throws -> [InboxTurn] {
        var conditions = ["t.understood_by IN ('none', 'similarity', 'clarification')", "t.picked_option IS NULL"]
        var arguments: [SQLValue] = []
        if let scenario {
            conditions.append("s.scenario_id = ?")
            arguments.append(.text(scenario))
        }
        if let since {
            conditions.append("t.recorded_at >= ?")
            arguments.append(.date(since))
        }
        let sql = """
            SELECT s.scenario_id AS scenario, MAX(s.scenario_path) AS path, t.node AS node, t.reply AS reply,
                t.understood_by AS understood_by, COUNT(*) AS typed, MAX(t.similarity) AS similarity, MAX(t.recorded_at) AS last_typed
            FROM turns t JOIN sessions s ON s.id = t.session_id
            WHERE \(conditions.joined(separator: " AND "))
            GROUP BY s.scenario_id, t.node, t.reply, t.understood_by
            ORDER BY s.scenario_id\(dialect.binaryCollation), t.node\(dialect.binaryCollation), COUNT(*) DESC, t.reply\(dialect.binaryCollation)
            """
        return try read("reading the replies nobody understood") { db in
            try db.fetch(sql, arguments).map { raw in
                let row = RowReader(raw, table: "turns", id: "\(raw.raw("scenario") ?? "?") node \(raw.raw("node") ?? "?")")
                return InboxTurn(scenarioID: try row.text("scenario"), scenarioPath: try row.optionalText("path"), node: try row.text("node"),
                                 reply: try row.text("reply"), understoodBy: try row.choice("understood_by"), count: try row.int("typed"),
                                 similarity: try row.optionalFraction("similarity"), lastTyped: try row.date("last_typed"))
            }
        }
    }
}
