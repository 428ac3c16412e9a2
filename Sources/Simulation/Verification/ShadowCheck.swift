import Matching
import ScenarioKit

/// [SC0026]: a reply whose pattern never decides, because an earlier reply's pattern matches every
/// text it matches and covers at least as much of it (the engine then takes the earlier reply).
///
/// "Every text" is approximated soundly enough for authors: the later reply's option text, its
/// examples, and one text per literal alternative of its own pattern. Replies with different
/// `if:` conditions are not compared (one may be offered when the other is not), and two replies
/// with the very same pattern are left to [SC0021].
enum ShadowCheck {
    static func check(_ context: VerificationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let matcher = context.matcher
        for node in context.scenario.nodes {
            for (index, reply) in node.replies.enumerated() {
                guard let match = reply.match else { continue }
                let candidates = (reply.option.map { [$0] } ?? []) + reply.examples.map(\.value)
                    + PatternWitness.texts(for: match.pattern, lexicons: matcher.lexicons)
                // The texts this reply's own pattern takes, with how much of each it covers; built
                // as needed (most earlier patterns fail on the first text, and a pattern of
                // lexicons has hundreds).
                var witnesses: [Int: (text: NormalizedText, coverage: Int)?] = [:]
                func witness(_ number: Int) -> (text: NormalizedText, coverage: Int)? {
                    if let known = witnesses[number] { return known }
                    let text = NormalizedText(candidates[number])
                    let result = matcher.match(match.pattern, in: text)
                    let made = result.matched ? (text, result.coverage) : nil
                    witnesses[number] = made
                    return made
                }
                for (earlierIndex, earlier) in node.replies[..<index].enumerated() {
                    guard let earlierMatch = earlier.match, earlierMatch.source != match.source,
                          earlier.condition == nil || earlier.condition?.value == reply.condition?.value else { continue }
                    var alwaysWins = false
                    for number in candidates.indices {
                        guard let witness = witness(number) else { continue }
                        let result = matcher.match(earlierMatch.pattern, in: witness.text)
                        alwaysWins = result.matched && result.coverage >= witness.coverage
                        if !alwaysWins { break }
                    }
                    guard alwaysWins else { continue }
                    let fate = reply.option == nil && reply.examples.isEmpty
                        ? "so it can never be taken"
                        : "so it is only ever taken by similarity to its examples"
                    let message = "the 'match' of \(VerificationContext.name(index, node)) never decides: reply \(earlierIndex + 1)'s 'match' (\(earlierMatch.source)) matches every text it matches and comes first, \(fate); narrow reply \(earlierIndex + 1)'s pattern, give it an 'if', or move reply \(index + 1) above it"
                    diagnostics.append(.error(.shadowedReply, message, at: match.location))
                    break
                }
            }
        }
        return diagnostics
    }
}
