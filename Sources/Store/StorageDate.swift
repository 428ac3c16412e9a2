import Foundation

/// A date as the SQLite store writes it, `yyyy-MM-dd HH:mm:ss.SSS` in UTC: the text GRDB's
/// `Date.databaseValue` gives, made without a `DateFormatter`.
///
/// GRDB formats with a `DateFormatter`, which loads ICU's calendar, time zone and locale data on
/// first use: several megabytes of a visit's memory and milliseconds of its start, for the one
/// timestamp written before the first prompt. The text is the same (Gregorian calendar, UTC,
/// milliseconds rounded as the formatter rounds them); dates outside 1970...9999 are left to GRDB.
///
/// ```swift
/// StorageDate.text(Date(timeIntervalSince1970: 0))   // "1970-01-01 00:00:00.000"
/// ```
enum StorageDate {
    static func text(_ date: Date) -> String? {
        // As Foundation's formatter does: milliseconds since 1970, rounded half away from zero
        // (x.5 ms goes up; StorageDateTests holds the cases).
        let milliseconds = ((date.timeIntervalSinceReferenceDate + 978_307_200.0) * 1000.0).rounded(.toNearestOrAwayFromZero)
        guard milliseconds >= 0, milliseconds < 253_402_300_800_000 else { return nil }
        let total = Int64(milliseconds)
        let days = total / 86_400_000
        let inDay = total % 86_400_000
        // Civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
        let shifted = days + 719_468
        let era = shifted / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + " "
            + pad(inDay / 3_600_000, 2) + ":" + pad(inDay / 60_000 % 60, 2) + ":" + pad(inDay / 1000 % 60, 2) + "." + pad(inDay % 1000, 3)
    }
}
