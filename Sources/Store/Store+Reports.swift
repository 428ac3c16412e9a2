import Foundation
import Scoring

extension Store {
    /// Per trainee: sessions, finished, average, best, passes, replies and seconds per reply.
    public func traineeAggregates(_ filter: ReportFilter) throws -> [Aggregate.Trainee] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by trainee") { db in
            var replies: [String: (Int, Double?)] = [:]
            for raw in try db.fetch(ReportSQL.traineeReplies.sql(condition: condition, dialect: dialect), arguments) {
                let row = RowReader(raw, table: "the replies by trainee", id: raw.raw("trainee") ?? "?")
                replies[try row.text("trainee")] = (try row.int("replies"), try row.optionalDouble("seconds"))
            }
            return try db.fetch(ReportSQL.trainees.sql(condition: condition, dialect: dialect), arguments).map { raw in
                let row = RowReader(raw, table: "the report by trainee", id: raw.raw("trainee") ?? "?")
                let name = try row.text("trainee")
                return Aggregate.Trainee(trainee: name, sessions: try row.int("sessions"), finished: try row.int("finished"),
                                         average: try row.optionalDouble("average"), best: try row.optionalInt("best"), passes: try row.int("passes"),
                                         replies: replies[name]?.0 ?? 0, secondsPerReply: replies[name]?.1,
                                         firstPlayed: try row.date("first_played"), lastPlayed: try row.date("last_played"))
            }
        }
    }

    /// Per trainee and per scenario: replies not understood, asked back, understood by
    /// similarity, hints, sessions with a knockout, and the median length of finished visits.
    public func conduct(_ filter: ReportFilter) throws -> (trainees: [String: Aggregate.Conduct], scenarios: [String: Aggregate.Conduct]) {
        let counts = try replyCounts(filter)
        let (condition, arguments) = filter.whereClause()
        return try read("computing hints, knockouts and visit times") { db in
            var trainees: [String: Aggregate.Conduct] = [:]
            var scenarios: [String: Aggregate.Conduct] = [:]
            var traineeTimes: [String: [Double]] = [:]
            var scenarioTimes: [String: [Double]] = [:]
            for raw in try db.fetch("""
                SELECT s.id AS id, t.name AS trainee, s.scenario_id AS scenario, s.hints_used AS hints, s.knockouts AS knockouts,
                    s.started_at AS started_at, s.ended_at AS ended_at, s.status AS status
                FROM sessions s JOIN trainees t ON t.id = s.trainee_id WHERE \(condition)
                """, arguments) {
                let row = RowReader(raw, table: "sessions")
                let id = try row.int64("id"), trainee = try row.text("trainee"), scenario = try row.text("scenario")
                let knockouts: [String] = try row.json("knockouts")
                let count = counts[id] ?? ReplyCounts()
                var seconds: Double?
                if try row.text("status") == "finished", let ended = try row.optionalDate("ended_at") {
                    seconds = max(0, ended.timeIntervalSince(try row.date("started_at")))
                }
                for (key, isTrainee) in [(trainee, true), (scenario, false)] {
                    var conduct = (isTrainee ? trainees[key] : scenarios[key]) ?? Aggregate.Conduct()
                    conduct.replies += count.replies
                    conduct.notUnderstood += count.notUnderstood
                    conduct.clarifications += count.clarifications
                    conduct.bySimilarity += count.bySimilarity
                    conduct.hints += try row.int("hints")
                    if !knockouts.isEmpty { conduct.knockoutSessions += 1 }
                    if isTrainee { trainees[key] = conduct } else { scenarios[key] = conduct }
                }
                if let seconds {
                    traineeTimes[trainee, default: []].append(seconds)
                    scenarioTimes[scenario, default: []].append(seconds)
                }
            }
            for (key, times) in traineeTimes { trainees[key]?.medianSeconds = Aggregate.Conduct.median(times) }
            for (key, times) in scenarioTimes { scenarios[key]?.medianSeconds = Aggregate.Conduct.median(times) }
            return (trainees, scenarios)
        }
    }

    /// The scenario languages of the sessions the filter covers, the most played first.
    public func scenarioLanguages(_ filter: ReportFilter) throws -> [String] {
        let (condition, arguments) = filter.whereClause()
        return try read("reading the scenarios' languages") { db in
            try db.fetch("""
                SELECT s.scenario_language AS language, COUNT(*) AS sessions FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE \(condition) GROUP BY s.scenario_language ORDER BY COUNT(*) DESC, s.scenario_language
                """, arguments).map { raw in try RowReader(raw, table: "sessions", id: "language").text("language") }
        }
    }

    /// The rulebook versions of the sessions the filter covers, oldest first, with their counts.
    public func rulebookVersions(_ filter: ReportFilter) throws -> [Aggregate.RulebookVersion] {
        let (condition, arguments) = filter.whereClause()
        return try read("reading the rulebook versions") { db in
            try db.fetch("""
                SELECT s.rulebook_version AS version, COUNT(*) AS sessions FROM sessions s JOIN trainees t ON t.id = s.trainee_id
                WHERE \(condition) GROUP BY s.rulebook_version ORDER BY s.rulebook_version
                """, arguments).map { raw in
                let row = RowReader(raw, table: "sessions", id: "rulebook version \(raw.raw("version") ?? "?")")
                return Aggregate.RulebookVersion(version: try row.int("version"), sessions: try row.int("sessions"))
            }
        }
    }

    /// Per scenario: sessions, trainees, finished, average, passes, deals won.
    public func scenarioAggregates(_ filter: ReportFilter) throws -> [Aggregate.Scenario] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by scenario") { db in
            try db.fetch(ReportSQL.scenarios.sql(condition: condition, dialect: dialect), arguments).map { raw in
                let row = RowReader(raw, table: "the report by scenario", id: raw.raw("scenario") ?? "?")
                return Aggregate.Scenario(scenario: try row.text("scenario"), title: try row.text("title"), sessions: try row.int("sessions"),
                                          trainees: try row.int("trainees"), finished: try row.int("finished"), average: try row.optionalDouble("average"),
                                          passes: try row.int("passes"), won: try row.int("won"))
            }
        }
    }

    /// Per rule of the manual: points earned and possible, met / missed / violated, in rule order.
    public func ruleAggregates(_ filter: ReportFilter) throws -> [Aggregate.Rule] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by rule") { db in
            try db.fetch(ReportSQL.rules.sql(condition: condition, dialect: dialect), arguments).map { raw in
                let row = RowReader(raw, table: "the report by rule", id: raw.raw("rule") ?? "?")
                let rule = try row.text("rule")
                return Aggregate.Rule(total: Scorecard.RuleTotal(rule: rule, title: rule, manual: try row.text("manual"), earned: try row.int("earned"),
                                                                 possible: try row.int("possible"), met: try row.int("met"), missed: try row.int("missed"),
                                                                 violated: try row.int("violated")),
                                      sessions: try row.int("sessions"))
            }
        }
    }

    /// Per trainee and day: finished sessions, average, best, passes.
    public func progressAggregates(_ filter: ReportFilter) throws -> [Aggregate.Progress] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the progress report") { db in
            try db.fetch(ReportSQL.progress.sql(condition: condition, dialect: dialect), arguments).map { raw in
                let row = RowReader(raw, table: "the progress report", id: "\(raw.raw("trainee") ?? "?") \(raw.raw("day") ?? "?")")
                return Aggregate.Progress(trainee: try row.text("trainee"), day: try row.text("day"), sessions: try row.int("sessions"),
                                          average: try row.double("average"), best: try row.int("best"), passes: try row.int("passes"))
            }
        }
    }

    /// Per trainee and scenario, exam mode only: attempts, best, passes, first pass.
    public func examAggregates(_ filter: ReportFilter) throws -> [Aggregate.Exam] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the exam report") { db in
            try db.fetch(ReportSQL.exams.sql(condition: condition, dialect: dialect), arguments).map { raw in
                let row = RowReader(raw, table: "the exam report", id: "\(raw.raw("trainee") ?? "?") \(raw.raw("scenario") ?? "?")")
                return Aggregate.Exam(trainee: try row.text("trainee"), scenario: try row.text("scenario"), title: try row.text("title"),
                                      attempts: try row.int("attempts"), best: try row.int("best"), passes: try row.int("passes"),
                                      firstPassed: try row.optionalDate("first_passed"))
            }
        }
    }

    /// Per trainee and rule: points and violations (the heat map).
    public func traineeRuleAggregates(_ filter: ReportFilter) throws -> [Aggregate.TraineeRule] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the trainee-by-rule map") { db in
            try db.fetch(ReportSQL.traineeRules.sql(condition: condition, dialect: dialect), arguments).map { raw in
                let row = RowReader(raw, table: "the trainee-by-rule map", id: "\(raw.raw("trainee") ?? "?") \(raw.raw("rule") ?? "?")")
                return Aggregate.TraineeRule(trainee: try row.text("trainee"), rule: try row.text("rule"), earned: try row.int("earned"),
                                             possible: try row.int("possible"), violated: try row.int("violated"))
            }
        }
    }
}
