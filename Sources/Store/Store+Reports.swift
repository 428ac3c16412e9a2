import Foundation

extension Store {
    /// Per trainee: sessions, finished, average, best, passes, replies and seconds per reply.
    public func traineeAggregates(_ filter: ReportFilter) throws -> [Aggregate.Trainee] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by trainee") { db in
            var replies: [String: (Int, Double?)] = [:]
            for row in try db.fetch(ReportSQL.traineeReplies.sql(condition: condition, dialect: dialect), arguments) {
                replies[row.text("trainee") ?? ""] = (row.int("replies") ?? 0, row.double("seconds"))
            }
            return try db.fetch(ReportSQL.trainees.sql(condition: condition, dialect: dialect), arguments).map { row in
                let name = row.text("trainee") ?? ""
                return Aggregate.Trainee(trainee: name, sessions: row.int("sessions") ?? 0, finished: row.int("finished") ?? 0, average: row.double("average"),
                                         best: row.int("best"), passes: row.int("passes") ?? 0, replies: replies[name]?.0 ?? 0,
                                         secondsPerReply: replies[name]?.1, firstPlayed: row.date("first_played") ?? Date(timeIntervalSince1970: 0), lastPlayed: row.date("last_played") ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// Per scenario: sessions, trainees, finished, average, passes, deals won.
    public func scenarioAggregates(_ filter: ReportFilter) throws -> [Aggregate.Scenario] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by scenario") { db in
            try db.fetch(ReportSQL.scenarios.sql(condition: condition, dialect: dialect), arguments).map { row in
                Aggregate.Scenario(scenario: row.text("scenario") ?? "", title: row.text("title") ?? "", sessions: row.int("sessions") ?? 0, trainees: row.int("trainees") ?? 0,
                                   finished: row.int("finished") ?? 0, average: row.double("average"), passes: row.int("passes") ?? 0, won: row.int("won") ?? 0)
            }
        }
    }

    /// Per rule of the manual: points earned and possible, met / missed / violated, in rule order.
    public func ruleAggregates(_ filter: ReportFilter) throws -> [Aggregate.Rule] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by rule") { db in
            try db.fetch(ReportSQL.rules.sql(condition: condition, dialect: dialect), arguments).map { row in
                Aggregate.Rule(rule: row.text("rule") ?? "", manual: row.text("manual") ?? "", earned: row.int("earned") ?? 0, possible: row.int("possible") ?? 0,
                               met: row.int("met") ?? 0, missed: row.int("missed") ?? 0, violated: row.int("violated") ?? 0, sessions: row.int("sessions") ?? 0)
            }
        }
    }

    /// Per trainee and day: finished sessions, average, best, passes.
    public func progressAggregates(_ filter: ReportFilter) throws -> [Aggregate.Progress] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the progress report") { db in
            try db.fetch(ReportSQL.progress.sql(condition: condition, dialect: dialect), arguments).map { row in
                Aggregate.Progress(trainee: row.text("trainee") ?? "", day: row.text("day") ?? "", sessions: row.int("sessions") ?? 0, average: row.double("average") ?? 0,
                                   best: row.int("best") ?? 0, passes: row.int("passes") ?? 0)
            }
        }
    }

    /// Per trainee and scenario, exam mode only: attempts, best, passes, first pass.
    public func examAggregates(_ filter: ReportFilter) throws -> [Aggregate.Exam] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the exam report") { db in
            try db.fetch(ReportSQL.exams.sql(condition: condition, dialect: dialect), arguments).map { row in
                Aggregate.Exam(trainee: row.text("trainee") ?? "", scenario: row.text("scenario") ?? "", title: row.text("title") ?? "", attempts: row.int("attempts") ?? 0,
                               best: row.int("best") ?? 0, passes: row.int("passes") ?? 0, firstPassed: row.date("first_passed"))
            }
        }
    }

    /// Per trainee and rule: points and violations (the heat map).
    public func traineeRuleAggregates(_ filter: ReportFilter) throws -> [Aggregate.TraineeRule] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the trainee-by-rule map") { db in
            try db.fetch(ReportSQL.traineeRules.sql(condition: condition, dialect: dialect), arguments).map { row in
                Aggregate.TraineeRule(trainee: row.text("trainee") ?? "", rule: row.text("rule") ?? "", earned: row.int("earned") ?? 0, possible: row.int("possible") ?? 0,
                                      violated: row.int("violated") ?? 0)
            }
        }
    }
}
