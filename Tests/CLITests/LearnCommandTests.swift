import Foundation
import Testing
import TestSupport

/// `salessim learn` and the learned model in `calibrate`, run as the real binary.
@Suite struct LearnCommandTests {
    let salessim = CommandRunner()
    var corpora: String { PackagePaths.scenarios.appendingPathComponent("calibration").path }

    @Test func learnWritesAModelFromTuneParts() throws {
        let folder = try PackagePaths.temporaryDirectory("learn")
        let out = folder.appendingPathComponent("model.tsv").path
        let output = try salessim.run(["learn", corpora + "/rules-ae.tune.yaml", corpora + "/rules-ae-en.tune.yaml", "--out", out, "--min-replies", "3"], timeout: 300)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("learned ") && output.stdout.contains("200 labelled replies"))
        #expect(output.stdout.contains("wrote \(out)"))
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(text.hasPrefix("salessim-learned-verdicts 1\n"))
        #expect(text.hasSuffix("end\n"))
    }

    @Test func learnRefusesAHeldOutPartAndBadSettings() throws {
        let heldOut = try salessim.run(["learn", corpora + "/rules-ae.held-out.yaml", "--out", "/dev/null"])
        #expect(heldOut.status == 2)
        #expect(heldOut.stderr.contains("held-out part"))
        let threshold = try salessim.run(["learn", "--threshold", "1.5", "--out", "/dev/null"])
        #expect(threshold.status == 2 && threshold.stderr.contains("--threshold"))
        let missing = try salessim.run(["learn", "/no/such/corpus.yaml", "--out", "/dev/null"])
        #expect(missing.status == 2 && missing.stderr.contains("no such file"))
    }

    /// The library's model is in use: the detectors alone agree less on a corpus it learned from.
    @Test func calibrateUsesTheLearnedModelUnlessAskedNotTo() throws {
        func agreement(_ extra: [String]) throws -> Double {
            let output = try salessim.run(["calibrate", corpora + "/rules-ae.tune.yaml", "--json", "--errors", "0"] + extra, timeout: 300)
            #expect(output.status == 0, "\(output.stderr)")
            let reports = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
            return try #require(reports.first?["agreement"] as? Double)
        }
        let learned = try agreement([])
        let detectors = try agreement(["--detectors-only"])
        #expect(learned > detectors)
        let table = try salessim.run(["calibrate", corpora + "/rules-ae.tune.yaml", "--errors", "0"], timeout: 300)
        #expect(table.stdout.contains("unlabelled changed"))
    }
}
