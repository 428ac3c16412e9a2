import Foundation

/// Which sessions a report covers: one trainee, one scenario, a date range (on the start time).
public struct ReportFilter: Sendable, Hashable, Codable {
    public var trainee: String?
    public var scenario: String?
    /// Sessions started at or after this instant.
    public var since: Date?
    /// Sessions started before this instant (the CLI turns `--until DAY` into the next midnight).
    public var until: Date?

    public init(trainee: String? = nil, scenario: String? = nil, since: Date? = nil, until: Date? = nil) {
        self.trainee = trainee
        self.scenario = scenario
        self.since = since
        self.until = until
    }

    public var isEmpty: Bool { trainee == nil && scenario == nil && since == nil && until == nil }

    /// The SQL condition on `sessions s` (and `trainees t`), with its arguments.
    func whereClause() -> (String, [SQLValue]) {
        var conditions = ["1 = 1"]
        var arguments: [SQLValue] = []
        if let trainee {
            conditions.append("s.trainee_id = (SELECT id FROM trainees WHERE name = ?)")
            arguments.append(.text(trainee))
        }
        if let scenario {
            conditions.append("s.scenario_id = ?")
            arguments.append(.text(scenario))
        }
        if let since {
            conditions.append("s.started_at >= ?")
            arguments.append(.date(since))
        }
        if let until {
            conditions.append("s.started_at < ?")
            arguments.append(.date(until))
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
