/// The SQL of each report aggregate.
///
/// Public so that the benchmark can run exactly the same statement in the `sqlite3` shell and
/// compare. The condition comes from ``ReportFilter`` (`1 = 1` when there is none).
public enum ReportSQL: String, Sendable, CaseIterable {
    case trainees, traineeReplies, scenarios, rules, progress, exams, traineeRules

    /// The statement, with `condition` (on `sessions s`) in its WHERE clause, in SQLite's dialect
    /// (the `sqlite3` shell's) or PostgreSQL's.
    public func sql(condition: String = "1 = 1", postgres: Bool = false) -> String {
        sql(condition: condition, dialect: postgres ? .postgres : .sqlite)
    }

    package func sql(condition: String, dialect: SQLDialect) -> String {
        // NB: written to run on both: sums of CASE rather than of booleans, averages cast to
        // double precision (PostgreSQL would return numeric), names ordered byte-wise.
        let name = "t.name" + dialect.binaryCollation
        let finished = "CASE WHEN s.status = 'finished' THEN 1 ELSE 0 END"
        let passedFinished = "CASE WHEN s.status = 'finished' AND s.passed THEN 1 ELSE 0 END"
        let passed = "CASE WHEN s.passed THEN 1 ELSE 0 END"
        func count(_ verdict: String) -> String { "SUM(CASE WHEN r.verdict = '\(verdict)' THEN 1 ELSE 0 END)" }
        switch self {
        case .trainees:
            return """
                SELECT t.name AS trainee, COUNT(*) AS sessions, SUM(\(finished)) AS finished,
                    CAST(AVG(CASE WHEN s.status = 'finished' THEN s.percent END) AS DOUBLE PRECISION) AS average,
                    MAX(CASE WHEN s.status = 'finished' THEN s.percent END) AS best,
                    SUM(\(passedFinished)) AS passes,
                    MIN(s.started_at) AS first_played, MAX(s.started_at) AS last_played
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE \(condition)
                GROUP BY s.trainee_id, t.name ORDER BY \(name)
                """
        case .traineeReplies:
            return """
                SELECT t.name AS trainee, COUNT(*) AS replies, CAST(AVG(u.seconds) AS DOUBLE PRECISION) AS seconds
                FROM turns u JOIN sessions s ON s.id = u.session_id JOIN trainees t ON t.id = s.trainee_id
                WHERE \(condition)
                GROUP BY s.trainee_id, t.name
                """
        case .scenarios:
            return """
                SELECT s.scenario_id AS scenario, MAX(s.scenario_title) AS title, COUNT(*) AS sessions,
                    COUNT(DISTINCT s.trainee_id) AS trainees, SUM(\(finished)) AS finished,
                    CAST(AVG(CASE WHEN s.status = 'finished' THEN s.percent END) AS DOUBLE PRECISION) AS average,
                    SUM(\(passedFinished)) AS passes,
                    SUM(CASE WHEN s.status = 'finished' AND s.outcome = 'won' THEN 1 ELSE 0 END) AS won
                FROM sessions s
                WHERE \(condition)
                GROUP BY s.scenario_id ORDER BY s.scenario_id\(dialect.binaryCollation)
                """
        case .rules:
            return """
                SELECT r.rule AS rule, MAX(r.manual) AS manual, SUM(r.earned) AS earned, SUM(r.possible) AS possible,
                    \(count("met")) AS met, \(count("missed")) AS missed,
                    \(count("violated")) AS violated, COUNT(DISTINCT r.session_id) AS sessions
                FROM rule_results r JOIN sessions s ON s.id = r.session_id
                WHERE s.status = 'finished' AND \(condition)
                GROUP BY r.rule ORDER BY r.rule\(dialect.binaryCollation)
                """
        case .progress:
            return """
                SELECT t.name AS trainee, \(dialect.day(of: "s.started_at")) AS day, COUNT(*) AS sessions,
                    CAST(AVG(s.percent) AS DOUBLE PRECISION) AS average, MAX(s.percent) AS best, SUM(\(passed)) AS passes
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE s.status = 'finished' AND \(condition)
                GROUP BY s.trainee_id, t.name, day ORDER BY \(name), day
                """
        case .exams:
            return """
                SELECT t.name AS trainee, s.scenario_id AS scenario, MAX(s.scenario_title) AS title, COUNT(*) AS attempts,
                    MAX(s.percent) AS best, SUM(\(passed)) AS passes,
                    MIN(CASE WHEN s.passed THEN s.ended_at END) AS first_passed
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE s.mode = 'exam' AND s.status = 'finished' AND \(condition)
                GROUP BY s.trainee_id, t.name, s.scenario_id ORDER BY \(name), s.scenario_id
                """
        case .traineeRules:
            return """
                SELECT t.name AS trainee, r.rule AS rule, SUM(r.earned) AS earned, SUM(r.possible) AS possible,
                    \(count("violated")) AS violated
                FROM rule_results r JOIN sessions s ON s.id = r.session_id JOIN trainees t ON t.id = s.trainee_id
                WHERE s.status = 'finished' AND \(condition)
                GROUP BY s.trainee_id, t.name, r.rule ORDER BY \(name), r.rule
                """
        }
    }
}
