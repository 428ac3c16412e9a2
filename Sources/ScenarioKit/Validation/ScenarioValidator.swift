import Matching

/// Checks what a scenario means, after it has been read: targets, lexicons, rules, variables,
/// and the shape of its graph (reachability, exits, endings).
public enum ScenarioValidator {
    public static func validate(_ scenario: Scenario, rulebook: Rulebook?) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func error(_ code: DiagnosticCode, _ message: String, _ at: SourceLocation) { diagnostics.append(.error(code, message, at: at)) }
        func warning(_ code: DiagnosticCode, _ message: String, _ at: SourceLocation) { diagnostics.append(.warning(code, message, at: at)) }
        var spelling = Spelling.Budget()

        // Ids: nodes and endings share one namespace.
        var targets: [String: SourceLocation] = [:]
        for (id, location) in scenario.nodes.map({ ($0.id, $0.location) }) + scenario.endings.map({ ($0.id, $0.location) }) {
            if let first = targets[id] {
                error(.duplicate, "'\(id)' is already used as a node or ending id at line \(first.line)", location)
            } else {
                targets[id] = location
            }
        }
        let allTargets = Array(targets.keys).sorted()
        func checkTarget(_ target: Located<String>, _ what: String) {
            guard targets[target.value] == nil else { return }
            var message = "\(what) unknown node or ending '\(target.value)'"
            if let suggestion = spelling.closest(to: target.value, in: allTargets) { message += "; did you mean '\(suggestion)'?" }
            error(.unknownTarget, message, target.location)
        }
        if !scenario.start.value.isEmpty {
            if scenario.node(scenario.start.value) == nil {
                if scenario.ending(scenario.start.value) != nil {
                    error(.unknownTarget, "'start' must name a node, not the ending '\(scenario.start.value)'", scenario.start.location)
                } else {
                    checkTarget(scenario.start, "'start' names")
                }
            }
        }

