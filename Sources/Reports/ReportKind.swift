/// What a report is grouped by (`salessim report --by`).
public enum ReportKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Sessions, average, best and passes per trainee.
    case trainee
    /// The same per scenario, with deals won.
    case scenario
    /// Points and verdicts per rule of the manual, the team's weakest first.
    case rule
    /// Each trainee's average per day.
    case progress
    /// Who passed which scenario in exam mode.
    case exam
}
