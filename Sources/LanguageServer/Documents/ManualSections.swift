/// The training manual split into its sections, so that a rule's `manual: I.1a` can be shown in
/// the manual's own words.
///
/// The manual numbers its parts 一、 … 五、 (I … V), their sections 1、 2、 … (part V: (一)、
/// (二)、 …) and points within a section a. b. c.; a part opens with a list of its sections'
/// titles, so a section's text is the last heading of its number in the part.
///
/// ```swift
/// ManualSections(text: manual).text(for: "I.1b, IV.1")   // ["b.信息準備:…", "1、信息收集…"]
/// ```
public struct ManualSections: Sendable {
    private let lines: [String]
    static let parts = ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
    static let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    /// `(一)、…` or `（一）…`: a section heading of part V.
    static func isBracketedHeading(_ line: String) -> Bool {
        guard let first = line.first, first == "(" || first == "（" else { return false }
        return line.dropFirst().first.map { numerals.contains(String($0)) } ?? false
    }

    public init(text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { String($0).trimmingCharacters(in: .whitespaces) }
    }

    /// The manual's lines for each reference of `sections` (`I.1a`, `I.3a-c`, `II.6`); empty
    /// when a reference cannot be found.
    public func text(for sections: String) -> [String] {
        sections.split(separator: ",").flatMap { text(forOne: $0.trimmingCharacters(in: .whitespaces)) }
    }

    private func text(forOne reference: String) -> [String] {
        let pieces = reference.split(separator: ".", maxSplits: 1)
        guard pieces.count == 2, let part = ManualSections.romans.firstIndex(of: String(pieces[0])) else { return [] }
        let rest = pieces[1]
        let number = String(rest.prefix { $0.isASCII && $0.isNumber })
        let letters = rest.dropFirst(number.count)
        guard !number.isEmpty else { return [] }
        // The part: from its heading to the next part's.
        guard let partStart = lines.firstIndex(where: { $0.hasPrefix(ManualSections.parts[part]) }) else { return [] }
        let partEnd = lines[(partStart + 1)...].firstIndex { line in ManualSections.parts.contains { line.hasPrefix($0) } } ?? lines.count
        // Part V numbers its sections (一)、(二)、…, its points 1、2、…; the others 1、2、….
        let numeral = Int(number).flatMap { $0 >= 1 && $0 <= ManualSections.numerals.count ? ManualSections.numerals[$0 - 1] : nil }
        let bracketed = (partStart + 1..<partEnd).contains { ManualSections.isBracketedHeading(lines[$0]) }
        let isHeading: (String) -> Bool
        let isNumbered: (String) -> Bool
        if bracketed {
            guard let numeral else { return [] }
            isNumbered = { $0.hasPrefix("(\(numeral))") || $0.hasPrefix("（\(numeral)）") }
            isHeading = ManualSections.isBracketedHeading
        } else {
            isNumbered = { $0.hasPrefix(number + "、") }
            isHeading = { line in
                let digits = line.prefix { $0.isASCII && $0.isNumber }
                return !digits.isEmpty && line.dropFirst(digits.count).hasPrefix("、")
            }
        }
        let headings = (partStart + 1..<partEnd).filter { isNumbered(lines[$0]) }
        guard let heading = headings.last else { return [] }
        let sectionEnd = (heading + 1..<partEnd).first { isHeading(lines[$0]) } ?? partEnd
        let body = Array(lines[(heading + 1)..<sectionEnd])
        guard let first = letters.first else { return [lines[heading]] + body.prefix(6) }
        let last = letters.count >= 3 && letters.dropFirst().first == "-" ? letters.last ?? first : first
        let wanted = Set((first.asciiValue ?? 0)...(max(first.asciiValue ?? 0, last.asciiValue ?? 0)))
        let picked = body.filter { line in
            guard let letter = line.first?.asciiValue, line.dropFirst().first == "." || line.dropFirst().first == "、" else { return false }
            return wanted.contains(letter)
        }
        return picked.isEmpty ? [lines[heading]] + body.prefix(6) : picked
    }
}
