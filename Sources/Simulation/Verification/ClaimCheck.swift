import Matching
import ScenarioKit

/// [SC0027]: the customer's answer to a reply names a number, time or amount (四小时, 24 hours,
/// 30%) or a product or brand name (VOC, Videojet) that the reply's pattern does not require, so a trainee who never said it hears the
/// customer answer it ("四小时？" after a reply that only said 服务).
///
/// A claim is required when every text the pattern matches must contain it: a phrase naming it
/// on every alternative of `|` (see ``PatternWitness/requires(_:_:_:)``). A reply without a
/// pattern is taken by its option's words (or by similarity), so its option must name it.
/// Figures the customer brings in himself ("二十年生意", "分机803") are his to say: only a figure
/// the reply's own words (option, examples) name, or one the customer asks back (「四小时？」), is checked.
enum ClaimCheck {
    static func check(_ context: VerificationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let lexicons = context.matcher.lexicons
        let scenario = context.scenario
        for node in scenario.nodes {
            for (index, reply) in node.replies.enumerated() {
                let traineeClaims = ([reply.option ?? ""] + reply.examples.map(\.value)).flatMap(Claim.claims(in:))
                for (line, text) in reply.response.customer.enumerated() {
                    let location = line < reply.response.customerLocations.count ? reply.response.customerLocations[line] : reply.response.location
                    var reported: Set<Claim> = []
                    for claim in Claim.claims(in: text) where !reported.contains(claim) {
                        // The trainee's figure: one the author wrote in the reply's words, or one the
                        // customer repeats back as a question (「四小时？」). Any other is his own to say.
                        guard traineeClaims.contains(where: { $0.sameAs(claim) }) || claim.isAskedBack else { continue }
                        guard !required(claim, by: reply, lexicons) else { continue }
                        reported.insert(claim)
                        let message = "the customer's answer to \(VerificationContext.name(index, node)) names 「\(claim.written)」, but its \(reply.match == nil ? "option" : "'match'") does not require it: a trainee who never said it hears the customer answer it; word the answer neutrally (without the figure), or give the figure its own reply whose 'match' requires it"
                        diagnostics.append(.warning(.unsaidClaim, message, at: location))
                    }
                }
            }
        }
        return diagnostics
    }

    /// Whether every text that takes `reply` by its pattern names `claim` (the option, without a pattern).
    static func required(_ claim: Claim, by reply: Reply, _ lexicons: LexiconTable) -> Bool {
        // A name is said in any case ('voc' in a lexicon is VOC); a figure in any of its forms.
        let contains: (String) -> Bool = claim.unit == "name"
            ? { text in text.lowercased().contains(claim.value) }
            : { text in Claim.claims(in: text).contains { $0.sameAs(claim) } }
        guard let match = reply.match else { return reply.option.map(contains) ?? false }
        return PatternWitness.requires(match.pattern, lexicons, contains)
    }
}
