import Foundation
import Store

/// Assignments as tables: each one (`salessim assignments`) or done, open and overdue per
/// trainee (`salessim report --by assignment`).
///
/// `today` (YYYY-MM-DD, local) decides what is overdue: an open assignment whose due day has passed.
public struct AssignmentReport: Sendable {
    public var assignments: [Assignment]
    public var today: String

    public init(assignments: [Assignment], today: String) {
        self.assignments = assignments
        self.today = today
    }

    /// One assignment as tools read it: the record, its state today.
    public struct Entry: Encodable, Sendable {
        public var id: Int64
        public var trainee: String
        public var scenario: String
        public var mode: String
        public var due: String?
        public var note: String?
        public var assignedAt: Date
        public var assignedBy: String?
        public var state: Assignment.State
        public var completedAt: Date?
        public var completedBySession: Int64?
    }

    public var entries: [Entry] {
        assignments.map {
            Entry(id: $0.id, trainee: $0.trainee, scenario: $0.scenarioID, mode: $0.exam ? "exam" : "practice", due: $0.due,
                  note: $0.note, assignedAt: $0.assignedAt, assignedBy: $0.assignedBy, state: $0.state(today: today),
                  completedAt: $0.completedAt, completedBySession: $0.completedBySession)
        }
    }

    /// Each assignment: number, trainee, scenario, exam or practice, due day, state, when it was
    /// done and by which session, note.
    public var list: ReportTable {
        ReportTable(title: "Assignments", header: ["id", "trainee", "scenario", "mode", "due", "state", "done", "session", "note"],
                    rows: assignments.map { item in
                        [String(item.id), item.trainee, item.scenarioID, item.exam ? "exam" : "practice", item.due ?? "",
                         item.state(today: today).rawValue, item.completedAt.map { Assignment.localDay(of: $0) } ?? "",
                         item.completedBySession.map(String.init) ?? "", item.note ?? ""]
                    }, numericColumns: [0, 7])
    }

    /// Per trainee: assigned, done, open, overdue, and the next due day of what is still open.
    public var summary: ReportTable {
        let byTrainee = Dictionary(grouping: assignments, by: \.trainee)
        let rows = byTrainee.keys.sorted().map { trainee -> [String] in
            let items = byTrainee[trainee] ?? []
            let states = items.map { $0.state(today: today) }
            let nextDue = items.filter { $0.completedAt == nil }.compactMap(\.due).min() ?? ""
            return [trainee, String(items.count), String(states.filter { $0 == .done }.count),
                    String(states.filter { $0 == .open }.count), String(states.filter { $0 == .overdue }.count), nextDue]
        }
        return ReportTable(title: "Assignments by trainee", header: ["trainee", "assigned", "done", "open", "overdue", "next due"],
                           rows: rows, numericColumns: [1, 2, 3, 4])
    }
}
