import Scoring
import Store

/// One rule's totals over a session, with the keys of a scorecard's `rules` entries.
public struct RuleTotal: Sendable, Hashable, Codable {
    public var rule: String
    public var title: String
    public var manual: String
    public var earned: Int
    public var possible: Int
    public var met: Int
    public var missed: Int
    public var violated: Int

    public init(rule: String, title: String, manual: String, earned: Int = 0, possible: Int = 0, met: Int = 0, missed: Int = 0, violated: Int = 0) {
        self.rule = rule
        self.title = title
        self.manual = manual
        self.earned = earned
        self.possible = possible
        self.met = met
        self.missed = missed
        self.violated = violated
    }

    public init(_ total: Scorecard.RuleTotal) {
        self.init(rule: total.rule, title: total.title, manual: total.manual, earned: total.earned, possible: total.possible,
                  met: total.met, missed: total.missed, violated: total.violated)
    }

    /// Totals of stored rule results, in the order the rules first appear.
    public static func of(_ results: [RuleResultRecord], titles: [String: String] = [:]) -> [RuleTotal] {
        var order: [String] = []
        var totals: [String: RuleTotal] = [:]
        for result in results {
            if totals[result.rule] == nil {
                order.append(result.rule)
                totals[result.rule] = RuleTotal(rule: result.rule, title: titles[result.rule] ?? result.rule, manual: result.manual)
            }
            totals[result.rule]?.earned += result.earned
            totals[result.rule]?.possible += result.possible
            switch result.verdict {
            case .met: totals[result.rule]?.met += 1
            case .missed: totals[result.rule]?.missed += 1
            case .violated: totals[result.rule]?.violated += 1
            case .notApplicable: break
            }
        }
        return order.compactMap { totals[$0] }
    }
}
