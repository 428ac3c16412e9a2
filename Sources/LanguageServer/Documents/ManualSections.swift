/// The training manual split into its sections, so that a rule's `manual: I.1a` can be shown in
/// the manual's own words.
///
/// The manual numbers its parts 一、 … 五、 (I … V), their sections 1、 2、 … and points within a
/// section a. b. c.; a part opens with a list of its sections' titles, so a section's text is
/// the last heading of its number in the part.
///
/// ```swift
/// ManualSections(text: manual).text(for: "I.1b, IV.1")   // ["b.信息準備:…", "1、信息收集…"]
/// ```
public struct ManualSections: Sendable {
    private let lines: [String]
    static let parts = ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"]
    static let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]

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
        let headings = (partStart + 1..<partEnd).filter { lines[$0].hasPrefix(number + "、") }
        guard let heading = headings.last else { return [] }
        let sectionEnd = (heading + 1..<partEnd).first { index in
            let line = lines[index]
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            return !digits.isEmpty && line.dropFirst(digits.count).hasPrefix("、")
        } ?? partEnd
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
