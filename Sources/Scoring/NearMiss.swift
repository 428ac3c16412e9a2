import Matching
import ScenarioKit

/// Says why a pattern did not match a reply: what was found, and what was missing.
///
/// "你认同了（「是的」），但后面没有「可是 / 但是 / 不过」之类的转折" — the closest the reply came
/// to the pattern, in words a trainee can act on. Pure: the same reply and pattern always give the
/// same sentence.
public struct NearMiss: Sendable {
    let matcher: Matcher
    let english: Bool
    let samples: Samples

    /// The first phrases of each lexicon in each script, found once per matcher (not per verdict).
    public struct Samples: Sendable {
        let chinese: [String: [String]]
        let english: [String: [String]]

        public init(_ lexicons: LexiconTable) {
            var chinese: [String: [String]] = [:], english: [String: [String]] = [:]
            for (name, phrases) in lexicons.lexicons {
                let written = phrases.map(\.written)
                let latin = written.filter { $0.unicodeScalars.allSatisfy(\.isASCII) }
                let other = written.filter { !$0.unicodeScalars.allSatisfy(\.isASCII) }
                chinese[name] = Array((other.isEmpty ? written : other).prefix(3))
                english[name] = Array((latin.isEmpty ? written : latin).prefix(3))
            }
            self.chinese = chinese
            self.english = english
        }
    }

    public init(matcher: Matcher, english: Bool, samples: Samples? = nil) {
        self.matcher = matcher
        self.english = english
        self.samples = samples ?? Samples(matcher.lexicons)
    }

    /// The explanation of a pattern that did not match `text`.
    public func explain(_ pattern: Pattern, in text: NormalizedText) -> String {
        var memo = Matcher.LexiconMemo()
        return explain(pattern, in: text, memo: &memo)
    }

    func explain(_ pattern: Pattern, in text: NormalizedText, memo: inout Matcher.LexiconMemo) -> String {
        switch pattern {
        case let .followedBy(first, second):
            let before = matcher.match(first, in: text, memo: &memo)
            guard before.matched else { return missing(first) }
            let after = matcher.match(second, in: text, memo: &memo)
            let found = before.evidence(in: text)
            if after.matched {
                return english ? "you said “\(found)” but \(describe(second)) came before it, not after"
                               : "你说了「\(found)」，但\(describe(second))出现在它前面，而不是后面"
            }
            return english ? "you said “\(found)”, but nothing followed with \(describe(second))"
                           : "你说了「\(found)」，但后面没有\(describe(second))"
        case let .allOf(parts):
            var found: [String] = []
            var lacking: [Pattern] = []
            for part in parts {
                let result = matcher.match(part, in: text, memo: &memo)
                if result.matched {
                    let evidence = result.evidence(in: text)
                    if !evidence.isEmpty { found.append(evidence) }
                } else {
                    lacking.append(part)
                }
            }
            // NB: a `!X` part that fails is something said that rules the move out; a lone positive
            // part that fails is explained in full ("you said … but nothing followed with …").
            let positive = lacking.filter { !$0.isNegation }
            if positive.count == 1, let only = positive.first { return explain(only, in: text, memo: &memo) }
            if positive.isEmpty, case let .not(inner)? = lacking.first {
                let said = matcher.match(inner, in: text, memo: &memo).evidence(in: text)
                return english ? "you said “\(said)”, which does not count as the move here" : "你说了「\(said)」，这样说不算做到"
            }
            let missingText = positive.prefix(2).map { describe($0) }.joined(separator: english ? " and " : "和")
            if found.isEmpty { return english ? "missing: \(missingText)" : "缺少\(missingText)" }
            let foundText = found.map { english ? "“\($0)”" : "「\($0)」" }.joined(separator: english ? ", " : "、")
            return english ? "you said \(foundText), but \(missingText) was missing" : "你说了\(foundText)，但缺少\(missingText)"
        default:
            return missing(pattern)
        }
    }

    func missing(_ pattern: Pattern) -> String {
        english ? "nothing like \(describe(pattern)) was said" : "没有说到\(describe(pattern))"
    }

    /// A lexicon's first phrases in the reply's script.
    func sample(of name: String) -> [String] {
        (english ? samples.english[name] : samples.chinese[name]) ?? []
    }

