import Matching
import Testing

/// Two noes make a yes: a refusal phrase under a second negation is not a refusal.
@Suite struct DoubleNegationTests {
    let matcher = Matcher(lexicons: LexiconTable(["refuse": ["不能延期", "can't delay", "can't push"]]))

    func refuses(_ text: String) -> Bool { matcher.match(.lexicon("refuse"), in: NormalizedText(text)).matched }

    @Test(arguments: ["没有不能延期的道理", "不是不能延期", "并不是不能延期，您看着办", "It's not that we can't delay it.", "There's no reason we can't push it a month."])
    func aDoubleNegationIsNotARefusal(_ text: String) {
        #expect(!refuses(text))
    }

    @Test(arguments: ["我们不能延期", "不会也不能延期", "不不不，不能延期", "No, we can't delay it.", "Sorry, we can't delay the payment."])
    func aRefusalStaysARefusal(_ text: String) {
        #expect(refuses(text))
    }
}
