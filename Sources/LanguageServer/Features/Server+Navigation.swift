import Foundation
import ScenarioKit

extension Server {
    /// Where the name under the cursor is defined: a node or ending, a lexicon (the file's own or
    /// the rulebook's), a state variable, a rule (in the rulebook).
    mutating func definition(_ params: PositionParams) -> [Location] {
        guard let (document, analysis) = analysis(of: params.textDocument.uri),
              let occurrence = Server.occurrence(at: params.position, document: document, analysis: analysis) else { return [] }
        if let own = analysis.index.definition(of: occurrence.kind, occurrence.name) {
            return [Location(uri: document.uri, range: Server.range(own, lines: document.lines))]
        }
        return rulebookDefinition(occurrence, analysis: analysis).map { [$0] } ?? []
    }

    /// A lexicon's or rule's definition in the rulebook.
    mutating func rulebookDefinition(_ occurrence: DocumentIndex.Occurrence, analysis: Analysis) -> Location? {
        guard let rulebook = analysis.rulebook else { return nil }
        switch occurrence.kind {
        case .lexicon:
            return rulebook.lexiconLocations[occurrence.name].map { location($0, length: occurrence.name.unicodeScalars.count) }
        case .rule:
            guard let rule = rulebook.rule(occurrence.name) else { return nil }
            // The rule's `id:` value, found on the lines of its item.
            let lines = TextLines(text(ofFile: rule.location.path))
            for line in rule.location.line..<(rule.location.line + 3) {
                let text = String(lines.line(line - 1))
                if let found = text.range(of: occurrence.name) {
                    let column = text[..<found.lowerBound].unicodeScalars.count + 1
                    return Location(uri: Document.uri(of: rule.location.path), range: lines.range(line: line, column: column, length: occurrence.name.unicodeScalars.count))
                }
            }
            return location(rule.location)
        case .target, .variable:
            return nil
        }
    }

    /// Every place the name under the cursor is written in the file (and, for a lexicon of the
    /// rulebook, its definition there).
    mutating func references(_ params: ReferenceParams) -> [Location] {
        guard let (document, analysis) = analysis(of: params.textDocument.uri),
              let occurrence = Server.occurrence(at: params.position, document: document, analysis: analysis) else { return [] }
        let includeDeclaration = params.context?.includeDeclaration ?? true
        var locations = analysis.index.occurrences(of: occurrence.kind, occurrence.name)
            .filter { includeDeclaration || !$0.isDefinition }
            .map { Location(uri: document.uri, range: Server.range($0, lines: document.lines)) }
        if includeDeclaration, analysis.index.definition(of: occurrence.kind, occurrence.name) == nil,
           let definition = rulebookDefinition(occurrence, analysis: analysis), definition.uri != document.uri {
            locations.insert(definition, at: 0)
        }
        return locations
    }

    /// Renames a node, ending, variable or the file's own lexicon everywhere in the file.
    mutating func rename(_ params: RenameParams) throws -> WorkspaceEdit? {
        guard let (document, analysis) = analysis(of: params.textDocument.uri),
              let occurrence = Server.occurrence(at: params.position, document: document, analysis: analysis) else {
            throw ResponseError(.requestFailed, "there is no node, ending, variable or lexicon of this file here")
        }
        let newName = params.newName
        switch occurrence.kind {
        case .target:
            guard Identifier.isValid(newName) else { throw ResponseError(.requestFailed, "a node id may contain only lower-case letters, digits, '-' and '_'") }
        case .variable:
            guard Identifier.isVariable(newName) else { throw ResponseError(.requestFailed, "a state variable must start with a letter and contain only letters, digits, '-' and '_'") }
        case .lexicon:
            guard analysis.index.definition(of: .lexicon, occurrence.name) != nil else { throw ResponseError(.requestFailed, "'@\(occurrence.name)' is the rulebook's: rename it there") }
            guard !newName.isEmpty, newName.unicodeScalars.allSatisfy(DocumentIndex.isLexiconNameScalar) else { throw ResponseError(.requestFailed, "'\(newName)' is not a lexicon name") }
        case .rule:
            throw ResponseError(.requestFailed, "rule ids are the manual's (RULES.md) and cannot be renamed")
        }
        if newName != occurrence.name, analysis.index.definition(of: occurrence.kind, newName) != nil {
            throw ResponseError(.requestFailed, "'\(newName)' is already used in this file")
        }
        let edits = analysis.index.occurrences(of: occurrence.kind, occurrence.name).map {
            TextEdit(range: Server.range($0, lines: document.lines), newText: newName)
        }
        return WorkspaceEdit(changes: [document.uri: edits])
    }

    /// The outline: nodes grouped by phase, then the endings; a rulebook's rules and lexicons.
    mutating func documentSymbols(_ params: DocumentParams) -> [DocumentSymbol] {
        guard let (document, analysis) = analysis(of: params.textDocument.uri) else { return [] }
        let index = analysis.index
        func symbol(_ occurrence: DocumentIndex.Occurrence, _ kind: DocumentSymbol.Kind, detail: String?) -> DocumentSymbol {
            let range = Server.range(occurrence, lines: document.lines)
            return DocumentSymbol(name: occurrence.name, detail: detail, kind: kind, range: range, selectionRange: range, children: nil)
        }
        func group(_ name: String, _ children: [DocumentSymbol]) -> DocumentSymbol? {
            guard let first = children.first else { return nil }
            let start = children.map(\.range.start).min() ?? first.range.start
            let end = children.map(\.range.end).max() ?? first.range.end
            return DocumentSymbol(name: name, detail: nil, kind: .namespace, range: TextRange(start: start, end: end), selectionRange: first.selectionRange, children: children)
        }
        var symbols: [DocumentSymbol] = []
        let definitions = index.occurrences.filter(\.isDefinition)
        let endings = Set(index.endings)
        var phases: [String] = []
        var byPhase: [String: [DocumentSymbol]] = [:]
        for occurrence in definitions where occurrence.kind == .target && !endings.contains(occurrence.name) {
            let phase = index.nodePhases[occurrence.name] ?? "?"
            if byPhase[phase] == nil { phases.append(phase) }
            let line = analysis.scenario?.node(occurrence.name)?.customer.first.map { Server.short($0) }
            byPhase[phase, default: []].append(symbol(occurrence, .function, detail: line))
        }
        symbols += phases.compactMap { group($0, byPhase[$0] ?? []) }
        let endingSymbols = definitions.filter { $0.kind == .target && endings.contains($0.name) }.map {
            symbol($0, .event, detail: analysis.scenario?.ending($0.name)?.outcome.rawValue)
        }
        if let endingGroup = group("endings", endingSymbols) { symbols.append(endingGroup) }
        let rules = definitions.filter { $0.kind == .rule }.map { symbol($0, .function, detail: analysis.rulebook?.rule($0.name)?.title.zh) }
        if let ruleGroup = group("rules", rules) { symbols.append(ruleGroup) }
        let lexicons = definitions.filter { $0.kind == .lexicon }.map { symbol($0, .enumMember, detail: nil) }
        if let lexiconGroup = group("lexicons", lexicons) { symbols.append(lexiconGroup) }
        let variables = definitions.filter { $0.kind == .variable }.map { symbol($0, .variable, detail: nil) }
        if let stateGroup = group("state", variables) { symbols.append(stateGroup) }
        return symbols
    }
}
