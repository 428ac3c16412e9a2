import Matching

/// The customer's last line as the scorer compares a reply with it (its units joined by U+0001),
/// normalised the first time a rule asks and then kept for the reply's other rules.
struct Echo {
    private let customerLine: String?
    private var joined: String??

    init(customerLine: String?) {
        self.customerLine = customerLine
    }

    /// The joined units, or nil when there is no customer line.
    mutating func joinedUnits() -> String? {
        if let joined { return joined }
        let value = customerLine.map { NormalizedText($0).units.map(\.text).joined(separator: "\u{1}") }
        joined = .some(value)
        return value
    }
}
