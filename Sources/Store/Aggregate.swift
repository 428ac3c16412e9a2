import Foundation
import Scoring

/// The rows of the report aggregates, as the store computes them in SQL.
///
/// Scores (averages, best, passes, rule points) count finished sessions only; the `sessions`
/// columns count every session, abandoned and interrupted ones included.
public enum Aggregate {
    /// One trainee's results.
    public struct Trainee: Sendable, Hashable, Codable {
        public var trainee: String
        public var sessions: Int
        public var finished: Int
        /// Mean percentage of the finished sessions; nil when none finished.
        public var average: Double?
        public var best: Int?
        public var passes: Int
        /// Replies typed or picked, in every session.
        public var replies: Int
        /// Mean seconds taken per reply.
        public var secondsPerReply: Double?
        public var firstPlayed: Date
        public var lastPlayed: Date
        /// Understanding, hints, knockouts and visit time (filled by the report).
        public var conduct: Conduct?

        public init(trainee: String, sessions: Int, finished: Int, average: Double?, best: Int?, passes: Int, replies: Int = 0,
                    secondsPerReply: Double? = nil, firstPlayed: Date, lastPlayed: Date) {
            self.trainee = trainee
            self.sessions = sessions
            self.finished = finished
            self.average = average
            self.best = best
            self.passes = passes
            self.replies = replies
            self.secondsPerReply = secondsPerReply
            self.firstPlayed = firstPlayed
            self.lastPlayed = lastPlayed
        }
    }

    /// One scenario's results across the team.
    public struct Scenario: Sendable, Hashable, Codable {
        public var scenario: String
        public var title: String
        public var sessions: Int
        public var trainees: Int
        public var finished: Int
        public var average: Double?
        public var passes: Int
        /// Finished sessions that won the deal.
        public var won: Int
        /// Understanding, hints, knockouts and visit time (filled by the report).
        public var conduct: Conduct?
    }

    /// One rule of the manual across the team: its totals (the same ``Scorecard/RuleTotal`` a
    /// scorecard has) and the number of sessions that judged it.
    ///
    /// The totals' fields read through (`rule.earned`); the JSON is flat, with `percent`.
    @dynamicMemberLookup
    public struct Rule: Sendable, Hashable, Codable {
        public var total: Scorecard.RuleTotal
        /// Sessions in which the rule was judged.
        public var sessions: Int

        public init(total: Scorecard.RuleTotal, sessions: Int) {
            self.total = total
            self.sessions = sessions
        }

        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<Scorecard.RuleTotal, Value>) -> Value {
            get { total[keyPath: keyPath] }
            set { total[keyPath: keyPath] = newValue }
        }

        /// Points earned of those possible, 0-100; nil when nothing was possible.
        public var percent: Double? { total.percent }

        enum CodingKeys: String, CodingKey { case sessions, percent }

        public init(from decoder: any Decoder) throws {
            total = try Scorecard.RuleTotal(from: decoder)
            sessions = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .sessions)
        }

        public func encode(to encoder: any Encoder) throws {
            try total.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(sessions, forKey: .sessions)
            try container.encodeIfPresent(percent, forKey: .percent)
        }
    }

    /// How a trainee's (or a scenario's) visits went beyond the score: how often the simulator
    /// did not understand, asked back, hints, knockouts, and the median visit time.
    public struct Conduct: Sendable, Hashable, Codable {
        public var replies = 0
        public var notUnderstood = 0
        public var clarifications = 0
        public var bySimilarity = 0
        public var hints = 0
        /// Sessions with at least one knockout rule violated.
        public var knockoutSessions = 0
        /// The median length of the finished visits, in seconds.
        public var medianSeconds: Double?

        public init() {}

        /// Replies not understood, in percent of all replies; nil without replies.
        public var notUnderstoodPercent: Double? { replies == 0 ? nil : Double(notUnderstood) * 100 / Double(replies) }

        /// The median of `values` (nil when empty).
        public static func median(_ values: [Double]) -> Double? {
            guard !values.isEmpty else { return nil }
            let sorted = values.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    /// A rulebook version and how many of the covered sessions it scored.
    public struct RulebookVersion: Sendable, Hashable, Codable {
        public var version: Int
        public var sessions: Int
    }

    /// One trainee's finished sessions on one day (local time).
    public struct Progress: Sendable, Hashable, Codable {
        public var trainee: String
        /// "YYYY-MM-DD".
        public var day: String
        public var sessions: Int
        public var average: Double
        public var best: Int
        public var passes: Int
    }

    /// One trainee's finished exam attempts at one scenario.
    public struct Exam: Sendable, Hashable, Codable {
        public var trainee: String
        public var scenario: String
        public var title: String
        public var attempts: Int
        public var best: Int
        public var passes: Int
        /// When the first passing attempt ended.
        public var firstPassed: Date?

        public var passed: Bool { passes > 0 }
    }

    /// One cell of the trainee-by-rule heat map.
    public struct TraineeRule: Sendable, Hashable, Codable {
        public var trainee: String
        public var rule: String
        public var earned: Int
        public var possible: Int
        public var violated: Int

        public var percent: Double? { possible == 0 ? nil : Double(earned) * 100 / Double(possible) }
    }
}