        // Lexicons, rules, variables.
        let rulebookLexicons = rulebook?.lexicons ?? LexiconTable()
        let lexiconNames = rulebookLexicons.nameSet.union(scenario.lexicons.keys)
        func checkPattern(_ compiled: CompiledPattern?) {
            guard let compiled else { return }
            for name in compiled.pattern.lexiconReferences where !lexiconNames.contains(name) {
                var message = "unknown lexicon '@\(name)'"
                if let suggestion = spelling.closest(to: name, in: lexiconNames.sorted()) { message += "; did you mean '@\(suggestion)'?" }
                error(.unknownLexicon, message, compiled.location)
            }
        }
        let ruleIDs = rulebook.map { $0.rules.map(\.id) } ?? ManualRules.ids
        func checkJudgments(_ judgments: [Judgment]) {
            for judgment in judgments where !ruleIDs.contains(judgment.rule) {
                var message = "unknown rule '\(judgment.rule)'"
                if let suggestion = spelling.closest(to: judgment.rule, in: ruleIDs) { message += "; did you mean '\(suggestion)'?" }
                error(.unknownRule, message, judgment.location)
            }
        }
        var declared: [String: ValueType] = [:]
        for variable in scenario.state {
            if declared[variable.name] != nil {
                error(.duplicate, "state variable '\(variable.name)' is declared twice", variable.location)
            }
            declared[variable.name] = variable.initial.type
        }
        func checkExpression(_ expression: Located<Expression>?, _ what: String, wanted: ValueType?) {
            guard let expression else { return }
            do {
                let type = try expression.value.type(in: declared)
                if let wanted, type != wanted {
                    error(.expression, "\(what) must be \(wanted.rawValue), but this expression gives \(type.rawValue)", expression.location)
                }
            } catch {
                let code: DiagnosticCode = error.isUndefinedVariable ? .undefinedVariable : .expression
                var message = "in \(what): \(error.message)"
                if error.isUndefinedVariable, let name = expression.value.variables.first(where: { declared[$0.name] == nil })?.name,
                   let suggestion = spelling.closest(to: name, in: declared.keys.sorted()) {
                    message += "; did you mean '\(suggestion)'?"
                } else if error.isUndefinedVariable {
                    message += " (declare it under 'state:')"
                }
                diagnostics.append(.error(code, message, at: expression.location))
            }
        }
        func checkEffects(_ effects: [Effect]) {
            for effect in effects {
                guard let type = declared[effect.variable] else {
                    var message = "'\(effect.variable)' is not a state variable"
                    if let suggestion = spelling.closest(to: effect.variable, in: declared.keys.sorted()) { message += "; did you mean '\(suggestion)'?" } else { message += " (declare it under 'state:')" }
                    error(.undefinedVariable, message, effect.location)
                    continue
                }
                switch effect.operation {
                case .add:
                    if type != .int { error(.undefinedVariable, "'\(effect.variable)' is true/false; it cannot be increased or decreased", effect.location) }
                case let .assign(expression):
                    if let actual = try? expression.type(in: declared), actual != type {
                        error(.undefinedVariable, "'\(effect.variable)' is \(type.rawValue), so it cannot be set to \(actual.rawValue)", effect.location)
                    } else {
                        checkExpression(Located(expression, at: effect.location), "the value of '\(effect.variable)'", wanted: type)
                    }
                }
            }
        }
        func checkResponse(_ response: Response, _ what: String) {
            if let next = response.next { checkTarget(next, "\(what) goes to") }
            checkEffects(response.effects)
            checkJudgments(response.judge)
        }
        for node in scenario.nodes {
            for (index, reply) in node.replies.enumerated() {
                checkPattern(reply.match)
                checkExpression(reply.condition, "'if'", wanted: .bool)
                checkJudgments(reply.judge)
                checkResponse(reply.response, "reply \(index + 1) of node '\(node.id)'")
                if let match = reply.match, reply.condition == nil,
                   let earlier = node.replies[..<index].firstIndex(where: { $0.match?.source == match.source && $0.condition == nil }) {
                    diagnostics.append(.warning(.deadReply, "reply \(index + 1) of node '\(node.id)' has the same 'match' as reply \(earlier + 1) and no 'if', so reply \(earlier + 1) always wins", at: match.location))
                }
                if !reply.hasMatch && reply.option == nil {
                    diagnostics.append(.warning(.deadReply, "reply \(index + 1) of node '\(node.id)' has neither 'match' nor 'option', so it can never be chosen", at: reply.location))
                }
            }
            if let otherwise = node.otherwise { checkResponse(otherwise, "'otherwise' of node '\(node.id)'") }
            checkRuleScope(of: node)
            for target in node.ahead {
                if target.value == node.id {
                    error(.invalidValue, "node '\(node.id)' lists itself in 'ahead'; name the later nodes whose replies are accepted here", target.location)
                } else if scenario.ending(target.value) != nil {
                    error(.unknownTarget, "'ahead' of node '\(node.id)' must name a node, not the ending '\(target.value)'", target.location)
                } else if scenario.node(target.value) == nil {
                    checkTarget(target, "'ahead' of node '\(node.id)' names")
                } else if !reachable(from: node.id, to: target.value, in: scenario) {
                    warning(.invalidValue, "'ahead' of node '\(node.id)' names '\(target.value)', which no path from '\(node.id)' leads to: a reply there would jump the trainee somewhere the visit never goes", target.location)
                }
            }
        }
        func checkRuleScope(of node: ScenarioNode) {
            var seen = Set<String>()
            for rule in node.rulesOff {
                if !ruleIDs.contains(rule.value) {
                    var message = "unknown rule '\(rule.value)' in 'rules: off' of node '\(node.id)'"
                    if let suggestion = spelling.closest(to: rule.value, in: ruleIDs) { message += "; did you mean '\(suggestion)'?" }
                    error(.unknownRule, message, rule.location)
                } else if !seen.insert(rule.value).inserted {
                    warning(.ruleScope, "rule '\(rule.value)' is switched off twice at node '\(node.id)'", rule.location)
                }
            }
            // A switchboard or a receptionist: the phase's rules about the decision-maker's
            // meeting cannot be met here, and a missed verdict would cost the trainee points.
            guard let rulebook, node.role == .gatekeeper, scenario.customer.role != .gatekeeper else { return }
            // Phase-scoped rules are judged once per stretch of consecutive turns in one phase: a
            // gatekeeper's turn only costs points when it can be a stretch on its own (entered
            // from another phase or at the start, and left to another phase or an ending).
            func targets(_ candidate: ScenarioNode) -> [String] {
                (candidate.replies.map(\.response) + [candidate.otherwise].compactMap { $0 }).compactMap { $0.next?.value }
            }
            let entered = scenario.nodes.filter { $0.id != node.id && targets($0).contains(node.id) }
            let startsStretch = scenario.start.value == node.id || entered.contains { $0.phase != node.phase }
            let endsStretch = targets(node).contains { target in
                target != node.id && (scenario.node(target).map { $0.phase != node.phase } ?? true)
            }
            guard startsStretch && endsStretch else { return }
            let context = TurnContext(phase: node.phase, temperament: scenario.customer.temperament, role: .gatekeeper, kind: scenario.customer.kind)
            let judgedByAuthor = Set(node.replies.flatMap { $0.judge.map(\.rule) + $0.response.judge.map(\.rule) })
            // NB: only a rule that gives "missed" when the move is not made here can cost points;
            // one that only rewards the move in this context (otherwise: not-applicable) cannot.
            let spilled = rulebook.rules.filter { rule in
                rule.scope == .phase && rule.applies.includes(context) && node.judges(rule.id) && !judgedByAuthor.contains(rule.id)
                    && rule.detector(for: context)?.otherwise == .missed
            }.map(\.id)
            guard !spilled.isEmpty else { return }
            warning(.ruleScope, "node '\(node.id)' is a gatekeeper's turn (role: gatekeeper) in phase '\(node.phase.rawValue)', where the rulebook judges \(spilled.map { "'\($0)'" }.joined(separator: ", ")) once per stretch of the phase: switch them off here with 'rules: {off: [\(spilled.joined(separator: ", "))]}', or judge them", node.location)
        }
        // Text variables: {trainee}, {customer}, a declared state variable; {reply} in clarify.
        func checkTexts(_ texts: [String?], _ what: String, at location: SourceLocation, allowing extra: [String] = []) {
            let known = TextTemplate.builtIn + declared.keys.sorted() + extra
            for text in texts.compactMap({ $0 }) {
                for name in TextTemplate.names(in: text) where !known.contains(name) {
                    var message = "unknown text variable '{\(name)}' in \(what)"
                    if let suggestion = spelling.closest(to: name, in: known) { message += "; did you mean '{\(suggestion)}'?" }
                    message += " (known: " + known.map { "{\($0)}" }.joined(separator: ", ") + ")"
                    error(.undefinedVariable, message, location)
                }
            }
        }
        for node in scenario.nodes {
            checkTexts(node.customer + [node.narration, node.hint], "node '\(node.id)'", at: node.location)
            checkTexts(node.clarify, "'clarify' of node '\(node.id)'", at: node.location, allowing: ["reply"])
            for (index, reply) in node.replies.enumerated() {
                checkTexts(reply.response.customer + [reply.response.narration], "reply \(index + 1) of node '\(node.id)'", at: reply.location)
            }
            if let otherwise = node.otherwise {
                checkTexts(otherwise.customer + [otherwise.narration], "'otherwise' of node '\(node.id)'", at: otherwise.location)
            }
        }
        for ending in scenario.endings {
            checkTexts(ending.customer + [ending.narration], "ending '\(ending.id)'", at: ending.location)
        }
        for ending in scenario.endings {
            checkExpression(ending.when, "'when'", wanted: .bool)
            checkJudgments(ending.judge)
        }
        for (name, phrases) in scenario.lexicons where phrases.value.isEmpty {
            warning(.invalidValue, "lexicon '\(name)' has no phrases", phrases.location)
        }

