import Foundation
import Matching
import ScenarioKit

/// [SC0025]: every `option:` text and `examples:` entry of a reply is taken as that reply at its
/// node, by the engine's own decision (``Session/recognise(_:)``), as if a trainee typed it.
///
/// A guided trainee who reads an option types exactly its words; an example is there to teach
/// similarity what the reply sounds like. Either taken by another reply, or by none, is an error.
enum RecognitionCheck {
    static func check(_ context: VerificationContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for node in context.scenario.nodes {
            for (index, reply) in node.replies.enumerated() {
                var texts: [(what: String, text: String, location: SourceLocation)] = []
                if let option = reply.option { texts.append(("the option text", option, reply.optionLocation ?? reply.location)) }
                for (number, example) in reply.examples.enumerated() {
                    texts.append(("example \(number + 1)", example.value, example.location))
                }
                guard !texts.isEmpty, let session = context.session(at: node, offering: reply) else { continue }
                for item in texts {
                    if !reply.list, NormalizedText(item.text).isKeywordList {
                        let message = "\(item.what) of \(VerificationContext.name(index, node)) reads as a bare list of keywords, which the engine never takes as a reply (a trainee who types it gets 'otherwise'); write it as a sentence, as a trainee would say it, or mark the reply 'list: true' if naming a list is its move"
                        diagnostics.append(.error(.notOwnReply, message, at: item.location))
                        continue
                    }
                    guard let recognition = session.recognise(item.text),
                          let problem = problem(recognition, expected: index, at: node, in: context.scenario) else { continue }
                    let message = "\(item.what) of \(VerificationContext.name(index, node)) \(problem)"
                    diagnostics.append(.error(.notOwnReply, message, at: item.location))
                }
            }
        }
        return diagnostics
    }

    /// What went wrong, as the end of a sentence; nil when the text is taken as reply `expected` at `node`.
    static func problem(_ recognition: Recognition, expected: Int, at node: ScenarioNode, in scenario: Scenario) -> String? {
        if recognition.isTaken, recognition.node == node.id, recognition.index == expected { return nil }
        let similarity = recognition.similarity.map { String(format: "%.2f", $0) }
        switch recognition.by {
        case .none:
            var text = "is not understood: no pattern at the node matches it"
            if let similarity, let closest = recognition.index {
                text += " and its similarity to reply \(closest + 1) (\(similarity)) is not clearly ahead, so 'otherwise' answers"
            } else {
                text += " and no reply's examples are close, so 'otherwise' answers"
            }
            return text + "; add words to reply \(expected + 1)'s 'match' that cover it"
        case .clarification:
            let about = recognition.index.map { " about reply \($0 + 1)" } ?? ""
            return "is not clearly understood: the customer asks back\(about) (similarity \(similarity ?? "?")); add words to reply \(expected + 1)'s 'match' that cover it"
        case .pattern, .similarity, .confirmation:
            let taken = recognition.index.map { $0 + 1 } ?? 0
            let how = recognition.by == .pattern ? "by its pattern" : "by similarity \(similarity ?? "?")"
            if recognition.node != node.id {
                return "is taken as reply \(taken) of the later node '\(recognition.node)' (\(how), through 'ahead'); add words to reply \(expected + 1)'s 'match' that cover it"
            }
            return "is taken as reply \(taken) (\(how)), not as its own reply: a trainee who says it gets reply \(taken)'s answer; narrow reply \(taken)'s 'match' or reword the text"
        }
    }
}
