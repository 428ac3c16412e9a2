import Foundation

/// Where one trainee stands with one rule in the spaced drills (Leitner boxes).
public struct DrillCard: Sendable, Hashable, Codable {
    public var trainee: String
    public var rule: String
    /// 1 to 5: how well the rule is known (see `Leitner` in Simulation).
    public var box: Int
    /// When the rule is due for its next drill.
    public var dueAt: Date
    public var lastAt: Date
    /// Answers given, and how many met the rule.
    public var answered: Int
    public var right: Int

    public init(trainee: String, rule: String, box: Int, dueAt: Date, lastAt: Date, answered: Int, right: Int) {
        self.trainee = trainee
        self.rule = rule
        self.box = box
        self.dueAt = dueAt
        self.lastAt = lastAt
        self.answered = answered
        self.right = right
    }
}

extension Store {
    /// The trainee's drill cards, the most overdue first.
    public func drillCards(trainee: String) throws -> [DrillCard] {
        try read("reading \(trainee)'s drills") { db in
            try db.fetch("""
                SELECT t.name AS trainee, d.rule AS rule, d.box AS box, d.due_at AS due_at, d.last_at AS last_at,
                    d.answered AS answered, d.right_answers AS right_answers
                FROM drill_cards d JOIN trainees t ON t.id = d.trainee_id WHERE t.name = ? ORDER BY d.due_at, d.rule
                """, [.text(trainee)]).map { raw in
                let row = RowReader(raw, table: "drill_cards", id: "\(raw.raw("trainee") ?? "?") \(raw.raw("rule") ?? "?")")
                let box = try row.int("box")
                guard (1...5).contains(box) else { throw row.damaged("box", "a box from 1 to 5") }
                return DrillCard(trainee: try row.text("trainee"), rule: try row.text("rule"), box: box, dueAt: try row.date("due_at"),
                                 lastAt: try row.date("last_at"), answered: try row.int("answered"), right: try row.int("right_answers"))
            }
        }
    }

    /// Stores `card` (the trainee's row is made when missing); committed before this returns.
    public func saveDrillCard(_ card: DrillCard) throws {
        try write("saving \(card.trainee)'s drill of \(card.rule)") { db in
            try db.execute("INSERT INTO trainees (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", [.text(card.trainee), .date(card.lastAt)])
            try db.execute("""
                INSERT INTO drill_cards (trainee_id, rule, box, due_at, last_at, answered, right_answers)
                VALUES ((SELECT id FROM trainees WHERE name = ?), ?, ?, ?, ?, ?, ?)
                ON CONFLICT (trainee_id, rule) DO UPDATE SET box = excluded.box, due_at = excluded.due_at, last_at = excluded.last_at,
                    answered = excluded.answered, right_answers = excluded.right_answers
                """, [.text(card.trainee), .text(card.rule), SQLValue(card.box), .date(card.dueAt), .date(card.lastAt),
                      SQLValue(card.answered), SQLValue(card.right)])
        }
    }
}