        diagnostics += GraphCheck.check(scenario)
        diagnostics += checkTests(scenario, targets: targets)
        return diagnostics
    }

    static func checkTests(_ scenario: Scenario, targets: [String: SourceLocation]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var names: Set<String> = []
        for test in scenario.tests {
            if !names.insert(test.name).inserted {
                diagnostics.append(.error(.duplicate, "two tests are named '\(test.name)'", at: test.location))
            }
            if let ending = test.expect.ending, scenario.ending(ending.value) == nil {
                diagnostics.append(.error(.invalidTest, "test '\(test.name)' expects unknown ending '\(ending.value)'", at: ending.location))
            }
            if let path = test.expect.path {
                for id in path.value where scenario.node(id) == nil {
                    diagnostics.append(.error(.invalidTest, "test '\(test.name)' expects a path through unknown node '\(id)'", at: path.location))
                }
            }
            if let low = test.expect.minScore, let high = test.expect.maxScore, low > high {
                diagnostics.append(.error(.invalidTest, "test '\(test.name)': min-score \(low) is above max-score \(high)", at: test.location))
            }
            if test.replies.isEmpty {
                diagnostics.append(.error(.invalidTest, "test '\(test.name)' has no replies", at: test.location))
            }
        }
        return diagnostics
    }

    /// Whether some chain of replies (`next:`, `otherwise`) leads from node `start` to node `goal`.
    static func reachable(from start: String, to goal: String, in scenario: Scenario) -> Bool {
        var seen: Set<String> = [start]
        var queue = [start]
        while let id = queue.popLast() {
            guard let node = scenario.node(id) else { continue }
            let targets = node.replies.compactMap(\.response.next?.value) + [node.otherwise?.next?.value].compactMap { $0 }
            for target in targets where !seen.contains(target) {
                if target == goal { return true }
                seen.insert(target)
                queue.append(target)
            }
        }
        return false
    }
}
