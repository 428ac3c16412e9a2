import Foundation
import FuzzSupport
import Matching
import ScenarioKit
import Simulation

/// The bytes as a scenario file: load, validate against the built-in rulebook, render every
/// diagnostic with its snippet, and for a scenario without errors play its golden tests and a
/// short scripted walk. Every step is bounded (a session ends after `Session.maximumTurns`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let rulebook = FuzzSupport.rulebook
    let bytes = Data(bytes: data, count: size)
    let loaded = ScenarioLoader.load(data: bytes, path: "fuzz.yaml")
    FuzzSupport.checkDiagnostics(loaded.diagnostics)
    var renderer = DiagnosticRenderer()
    renderer.addSource(loaded.text, path: "fuzz.yaml")
    for diagnostic in loaded.diagnostics.prefix(50) { _ = renderer.render(diagnostic) }
    guard let scenario = loaded.value else {
        FuzzSupport.require(loaded.hasErrors, "no scenario and no error")
        return 0
    }
    let semantic = ScenarioValidator.validate(scenario, rulebook: rulebook)
    FuzzSupport.checkDiagnostics(semantic)
    for diagnostic in semantic.prefix(50) { _ = renderer.render(diagnostic) }
    guard !loaded.hasErrors, !semantic.contains(where: { $0.severity == .error }) else { return 0 }

    // The golden tests, as `salessim test` runs them.
    let playthrough = Playthrough(scenario: scenario, rulebook: rulebook)
    for test in scenario.tests.prefix(8) {
        let result = playthrough.run(test)
        FuzzSupport.require(result.session.turns.count <= Session.maximumTurns, "a session outlived its turn limit")
        _ = result.session.scorecard
    }

    // A scripted walk: options when there are some, else the node's own words, else a fixed reply.
    var session = Session(scenario: scenario, rulebook: rulebook, seed: UInt64(size))
    session.start()
    var step = 0
    while !session.isFinished, step < 60, session.node != nil {
        step += 1
        let options = session.options
        if step % 7 == 3 { _ = session.useHint() }
        if !options.isEmpty, step % 3 != 0 {
            FuzzSupport.require(session.choose(option: options[step % options.count].number) != nil, "a listed option was refused")
        } else if let node = session.node, let line = node.customer.first, step % 2 == 0 {
            session.reply(line)
        } else {
            session.reply(step % 2 == 0 ? "您好，我是晨讯电子的小李" : "thank you, not now")
        }
    }
    _ = session.scorecard
    return 0
}
