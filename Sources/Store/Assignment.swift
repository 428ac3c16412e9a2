import Foundation

/// Practice a manager asked of a trainee: one scenario, perhaps as an exam, perhaps by a day.
///
/// Completion is never stored: it is read from the sessions (``Store/assignments(trainee:)``).
/// A practice assignment is done by a visit of the scenario that reached an ending; an exam
/// assignment by an exam of it that passed. Only visits started after the assignment was made
/// count, and never a stretch from a node (`play --from`).
public struct Assignment: Sendable, Hashable, Codable {
    /// Where an assignment stands on a given day.
    public enum State: String, Sendable, Hashable, Codable, CaseIterable {
        case done, open, overdue
    }

    public var id: Int64
    public var trainee: String
    public var scenarioID: String
    /// An exam with a pass is asked for, not a practice visit.
    public var exam: Bool
    /// The last day (YYYY-MM-DD, the trainee's local calendar), if any.
    public var due: String?
    public var note: String?
    public var assignedAt: Date
    /// The login or name of whoever made it, when known.
    public var assignedBy: String?
    /// When the first visit that fulfils it ended, and which session that was.
    public var completedAt: Date?
    public var completedBySession: Int64?

    public init(id: Int64, trainee: String, scenarioID: String, exam: Bool, due: String?, note: String?, assignedAt: Date,
                assignedBy: String?, completedAt: Date? = nil, completedBySession: Int64? = nil) {
        self.id = id
        self.trainee = trainee
        self.scenarioID = scenarioID
        self.exam = exam
        self.due = due
        self.note = note
        self.assignedAt = assignedAt
        self.assignedBy = assignedBy
        self.completedAt = completedAt
        self.completedBySession = completedBySession
    }

    /// Done once completed; else overdue after its due day (`today` is YYYY-MM-DD), else open.
    public func state(today: String) -> State {
        if completedAt != nil { return .done }
        if let due, due < today { return .overdue }
        return .open
    }

    /// A day typed as YYYY-MM-DD that exists in the calendar, normalised; nil otherwise.
    public static func day(_ text: String) -> String? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]),
              year >= 1970, (1...12).contains(month), dayOfMonth >= 1 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        guard let first = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let days = calendar.range(of: .day, in: .month, for: first), days.contains(dayOfMonth) else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, dayOfMonth)
    }

    /// The local calendar day of `date`, as YYYY-MM-DD.
    public static func localDay(of date: Date, timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
    }
}
