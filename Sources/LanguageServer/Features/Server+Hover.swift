import Foundation
import Matching
import ScenarioKit

extension Server {
    /// What the name or pattern under the cursor means: a rule with the manual's words, a
    /// lexicon's phrases, a node's line and the replies leading to it, what a pattern matches.
    mutating func hover(_ params: PositionParams) -> Hover? {
        guard let (document, analysis) = analysis(of: params.textDocument.uri) else { return nil }
        if let occurrence = Server.occurrence(at: params.position, document: document, analysis: analysis) {
            let range = Server.range(occurrence, lines: document.lines)
            let text: String?
            switch occurrence.kind {
            case .rule: text = analysis.rulebook?.rule(occurrence.name).map(ruleHover)
            case .lexicon: text = lexiconHover(occurrence.name, analysis: analysis)
            case .target: text = analysis.scenario.flatMap { targetHover(occurrence.name, scenario: $0) }
            case .variable: text = analysis.scenario.flatMap { variableHover(occurrence.name, scenario: $0, index: analysis.index) }
            }
            return text.map { Hover(contents: MarkupContent(value: $0), range: range) }
        }
        // A pattern: the `match:` of a reply on this line.
        guard let scenario = analysis.scenario else { return nil }
        let line = params.position.line + 1
        for node in scenario.nodes {
            for reply in node.replies where reply.match?.location.line == line {
                guard let compiled = reply.match else { continue }
                let table = Server.lexicons(scenario: scenario, rulebook: analysis.rulebook)
                let matcher = matcher(for: table)
                return Hover(contents: MarkupContent(value: patternHover(compiled, reply: reply, table: table, matcher: matcher)), range: nil)
            }
        }
        return nil
    }

    /// A matcher over `table`, kept while the lexicons stay the same (building one indexes
    /// every phrase and its sound-alikes: tens of milliseconds for the library's rulebook).
    mutating func matcher(for table: LexiconTable) -> Matcher {
        var hasher = Hasher()
        for name in table.lexicons.keys.sorted() {
            hasher.combine(name)
            for phrase in table.lexicons[name] ?? [] { hasher.combine(phrase.written) }
        }
        let key = hasher.finalize()
        if let cached = matcherCache, cached.key == key { return cached.matcher }
        let matcher = Matcher(lexicons: table)
        matcherCache = (key, matcher)
        return matcher
    }

    /// The lexicons a scenario's patterns see: the rulebook's and its own.
    static func lexicons(scenario: Scenario, rulebook: Rulebook?) -> LexiconTable {
        var own: [String: [String]] = [:]
        for (name, phrases) in scenario.lexicons { own[name] = phrases.value }
        return (rulebook?.lexicons ?? LexiconTable()).merging(LexiconTable(own))
    }

    /// Title, weight, manual section and what the manual says there.
    func ruleHover(_ rule: Rule) -> String {
        var lines = ["**\(rule.id)** — \(rule.title.zh) (\(rule.title.en))", ""]
        lines.append("manual **\(rule.manual)** · weight \(rule.weight)\(rule.knockout ? " · **knockout**" : "") · observed by \(rule.observed.rawValue) · applies \(rule.applies.summary)")
        if let sections = configuration.manualSections {
            let found = sections.text(for: rule.manual)
            if !found.isEmpty {
                lines += ["", "**The manual, \(rule.manual):**", ""]
                lines += found.map { "> " + $0.replacingOccurrences(of: "\n", with: "\n> ") }
            }
        }
        lines += ["", "**What the feedback says (quoting the manual):**", ""]
        for verdict in [Verdict.met, .missed, .violated] {
            if let text = rule.feedback[verdict] {
                lines.append("- \(verdict.rawValue): \(text.zh)")
            }
        }
        return lines.joined(separator: "\n")
    }

    func lexiconHover(_ name: String, analysis: Analysis) -> String? {
        if let own = analysis.scenario?.lexicons[name] {
            return "**@\(name)** — this scenario's lexicon, \(own.value.count) phrases\n\n" + own.value.prefix(40).joined(separator: " · ") + (own.value.count > 40 ? " …" : "")
        }
        guard let phrases = analysis.rulebook?.lexicons[name]?.map(\.written) else { return nil }
        return "**@\(name)** — rulebook lexicon, \(phrases.count) phrases\n\n" + phrases.prefix(40).joined(separator: " · ") + (phrases.count > 40 ? " …" : "")
    }

    func targetHover(_ id: String, scenario: Scenario) -> String? {
        var lines: [String] = []
        if let node = scenario.node(id) {
            lines.append("**\(id)** — node, phase \(node.phase.rawValue)" + (node.speaker.map { ", speaker \($0)" } ?? ""))
            if let narration = node.narration { lines += ["", "_\(narration)_"] }
            if !node.customer.isEmpty { lines += [""] + node.customer.map { "> \($0)" } }
        } else if let ending = scenario.ending(id) {
            lines.append("**\(id)** — ending, outcome \(ending.outcome.rawValue)")
            if let customer = ending.customer.first { lines += ["", "> \(customer)"] }
        } else {
            return nil
        }
        var sources: [String] = []
        if scenario.start.value == id { sources.append("- the start") }
        for node in scenario.nodes {
            for reply in node.replies where reply.response.next?.value == id {
                let said = reply.option ?? reply.match?.source ?? reply.examples.first?.value ?? "a reply"
                sources.append("- from `\(node.id)`: \(said)")
            }
            if node.otherwise?.next?.value == id { sources.append("- from `\(node.id)`: otherwise") }
        }
        if scenario.ending(id)?.when != nil { sources.append("- whenever `when:` holds") }
        lines += ["", sources.isEmpty ? "Nothing leads here." : "Reached by:"] + sources
        return lines.joined(separator: "\n")
    }

    func variableHover(_ name: String, scenario: Scenario, index: DocumentIndex) -> String? {
        guard let variable = scenario.state.first(where: { $0.name == name }) else { return nil }
        let uses = index.occurrences(of: .variable, name).filter { !$0.isDefinition }.count
        return "**\(name)** — state variable, starts at \(variable.initial)\n\nused \(uses) time\(uses == 1 ? "" : "s") in this file"
    }

    /// The pattern, its lexicons, and which of the reply's own words (option, examples) it takes.
    func patternHover(_ compiled: CompiledPattern, reply: Reply, table: LexiconTable, matcher: Matcher) -> String {
        var lines = ["**pattern** `\(compiled.source)`"]
        let names = compiled.pattern.lexiconReferences
        if !names.isEmpty {
            lines.append("")
            for name in Array(Set(names)).sorted() {
                let phrases = table[name]?.map(\.written) ?? []
                lines.append("- `@\(name)`: " + (phrases.isEmpty ? "unknown lexicon" : Server.phrases(phrases, first: 8)))
            }
        }
        let samples = (reply.option.map { [$0] } ?? []) + reply.examples.map(\.value)
        if !samples.isEmpty {
            lines += ["", "Matches:"]
            for sample in samples {
                let matched = matcher.match(compiled.pattern, in: NormalizedText(sample)).matched
                lines.append("- \(matched ? "✓" : "✗") \(sample)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
