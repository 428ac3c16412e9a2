import Foundation
import ScenarioKit

extension Store {
    /// Completion read from the sessions: the first finished whole visit (no stretch) of the
    /// assignment's trainee and scenario started after it was made; for an exam, an exam that passed.
    static let assignmentColumns = """
        a.id, a.trainee, a.scenario_id, a.exam, a.due_on, a.note, a.assigned_at, a.assigned_by,
        f.id AS completed_by, f.ended_at AS completed_at
        """

    static func assignmentQuery(where clause: String) -> String {
        """
        SELECT \(assignmentColumns) FROM assignments a
        LEFT JOIN sessions f ON f.id = (
            SELECT s.id FROM sessions s JOIN trainees t ON t.id = s.trainee_id
            WHERE t.name = a.trainee AND s.scenario_id = a.scenario_id AND s.status = 'finished' AND s.start_node IS NULL
              AND s.started_at >= a.assigned_at AND (a.exam = ? OR (s.mode = 'exam' AND s.passed = ?))
            ORDER BY s.ended_at, s.id LIMIT 1)
        WHERE \(clause)
        ORDER BY a.trainee, a.id
        """
    }

    static let completionArguments: [SQLValue] = [.bool(false), .bool(true)]

    /// Assigns each of `scenarios` to `trainee` (one assignment each), made now. A scenario the
    /// trainee already has an open assignment of, in the same mode, is not assigned twice: that
    /// assignment takes the new due day and note instead (how a manager changes one). Returns each
    /// assignment and whether it is new.
    public func assign(trainee: String, scenarios: [String], exam: Bool, due: String?, note: String?,
                       by assigner: String?) throws -> [(assignment: Assignment, isNew: Bool)] {
        let action = "assigning \(scenarios.joined(separator: ", ")) to \(trainee)"
        let made = now()
        return try write(action) { db in
            try scenarios.map { scenario in
                let existing = try db.fetch(Store.assignmentQuery(where: "a.trainee = ? AND a.scenario_id = ? AND a.exam = ?"),
                                            Store.completionArguments + [.text(trainee), .text(scenario), .bool(exam)])
                    .map(assignment(from:)).first { $0.completedAt == nil }
                if var open = existing {
                    try db.execute("UPDATE assignments SET due_on = ?, note = ? WHERE id = ?", [SQLValue(due), SQLValue(note), .int(open.id)])
                    open.due = due
                    open.note = note
                    return (open, false)
                }
                let rows = try db.fetch("""
                    INSERT INTO assignments (trainee, scenario_id, exam, due_on, note, assigned_at, assigned_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                    """, [.text(trainee), .text(scenario), .bool(exam), SQLValue(due), SQLValue(note), .date(made), SQLValue(assigner)])
                guard let row = rows.first else {
                    throw StoreError(.other, path: path, action: action, detail: "the new assignment's number was not returned")
                }
                let id = try RowReader(row, table: "assignments", id: "new").int64("id")
                return (Assignment(id: id, trainee: trainee, scenarioID: scenario, exam: exam, due: due, note: note, assignedAt: made, assignedBy: assigner), true)
            }
        }
    }

    /// Every assignment this login may read (on a server a trainee reads only their own), or only
    /// `trainee`'s, with its completion; by trainee, then in the order they were made.
    public func assignments(trainee: String? = nil) throws -> [Assignment] {
        try read("reading the assignments") { db in
            var arguments = Store.completionArguments
            var clause = "1 = 1"
            if let trainee {
                clause = "a.trainee = ?"
                arguments.append(.text(trainee))
            }
            return try db.fetch(Store.assignmentQuery(where: clause), arguments).map(assignment(from:))
        }
    }

    /// Removes assignment `id`; returns it as it was. An unknown number is `notFound`.
    @discardableResult
    public func unassign(id: Int64) throws -> Assignment {
        let action = "removing assignment \(id)"
        return try write(action) { db in
            guard let row = try db.fetchOne(Store.assignmentQuery(where: "a.id = ?"), Store.completionArguments + [.int(id)]) else {
                throw StoreError(.notFound, path: path, action: action, detail: "no assignment \(id) (see 'salessim assignments')")
            }
            let removed = try assignment(from: row)
            try deleteAssignment(id, action: action, in: db)
            return removed
        }
    }

    /// Removes `trainee`'s open (not yet done) assignments of `scenario`; returns them. A trainee
    /// with no assignments, or no open one of that scenario, is `notFound`, with the closest name.
    @discardableResult
    public func unassign(trainee: String, scenario: String) throws -> [Assignment] {
        let action = "removing \(trainee)'s assignment of \(scenario)"
        return try write(action) { db in
            let all = try db.fetch(Store.assignmentQuery(where: "a.trainee = ?"), Store.completionArguments + [.text(trainee)]).map(assignment(from:))
            if all.isEmpty {
                let names = try db.fetch("SELECT DISTINCT trainee FROM assignments", []).map { try RowReader($0, table: "assignments", id: "?").text("trainee") }
                var detail = "no trainee '\(trainee)' has assignments"
                if let close = Spelling.closest(to: trainee, in: names) { detail += "; did you mean '\(close)'?" }
                throw StoreError(.notFound, path: path, action: action, detail: detail + " (see 'salessim assignments')")
            }
            let open = all.filter { $0.scenarioID == scenario && $0.completedAt == nil }
            if open.isEmpty {
                var detail = "\(trainee) has no open assignment of '\(scenario)'"
                let scenarios = Set(all.filter { $0.completedAt == nil }.map(\.scenarioID)).sorted()
                if !scenarios.isEmpty { detail += "; open: \(scenarios.joined(separator: ", "))" }
                throw StoreError(.notFound, path: path, action: action, detail: detail)
            }
            for item in open { try deleteAssignment(item.id, action: action, in: db) }
            return open
        }
    }

    private func deleteAssignment(_ id: Int64, action: String, in db: any SQLExecutor) throws {
        // NB: on a server, row-level security hides the rows a login may not remove instead of
        // refusing: a delete that removed nothing is a refusal.
        let deleted = try db.fetch("DELETE FROM assignments WHERE id = ? RETURNING id", [.int(id)])
        if deleted.isEmpty {
            throw StoreError(.refused, path: path, action: action, detail: "this login may not remove assignment \(id); managers assign and unassign")
        }
    }

    func assignment(from raw: any SQLRow) throws -> Assignment {
        let row = RowReader(raw, table: "assignments")
        let due = try row.optionalText("due_on")
        if let due, Assignment.day(due) != due { throw row.damaged("due_on", "a day (YYYY-MM-DD)") }
        return Assignment(id: try row.int64("id"), trainee: try row.text("trainee"), scenarioID: try row.text("scenario_id"),
                          exam: try row.bool("exam"), due: due, note: try row.optionalText("note"),
                          assignedAt: try row.date("assigned_at"), assignedBy: try row.optionalText("assigned_by"),
                          completedAt: try row.optionalDate("completed_at"),
                          completedBySession: try row.optionalInt("completed_by").map(Int64.init))
    }
}
