import Foundation
import GRDB

extension Store {
    /// Per trainee: sessions, finished, average, best, passes, replies and seconds per reply.
    public func traineeAggregates(_ filter: ReportFilter) throws -> [Aggregate.Trainee] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by trainee") { db in
            var replies: [String: (Int, Double?)] = [:]
            for row in try Row.fetchAll(db, sql: ReportSQL.traineeReplies.sql(condition: condition), arguments: arguments) {
                replies[row["trainee"]] = (row["replies"], row["seconds"])
            }
            return try Row.fetchAll(db, sql: ReportSQL.trainees.sql(condition: condition), arguments: arguments).map { row in
                let name: String = row["trainee"]
                return Aggregate.Trainee(trainee: name, sessions: row["sessions"], finished: row["finished"], average: row["average"],
                                         best: row["best"], passes: row["passes"], replies: replies[name]?.0 ?? 0,
                                         secondsPerReply: replies[name]?.1, firstPlayed: row["first_played"], lastPlayed: row["last_played"])
            }
        }
    }

    /// Per scenario: sessions, trainees, finished, average, passes, deals won.
    public func scenarioAggregates(_ filter: ReportFilter) throws -> [Aggregate.Scenario] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by scenario") { db in
            try Row.fetchAll(db, sql: ReportSQL.scenarios.sql(condition: condition), arguments: arguments).map { row in
                Aggregate.Scenario(scenario: row["scenario"], title: row["title"], sessions: row["sessions"], trainees: row["trainees"],
                                   finished: row["finished"], average: row["average"], passes: row["passes"], won: row["won"])
            }
        }
    }

    /// Per rule of the manual: points earned and possible, met / missed / violated, in rule order.
    public func ruleAggregates(_ filter: ReportFilter) throws -> [Aggregate.Rule] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the report by rule") { db in
            try Row.fetchAll(db, sql: ReportSQL.rules.sql(condition: condition), arguments: arguments).map { row in
                Aggregate.Rule(rule: row["rule"], manual: row["manual"], earned: row["earned"], possible: row["possible"],
                               met: row["met"], missed: row["missed"], violated: row["violated"], sessions: row["sessions"])
            }
        }
    }

    /// Per trainee and day: finished sessions, average, best, passes.
    public func progressAggregates(_ filter: ReportFilter) throws -> [Aggregate.Progress] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the progress report") { db in
            try Row.fetchAll(db, sql: ReportSQL.progress.sql(condition: condition), arguments: arguments).map { row in
                Aggregate.Progress(trainee: row["trainee"], day: row["day"], sessions: row["sessions"], average: row["average"],
                                   best: row["best"], passes: row["passes"])
            }
        }
    }

    /// Per trainee and scenario, exam mode only: attempts, best, passes, first pass.
    public func examAggregates(_ filter: ReportFilter) throws -> [Aggregate.Exam] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the exam report") { db in
            try Row.fetchAll(db, sql: ReportSQL.exams.sql(condition: condition), arguments: arguments).map { row in
                Aggregate.Exam(trainee: row["trainee"], scenario: row["scenario"], title: row["title"], attempts: row["attempts"],
                               best: row["best"], passes: row["passes"], firstPassed: row["first_passed"])
            }
        }
    }

    /// Per trainee and rule: points and violations (the heat map).
    public func traineeRuleAggregates(_ filter: ReportFilter) throws -> [Aggregate.TraineeRule] {
        let (condition, arguments) = filter.whereClause()
        return try read("computing the trainee-by-rule map") { db in
            try Row.fetchAll(db, sql: ReportSQL.traineeRules.sql(condition: condition), arguments: arguments).map { row in
                Aggregate.TraineeRule(trainee: row["trainee"], rule: row["rule"], earned: row["earned"], possible: row["possible"],
                                      violated: row["violated"])
            }
        }
    }
}
