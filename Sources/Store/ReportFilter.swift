import Foundation

/// Which sessions a report covers: one trainee, one scenario, a date range (on the start time).
public struct ReportFilter: Sendable, Hashable, Codable {
    public var trainee: String?
    public var scenario: String?
    /// Sessions started at or after this instant.
    public var since: Date?
    /// Sessions started before this instant (the CLI turns `--until DAY` into the next midnight).
    public var until: Date?
    /// Stretches of practice from one node (`play --from`): kept apart from whole visits.
    public var stretches: Stretches = .excluded
    /// Which visits: practice (guided and free), guided or free practice only, or exams; nil for
    /// every mode (rescoring, exports). Reports never average exams with practice.
    public var mode: Mode?
    /// Whether sessions whose replies came from a script (`play --input`, piped) count.
    public var scripted = false
    /// Only sessions scored by this rulebook version.
    public var rulebookVersion: Int?

    /// The kinds of visit a report covers.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case practice, guided, free, exam
    }

    /// Whether a filter covers stretches of practice from one node.
    public enum Stretches: String, Sendable, Hashable, Codable {
        /// Whole visits only: what reports average (the default).
        case excluded
        /// Stretches only (`report --stretches`).
        case only
        /// Everything stored (rescoring, exports).
        case included
    }

    public init(trainee: String? = nil, scenario: String? = nil, since: Date? = nil, until: Date? = nil, stretches: Stretches = .excluded,
                mode: Mode? = nil, scripted: Bool = false) {
        self.mode = mode
        self.scripted = scripted
        self.trainee = trainee
        self.scenario = scenario
        self.since = since
        self.until = until
        self.stretches = stretches
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
        switch mode {
        case .practice: conditions.append("s.mode = 'practice'")
        case .guided: conditions.append("s.mode = 'practice' AND s.guided")
        case .free: conditions.append("s.mode = 'practice' AND NOT s.guided")
        case .exam: conditions.append("s.mode = 'exam'")
        case nil: break
        }
        if !scripted { conditions.append("s.input = 'terminal'") }
        if let rulebookVersion {
            conditions.append("s.rulebook_version = ?")
            arguments.append(SQLValue(rulebookVersion))
        }
        switch stretches {
        case .excluded: conditions.append("s.start_node IS NULL")
        case .only: conditions.append("s.start_node IS NOT NULL")
        case .included: break
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
