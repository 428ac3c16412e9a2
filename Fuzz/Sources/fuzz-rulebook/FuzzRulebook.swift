import FuzzSupport
import Matching
import ScenarioKit
import Scoring

/// The bytes as a rulebook: load it, render its diagnostics, and when it loads without errors
/// score a few replies with it in every phase.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let loaded = RulebookLoader.load(text: text, path: "rulebook.yaml")
    FuzzSupport.checkDiagnostics(loaded.diagnostics)
    var renderer = DiagnosticRenderer()
    renderer.addSource(loaded.text, path: "rulebook.yaml")
    for diagnostic in loaded.diagnostics.prefix(50) { _ = renderer.render(diagnostic) }
    guard let rulebook = loaded.value, !loaded.hasErrors else { return 0 }
    let scorer = Scorer(rulebook: rulebook)
    let replies = ["陈经理，这几瓶酱油的日期有点糊，夜班是不是容易堵喷头？", "是的，价格确实不低，可是省下的墨水钱一年就回本了",
                   "I can't give you a discount, but the ink saving pays for it.", ""]
    for phase in Phase.allCases {
        let context = TurnContext(phase: phase, temperament: .hesitant, role: .decisionMaker, kind: .new)
        for reply in replies { _ = scorer.score(reply: reply, context: context) }
    }
    return 0
}
