import Foundation

/// A number, time, amount or name named in a text: 四小时, 24 小时, 30%, three days, 两年, VOC, Videojet.
///
/// Compared by value and unit, so 四小时 and 4个小时 are the same claim, and 4 hours is too; a
/// name (unit `name`) by its lower-cased letters.
struct Claim: Hashable {
    /// The number, in digits (`4`, `0.5`, `24`).
    var value: String
    /// The unit, in a canonical form (`h`, `d`, `%`…), or empty for a bare number.
    var unit: String
    /// The words as written in the text.
    var written: String
    /// True when the text asks it back: a question mark follows it (「四小时？」, "Four hours?").
    var isAskedBack = false

    static func == (a: Claim, b: Claim) -> Bool { a.value == b.value && a.unit == b.unit }
    func hash(into hasher: inout Hasher) {
        hasher.combine(value)
        hasher.combine(unit)
    }

    /// Whether `other` states the same thing (a bare number matches any unit).
    func sameAs(_ other: Claim) -> Bool { value == other.value && (unit == other.unit || unit.isEmpty || other.unit.isEmpty) }

    private static let units: [(String, String)] = [
        ("个小时", "h"), ("小时", "h"), ("钟头", "h"), ("分钟", "min"), ("个月", "mo"), ("个星期", "w"), ("星期", "w"),
        ("礼拜", "w"), ("周", "w"), ("天", "d"), ("年", "y"), ("%", "%"), ("％", "%"), ("成", "成"), ("倍", "x"),
        ("hours", "h"), ("hour", "h"), ("hrs", "h"), ("h", "h"), ("minutes", "min"), ("minute", "min"), ("days", "d"), ("day", "d"),
        ("weeks", "w"), ("week", "w"), ("months", "mo"), ("month", "mo"), ("years", "y"), ("year", "y"), ("percent", "%"),
    ]
    private static let englishNumbers = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                                         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
                                         "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100]
    private static let chineseDigits: [Character: Int] = ["零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                                                          "六": 6, "七": 7, "八": 8, "九": 9]
    private static let chineseNumeral = "[零〇一二两三四五六七八九十百半]+"
    private static let unitAlternatives = units.map { NSRegularExpression.escapedPattern(for: $0.0) }.joined(separator: "|")

    /// 24小时, 4 个小时, 30%, 3000 (a bare number of digits), 4pm is left to the unit list.
    private static let digits = try? NSRegularExpression(pattern: "(?<![A-Za-z0-9.])([0-9]+(?:\\.[0-9]+)?)\\s*(?:-\\s*)?(\(unitAlternatives))?(?![A-Za-z])", options: [.caseInsensitive])
    /// 四小时, 两个月, 三成, 百分之三十; a Chinese numeral only counts with a unit (一下, 一点 are not numbers).
    private static let chinese = try? NSRegularExpression(pattern: "(百分之)?(\(chineseNumeral))(个小时|小时|个钟头|钟头|分钟|个月|个星期|星期|礼拜|周|天|年|成|倍)?")
    /// A word of Latin letters starting with a capital (VOC, TIJ, Videojet).
    private static let names = try? NSRegularExpression(pattern: "(?<![A-Za-z0-9])[A-Z][A-Za-z0-9]+(?![A-Za-z0-9])")
    /// four hours, two-week.
    private static let english = try? NSRegularExpression(pattern: "\\b(\(englishNumbers.keys.sorted().joined(separator: "|")))[\\s-]+(hours?|days?|weeks?|months?|years?|minutes?|percent)\\b", options: [.caseInsensitive])

    /// The claims named in `text`.
    static func claims(in text: String) -> [Claim] {
        var result: [Claim] = []
        let range = NSRange(text.startIndex..., in: text)
        func group(_ match: NSTextCheckingResult, _ index: Int) -> String? {
            Range(match.range(at: index), in: text).map { String(text[$0]) }
        }
        func whole(_ match: NSTextCheckingResult) -> String { group(match, 0) ?? "" }
        func askedBack(_ match: NSTextCheckingResult) -> Bool {
            guard let range = Range(match.range, in: text) else { return false }
            let after = text[range.upperBound...].drop { $0 == " " || $0 == "到" }
            return after.first == "?" || after.first == "？"
        }
        func ordinal(_ match: NSTextCheckingResult) -> Bool {
            guard let range = Range(match.range, in: text), range.lowerBound > text.startIndex else { return false }
            return "第前".contains(text[text.index(before: range.lowerBound)])
        }
        for match in digits?.matches(in: text, range: range) ?? [] {
            guard let number = group(match, 1) else { continue }
            let unit = group(match, 2).map(canonicalUnit) ?? ""
            // A lone small digit ("第1", "1 台") says little; a bare number needs two digits.
            if unit.isEmpty && number.count < 2 { continue }
            result.append(Claim(value: number, unit: unit, written: whole(match), isAskedBack: askedBack(match)))
        }
        for match in chinese?.matches(in: text, range: range) ?? [] {
            guard let numeral = group(match, 2), let value = chineseValue(numeral), !ordinal(match) else { continue }
            if group(match, 1) != nil {
                result.append(Claim(value: value, unit: "%", written: whole(match), isAskedBack: askedBack(match)))
            } else if let unit = group(match, 3) {
                // 一天 / 一年 / 一周 alone are as often "a day" as a figure; claims start at two.
                if value == "1" { continue }
                result.append(Claim(value: value, unit: canonicalUnit(unit), written: whole(match), isAskedBack: askedBack(match)))
            }
        }
        // Brand and product words: an acronym (VOC, TIJ, PLC) anywhere, or a Latin-script name
        // (Videojet) inside Chinese text, where it can only be a name.
        let chinese = text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        for match in names?.matches(in: text, range: range) ?? [] {
            let word = whole(match)
            let isAcronym = word.count >= 2 && word.allSatisfy { $0.isUppercase || $0.isNumber }
            guard isAcronym || chinese else { continue }
            result.append(Claim(value: word.lowercased(), unit: "name", written: word, isAskedBack: askedBack(match)))
        }
        for match in english?.matches(in: text, range: range) ?? [] {
            guard let word = group(match, 1)?.lowercased(), let number = englishNumbers[word], let unit = group(match, 2) else { continue }
            result.append(Claim(value: String(number), unit: canonicalUnit(unit), written: whole(match), isAskedBack: askedBack(match)))
        }
        return result
    }

    static func canonicalUnit(_ written: String) -> String {
        let lower = written.lowercased().replacingOccurrences(of: "个", with: "")
        if let unit = units.first(where: { $0.0 == lower || $0.0 == written.lowercased() }) { return unit.1 }
        if lower == "钟头" { return "h" }
        return lower
    }

    /// 四 → 4, 十二 → 12, 二十四 → 24, 一百 → 100, 半 → 0.5; nil for what is not a plain numeral (几, 十几).
    static func chineseValue(_ numeral: String) -> String? {
        if numeral == "半" { return "0.5" }
        guard !numeral.contains("半") else { return nil }
        var total = 0, current = 0
        for character in numeral {
            if let digit = chineseDigits[character] {
                current = current * 10 + digit
            } else if character == "十" {
                total += (current == 0 ? 1 : current) * 10
                current = 0
            } else if character == "百" {
                total += (current == 0 ? 1 : current) * 100
                current = 0
            } else {
                return nil
            }
        }
        return String(total + current)
    }
}
