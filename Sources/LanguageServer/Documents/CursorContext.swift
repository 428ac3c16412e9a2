import Foundation
import ScenarioKit

/// What the cursor is on, told from the text around it (which may not parse while typed): the
/// kind of name a key expects and the part of the name already typed.
///
/// ```yaml
/// next: cl|             # a node or ending id
/// match: "@pra|"        # a lexicon
/// judge: {opening.s|    # a rule id
/// customer: {role: d|   # a role
/// ```
struct CursorContext: Equatable {
    enum Slot: Equatable {
        case target, lexicon, rule, variable
        /// A `{name}` in what the customer says, narration, hints (`{reply}` in `clarify:` too).
        case textVariable(reply: Bool)
        case values([String])
        case none
    }

    var slot: Slot
    /// The name typed so far (with its `@` for a lexicon).
    var typed: String
    /// Where the typed name starts.
    var start: Position

    /// Keys whose values are node or ending ids, lexicon patterns, rule ids or variables.
    static let slots: [String: Slot] = [
        "next": .target, "start": .target, "ending": .target, "path": .target, "ahead": .target,
        "match": .lexicon, "met": .lexicon, "violated": .lexicon, "ignore": .lexicon,
        "judge": .rule, "off": .rule,
        "if": .variable, "when": .variable, "set": .variable,
        "phase": .values(Phase.allCases.map(\.rawValue)),
        "temperament": .values(Temperament.allCases.map(\.rawValue)),
        "role": .values(Role.allCases.map(\.rawValue)),
        "kind": .values(CustomerKind.allCases.map(\.rawValue)),
        "outcome": .values(Outcome.allCases.map(\.rawValue)),
        "language": .values(ScenarioLanguage.allCases.map(\.rawValue)),
        "observed": .values(Observation.allCases.map(\.rawValue)),
        "scope": .values(RuleScope.allCases.map(\.rawValue)),
    ]

    /// Keys whose text may hold `{trainee}`, `{customer}` and state values.
    static let textKeys: Set<String> = ["customer", "narration", "hint", "clarify"]

    /// In a calibration corpus, `expect:` of a rule case names rules.
    static let corpusSlots: [String: Slot] = ["expect": .rule]

    static func at(_ position: Position, lines: TextLines, kind: ScenarioLibrary.FileKind = .scenario) -> CursorContext {
        let slots = kind == .calibration ? CursorContext.slots.merging(corpusSlots) { $1 } : CursorContext.slots
        let prefix = Array(lines.prefix(before: position).unicodeScalars)
        var start = prefix.count
        while start > 0 && DocumentIndex.isLexiconNameScalar(prefix[start - 1]) { start -= 1 }
        if start > 0 && prefix[start - 1] == "@" { start -= 1 }
        var typedView = String.UnicodeScalarView()
        typedView.append(contentsOf: prefix[start...])
        let typed = String(typedView)
        var beforeView = String.UnicodeScalarView()
        beforeView.append(contentsOf: prefix[..<start])
        let before = String(beforeView)
        let startPosition = Position(line: position.line, character: before.utf16.count)
        if typed.hasPrefix("@") { return CursorContext(slot: .lexicon, typed: typed, start: startPosition) }
        if start > 0, prefix[start - 1] == "{" {
            // A text variable inside what the customer says, a narration, a hint or `clarify:`.
            let line = CursorContext.keys(in: before)
            let key = line.last ?? parentKey(above: position.line, lines: lines)
            if let key, CursorContext.textKeys.contains(key) {
                return CursorContext(slot: .textVariable(reply: key == "clarify"), typed: typed, start: startPosition)
            }
        }
        // In a comment nothing is completed.
        if before.contains(" #") || before.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            return CursorContext(slot: .none, typed: typed, start: startPosition)
        }
        let keys = CursorContext.keys(in: before)
        if let last = keys.last, let slot = slots[last] { return CursorContext(slot: slot, typed: typed, start: startPosition) }
        if let first = keys.first, let slot = slots[first] { return CursorContext(slot: slot, typed: typed, start: startPosition) }
        if keys.isEmpty || keys.allSatisfy({ slots[$0] == nil && $0.contains(".") }) {
            // A line of a block under a key (`judge:` then `  opening.style: +2`; `path:` then `- a`).
            if let parent = parentKey(above: position.line, lines: lines), let slot = slots[parent] {
                return CursorContext(slot: slot, typed: typed, start: startPosition)
            }
        }
        return CursorContext(slot: .none, typed: typed, start: startPosition)
    }

    /// The keys written on a line before the cursor (`- key:`, `{key: …, key2:`), in order.
    static func keys(in text: String) -> [String] {
        var keys: [String] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var inQuote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let quote = inQuote {
                if scalar == quote { inQuote = nil }
                index += 1
                continue
            }
            if scalar == "\"" || scalar == "'" { inQuote = scalar; index += 1; continue }
            if scalar == ":" && (index + 1 == scalars.count || " [{".unicodeScalars.contains(scalars[index + 1])) {
                var start = index
                while start > 0 && DocumentIndex.isLexiconNameScalar(scalars[start - 1]) { start -= 1 }
                if start < index {
                    var key = String.UnicodeScalarView()
                    key.append(contentsOf: scalars[start..<index])
                    keys.append(String(key))
                }
            }
            index += 1
        }
        return keys
    }

    /// The key of the nearest line above that is indented less than `line` (its parent).
    static func parentKey(above line: Int, lines: TextLines) -> String? {
        let own = lines.line(line).prefix { $0 == " " }.count
        var index = line - 1
        while index >= 0 && line - index < 500 {
            let text = lines.line(index)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty && !trimmed.hasPrefix("#") && text.prefix(while: { $0 == " " }).count < own {
                return keys(in: String(text)).last
            }
            index -= 1
        }
        return nil
    }
}
