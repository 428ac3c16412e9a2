/// A ``Pattern`` flattened into a list of steps, to ask quickly whether it matches a reply.
///
/// Most patterns a reply is held against (a node's other replies, the rulebook's rules) do not
/// match it, so whether one matches is asked before its spans are gathered. Asked of the
/// pattern tree, that question retains and releases every part it visits (each `|` list, each
/// lexicon's name): a reply's hundreds of lexicon references paid more for that than for the
/// answers. A program holds the same tree as integers (a lexicon by its name's process-wide
/// number, a phrase by its place in ``phrases``), walked over unsafe buffers.
///
/// Made once per pattern, where the pattern is compiled: ``Matcher/match(_:in:memo:)-(PatternProgram,_,_)``
/// answers exactly as for the pattern, spans and all.
public final class PatternProgram: Sendable {
    /// What a step asks.
    enum Kind: UInt8 {
        /// `a`: the phrase's place in ``phrases``.
        case phrase
        /// `a`: the lexicon name's process-wide number.
        case lexicon
        /// `a`, `b`: the children's place in ``children`` and their count.
        case anyOf, allOf
        /// `a`: the place of the two parts in ``children``.
        case followedBy
        /// `a`: the step of the part that must not be said.
        case not
    }

    struct Step {
        var kind: Kind
        var a: Int32
        var b: Int32
    }

    let steps: [Step]
    let children: [Int32]
    let phrases: [Phrase]
    /// The step the pattern starts at.
    let root: Int32

    public init(_ pattern: Pattern) {
        var steps: [Step] = [], children: [Int32] = [], phrases: [Phrase] = []
        func add(_ pattern: Pattern) -> Int32 {
            let step: Step
            switch pattern {
            case let .phrase(phrase):
                phrases.append(phrase)
                step = Step(kind: .phrase, a: Int32(phrases.count - 1), b: 0)
            case let .lexicon(name):
                step = Step(kind: .lexicon, a: Int32(name.number), b: 0)
            case let .anyOf(parts), let .allOf(parts):
                let numbers = parts.map(add)
                let start = Int32(children.count)
                children += numbers
                if case .anyOf = pattern {
                    step = Step(kind: .anyOf, a: start, b: Int32(numbers.count))
                } else {
                    step = Step(kind: .allOf, a: start, b: Int32(numbers.count))
                }
            case let .followedBy(first, second):
                let numbers = [add(first), add(second)]
                let start = Int32(children.count)
                children += numbers
                step = Step(kind: .followedBy, a: start, b: 2)
            case let .not(inner):
                step = Step(kind: .not, a: add(inner), b: 0)
            }
            steps.append(step)
            return Int32(steps.count - 1)
        }
        root = add(pattern)
        self.steps = steps
        self.children = children
        self.phrases = phrases
    }
}
