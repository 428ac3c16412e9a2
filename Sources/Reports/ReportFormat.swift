import Foundation

/// How numbers and dates look in reports: one decimal for averages, local dates.
public enum ReportFormat {
    /// "85.3", or "–" when there is no value.
    public static func decimal(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(format: "%.\(digits)f", value)
    }

    /// "85", or "–".
    public static func integer(_ value: Int?) -> String { value.map(String.init) ?? "–" }

    /// "2025-03-04 09:30" in the local time zone.
    public static func dateTime(_ date: Date?, timeZone: TimeZone = .current) -> String {
        guard let date else { return "–" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// "2025-03-04" in the local time zone.
    public static func day(_ date: Date?, timeZone: TimeZone = .current) -> String {
        guard let date else { return "–" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }

    /// Seconds as "4.2 s", or "–".
    public static func seconds(_ value: Double?) -> String {
        guard let value else { return "–" }
        return String(format: "%.1f s", value)
    }

    /// A day ("2025-03-04") or instant (ISO 8601) typed on the command line; a day means local
    /// midnight. `endOfDay` gives the next midnight instead (an inclusive `--until`).
    public static func parseDate(_ text: String, endOfDay: Bool = false, timeZone: TimeZone = .current) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd"
        if text.count == 10, let day = formatter.date(from: text) {
            guard endOfDay else { return day }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            return calendar.date(byAdding: .day, value: 1, to: day)
        }
        let iso = ISO8601DateFormatter()
        if let instant = iso.date(from: text) { return instant }
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return iso.date(from: text)
    }
}
