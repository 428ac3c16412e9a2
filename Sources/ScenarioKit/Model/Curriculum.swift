import Foundation

/// The certifications a company awards for passed exams (`Scenarios/curriculum.yaml`).
///
/// ```yaml
/// curriculum: 晨讯电子销售认证
/// certifications:
///   first-visits:
///     title: 首次拜访
///     exams: [first-visit-impatient, first-visit-hesitant, first-visit-capricious]
///     min-score: 80
///     within-days: 90
/// ```
///
/// A trainee holds a certification once they have passed an exam of every listed scenario with at
/// least `min-score` percent, all within `within-days` days of each other (see
/// ``Certification/heldSince(passes:)``).
public struct Curriculum: Sendable {
    public var name: String
    public var certifications: [Certification]
    public var path: String

    public init(name: String, certifications: [Certification], path: String) {
        self.name = name
        self.certifications = certifications
        self.path = path
    }
}

/// One certification of a ``Curriculum``: exams to pass, a score, a time window.
public struct Certification: Sendable {
    public var id: String
    public var title: String
    /// Scenario ids whose exams must be passed, with where the file names them.
    public var exams: [Located<String>]
    /// The lowest exam percentage that counts (the scenario's own pass is needed too).
    public var minScore: Int
    /// All the exams within this many days of each other; nil for no limit.
    public var withinDays: Int?
    public var location: SourceLocation

    public init(id: String, title: String, exams: [Located<String>], minScore: Int, withinDays: Int?, location: SourceLocation) {
        self.id = id
        self.title = title
        self.exams = exams
        self.minScore = minScore
        self.withinDays = withinDays
        self.location = location
    }

    /// One exam that counts: a passed exam of `scenario` with at least ``minScore``, ended at `date`.
    public struct Pass: Sendable, Hashable {
        public var scenario: String
        public var date: Date
        /// The stored session it comes from, when it has one.
        public var session: Int64?

        public init(scenario: String, date: Date, session: Int64? = nil) {
            self.scenario = scenario
            self.date = date
            self.session = session
        }
    }

    /// When the certification was first earned from `passes` (which the caller has already limited
    /// to passed exams with at least ``minScore``): the first moment when the latest pass of every
    /// listed scenario lies within ``withinDays`` of that moment; nil when never.
    public func heldSince(passes: [Pass]) -> Date? { earningPass(passes).map(\.date) }

    /// The pass that earned the certification (see ``heldSince(passes:)``); nil when never.
    public func earningPass(_ passes: [Pass]) -> Pass? {
        let required = Set(exams.map(\.value))
        guard !required.isEmpty else { return nil }
        var latest: [String: Date] = [:]
        for pass in passes.filter({ required.contains($0.scenario) }).sorted(by: { $0.date < $1.date }) {
            latest[pass.scenario] = pass.date
            guard latest.count == required.count, let earliest = latest.values.min() else { continue }
            if let withinDays, pass.date.timeIntervalSince(earliest) > Double(withinDays) * 86_400 { continue }
            return pass
        }
        return nil
    }

    /// The listed scenarios without a pass in `passes` that could still count at `now`: within
    /// the last ``withinDays`` days (ever, without a limit).
    public func missing(passes: [Pass], now: Date) -> [String] {
        let recent = passes.filter { pass in withinDays.map { now.timeIntervalSince(pass.date) <= Double($0) * 86_400 } ?? true }
        let passed = Set(recent.map(\.scenario))
        return exams.map(\.value).filter { !passed.contains($0) }
    }
}
