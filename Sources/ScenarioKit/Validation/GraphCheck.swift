/// The scenario as a graph: which nodes are reachable, and from which an ending can be reached.
public enum GraphCheck {
    /// Edges from a node: the `next` of each reply and of `otherwise`.
    public static func successors(of node: ScenarioNode) -> [String] {
        (node.replies.map(\.response) + [node.otherwise].compactMap { $0 }).compactMap { $0.next?.value }
    }

    static func check(_ scenario: Scenario) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let nodesByID = Dictionary(scenario.nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let endingIDs = Set(scenario.endings.map(\.id))
        guard nodesByID[scenario.start.value] != nil else { return [] }

        // Forward reachability from start.
        var reached: Set<String> = [scenario.start.value]
        var queue = [scenario.start.value]
        var reachedEndings: Set<String> = []
        while let id = queue.popLast() {
            for next in nodesByID[id].map(successors) ?? [] {
                if endingIDs.contains(next) { reachedEndings.insert(next); continue }
                if nodesByID[next] != nil, reached.insert(next).inserted { queue.append(next) }
            }
        }
        for node in scenario.nodes where !reached.contains(node.id) {
            diagnostics.append(.warning(.unreachableNode, "node '\(node.id)' cannot be reached from 'start' ('\(scenario.start.value)')", at: node.location))
        }

        // Conditional endings can fire from any reached node whose turns change what they read.
        // (Linear in nodes plus endings: a node can trigger some ending exactly when it changes
        // a variable that some ending reads, and an ending is reached exactly when it reads a
        // variable that some reached node changes.)
        let conditional = scenario.endings.filter { $0.when != nil }
        var changedVariables: [String: Set<String>] = [:]
        for node in scenario.nodes {
            let effects = (node.replies.map(\.response) + [node.otherwise].compactMap { $0 }).flatMap(\.effects)
            changedVariables[node.id] = Set(effects.map(\.variable))
        }
        var changedInReached: Set<String> = []
        for id in reached { changedInReached.formUnion(changedVariables[id] ?? []) }
        var readByConditional: Set<String> = []
        for ending in conditional {
            let read = Set(ending.when?.value.variables.map(\.name) ?? [])
            readByConditional.formUnion(read)
            if !read.isDisjoint(with: changedInReached) || isInitiallyTrue(ending, scenario) {
                reachedEndings.insert(ending.id)
            }
        }

        // Backward: nodes that can reach an ending.
        var exits: Set<String> = []
        for node in scenario.nodes {
            if successors(of: node).contains(where: endingIDs.contains) || !(changedVariables[node.id] ?? []).isDisjoint(with: readByConditional) {
                exits.insert(node.id)
            }
        }
        var predecessors: [String: [String]] = [:]
        for node in scenario.nodes {
            for next in successors(of: node) { predecessors[next, default: []].append(node.id) }
        }
        var work = Array(exits)
        while let id = work.popLast() {
            for previous in predecessors[id] ?? [] where exits.insert(previous).inserted { work.append(previous) }
        }
        for node in scenario.nodes where reached.contains(node.id) && !exits.contains(node.id) {
            diagnostics.append(.error(.noExit, "no ending can be reached from node '\(node.id)': a trainee who gets here can never finish (add a 'next' to an ending, or effects that a 'when' ending watches)", at: node.location))
        }
        for ending in scenario.endings where !reachedEndings.contains(ending.id) {
            diagnostics.append(.warning(.unusedEnding, "ending '\(ending.id)' is never reached", at: ending.location))
        }
        return diagnostics
    }

    private static func isInitiallyTrue(_ ending: Ending, _ scenario: Scenario) -> Bool {
        guard let when = ending.when?.value else { return false }
        return when.evaluate(in: scenario.initialState) == .bool(true)
    }
}
