import Foundation
import ScenarioKit

/// Loads scenarios and rulebooks for tests, failing loudly when a fixture has errors.
public enum Fixtures {
    public struct Broken: Error, CustomStringConvertible {
        public var description: String
    }

    /// The small rulebook of the loader fixtures.
    public static var rulebookPath: String {
        PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures/rulebook.yaml").path
    }

    public static func rulebook(_ path: String = rulebookPath) throws -> Rulebook {
        let result = RulebookLoader.load(path: path)
        guard let rulebook = result.value, !result.hasErrors else { throw Broken(description: "\(result.diagnostics)") }
        return rulebook
    }

    /// A scenario from YAML text, validated against `rulebook`.
    public static func scenario(_ text: String, rulebook: Rulebook? = nil) throws -> Scenario {
        let result = ScenarioLoader.load(text: text, path: "inline.yaml")
        guard let scenario = result.value else { throw Broken(description: "\(result.diagnostics)") }
        let problems = result.diagnostics + ScenarioValidator.validate(scenario, rulebook: rulebook)
        if problems.contains(where: { $0.severity == .error }) { throw Broken(description: "\(problems)") }
        return scenario
    }

    /// The every-feature fixture scenario.
    public static func everyFeature() throws -> Scenario {
        let path = PackagePaths.root.appendingPathComponent("Tests/ScenarioKitTests/Fixtures/valid/every-feature/scenario.yaml").path
        guard let scenario = ScenarioLoader.load(path: path).value else { throw Broken(description: "cannot load \(path)") }
        return scenario
    }
}