    /// A lexicon by its first phrases (three at the top, two nested), leaving out those in
    /// `excluding`; nil when none is left (or the lexicon has no phrases).
    func describe(lexicon name: String, depth: Int, excluding: Set<String> = []) -> String? {
        let phrases = sample(of: name).filter { !excluding.contains($0) }.prefix(depth == 0 ? 3 : 2)
        guard !phrases.isEmpty else { return nil }
        return english ? "words like “" + phrases.joined(separator: "”, “") + "”" : "「" + phrases.joined(separator: " / ") + "」之类的话"
    }

    /// A pattern in words: a lexicon by its first phrases, a phrase as written. Parts nested in
    /// others are named more briefly (one alternative, two phrases), so that a rule whose pattern
    /// has grown long still reads as one short line.
    func describe(_ pattern: Pattern, depth: Int = 0) -> String {
        switch pattern {
        case let .phrase(phrase):
            return english ? "“\(phrase.written)”" : "「\(phrase.written)」"
        case let .lexicon(lexicon):
            return describe(lexicon: lexicon.name, depth: depth) ?? "@\(lexicon.name)"
        case let .anyOf(parts):
            let said = parts.filter { !$0.isNegation }
            guard !said.isEmpty else { return english ? "(something left unsaid)" : "（某些不该说的话）" }
            var named: [String] = []
            // Phrases already named: two lexicons that share a first phrase are not both named by it
            // (「能省 / 一年能省」之类的话或「一年能省 / 每年省」之类的话).
            var shown: Set<String> = []
            for part in said where named.count < (depth == 0 ? 3 : 1) {
                let words: String
                if case let .lexicon(lexicon) = part {
                    guard let described = describe(lexicon: lexicon.name, depth: depth + 1, excluding: shown) else { continue }
                    words = described
                    shown.formUnion(sample(of: lexicon.name))
                } else {
                    words = describe(part, depth: depth + 1)
                }
                if !named.contains(words) { named.append(words) }
            }
            if named.isEmpty, let first = said.first { return describe(first, depth: depth + 1) }
            return named.joined(separator: english ? " or " : "或")
        case let .allOf(parts):
            let positive = parts.filter { !$0.isNegation }
            guard !positive.isEmpty else { return english ? "(something left unsaid)" : "（某些不该说的话）" }
            return positive.prefix(2).map { describe($0, depth: depth + 1) }.joined(separator: english ? " with " : "加上")
        case let .followedBy(first, second):
            if second.isNegation { return describe(first, depth: depth) }
            return english ? "\(describe(first, depth: depth + 1)) then \(describe(second, depth: depth + 1))"
                           : "先\(describe(first, depth: depth + 1))再\(describe(second, depth: depth + 1))"
        case .not:
            return english ? "(something left unsaid)" : "（某些不该说的话）"
        }
    }

    func tooShort(_ minimum: Int) -> String {
        english ? "too short: say at least \(minimum) characters" : "太短了：至少要说 \(minimum) 个字"
    }

    func echoed() -> String {
        english ? "those are the customer's own words repeated back: answer them in yours" : "这是把客户自己的话重复了一遍：要用自己的话回应"
    }

    func stuffed() -> String {
        english ? "the same words said over and over are not a move: say it once, as a sentence to the customer" : "同样的词翻来覆去地说不算做到：要对客户把话说一遍、说完整"
    }

    func recited() -> String {
        english ? "reciting the manual's headings is not a move: say what they ask for, to the customer" : "背手册的标题不算做到：要对客户把手册要求的话真正说出来"
    }

    func keywordList() -> String {
        english ? "a list of keywords is not a move: say it as a sentence to the customer" : "只列关键词不算做到：要对客户把话说完整"
    }

    func noSubstance(after pattern: Pattern, in text: NormalizedText, minimum: Int) -> String {
        var turn = ""
        if let (_, second) = pattern.sequence { turn = describe(second) }
        return english ? "after \(turn.isEmpty ? "that" : turn) there was no reason, gain or question for the customer (at least \(minimum) words of substance)"
                       : "\(turn.isEmpty ? "说完" : turn + "之后")没有给出理由、好处或问题（至少 \(minimum) 个字的实际内容）"
    }
}

extension Pattern {
    /// Whether the pattern only asks for something not to be said (`!X`, or only such parts).
    var isNegation: Bool {
        switch self {
        case .not: return true
        case let .allOf(parts), let .anyOf(parts): return !parts.isEmpty && parts.allSatisfy(\.isNegation)
        default: return false
        }
    }
}
