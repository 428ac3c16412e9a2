/// The SQL of each report aggregate.
///
/// Public so that the benchmark can run exactly the same statement in the `sqlite3` shell and
/// compare. The condition comes from ``ReportFilter`` (`1 = 1` when there is none).
public enum ReportSQL: String, Sendable, CaseIterable {
    case trainees, traineeReplies, scenarios, rules, progress, exams, traineeRules

    /// The statement, with `condition` (on `sessions s`) in its WHERE clause.
    public func sql(condition: String = "1 = 1") -> String {
        switch self {
        case .trainees:
            return """
                SELECT t.name AS trainee, COUNT(*) AS sessions, SUM(s.status = 'finished') AS finished,
                    AVG(CASE WHEN s.status = 'finished' THEN s.percent END) AS average,
                    MAX(CASE WHEN s.status = 'finished' THEN s.percent END) AS best,
                    SUM(s.status = 'finished' AND s.passed) AS passes,
                    MIN(s.started_at) AS first_played, MAX(s.started_at) AS last_played
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE \(condition)
                GROUP BY s.trainee_id ORDER BY t.name
                """
        case .traineeReplies:
            return """
                SELECT t.name AS trainee, COUNT(*) AS replies, AVG(u.seconds) AS seconds
                FROM turns u JOIN sessions s ON s.id = u.session_id JOIN trainees t ON t.id = s.trainee_id
                WHERE \(condition)
                GROUP BY s.trainee_id
                """
        case .scenarios:
            return """
                SELECT s.scenario_id AS scenario, MAX(s.scenario_title) AS title, COUNT(*) AS sessions,
                    COUNT(DISTINCT s.trainee_id) AS trainees, SUM(s.status = 'finished') AS finished,
                    AVG(CASE WHEN s.status = 'finished' THEN s.percent END) AS average,
                    SUM(s.status = 'finished' AND s.passed) AS passes,
                    SUM(s.status = 'finished' AND s.outcome = 'won') AS won
                FROM sessions s
                WHERE \(condition)
                GROUP BY s.scenario_id ORDER BY s.scenario_id
                """
        case .rules:
            return """
                SELECT r.rule AS rule, MAX(r.manual) AS manual, SUM(r.earned) AS earned, SUM(r.possible) AS possible,
                    SUM(r.verdict = 'met') AS met, SUM(r.verdict = 'missed') AS missed,
                    SUM(r.verdict = 'violated') AS violated, COUNT(DISTINCT r.session_id) AS sessions
                FROM rule_results r JOIN sessions s ON s.id = r.session_id
                WHERE s.status = 'finished' AND \(condition)
                GROUP BY r.rule ORDER BY r.rule
                """
        case .progress:
            return """
                SELECT t.name AS trainee, date(s.started_at, 'localtime') AS day, COUNT(*) AS sessions,
                    AVG(s.percent) AS average, MAX(s.percent) AS best, SUM(s.passed) AS passes
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE s.status = 'finished' AND \(condition)
                GROUP BY s.trainee_id, day ORDER BY t.name, day
                """
        case .exams:
            return """
                SELECT t.name AS trainee, s.scenario_id AS scenario, MAX(s.scenario_title) AS title, COUNT(*) AS attempts,
                    MAX(s.percent) AS best, SUM(s.passed) AS passes,
                    MIN(CASE WHEN s.passed THEN s.ended_at END) AS first_passed
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE s.mode = 'exam' AND s.status = 'finished' AND \(condition)
                GROUP BY s.trainee_id, s.scenario_id ORDER BY t.name, s.scenario_id
                """
        case .traineeRules:
            return """
                SELECT t.name AS trainee, r.rule AS rule, SUM(r.earned) AS earned, SUM(r.possible) AS possible,
                    SUM(r.verdict = 'violated') AS violated
                FROM rule_results r JOIN sessions s ON s.id = r.session_id JOIN trainees t ON t.id = s.trainee_id
                WHERE s.status = 'finished' AND \(condition)
                GROUP BY s.trainee_id, r.rule ORDER BY t.name, r.rule
                """
        }
    }
}
