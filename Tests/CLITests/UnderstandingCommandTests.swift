import Foundation
import Testing
import TestSupport

/// `calibrate`, `check --explain` and understanding in `play`, run as the real binary.
@Suite struct UnderstandingCommandTests {
    let salessim = CommandRunner()
    var corpora: String { PackagePaths.scenarios.appendingPathComponent("calibration").path }

    func temporaryFile(_ name: String, _ text: String) throws -> String {
        let folder = try PackagePaths.temporaryDirectory("calibrate")
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func calibrateReportsEveryCorpusOfTheLibrary() throws {
        // NB: every corpus of the library in a debug build beside the rest of the suite: the time
        // limit only stops a hang.
        let output = try salessim.run(["calibrate", corpora, "--errors", "3"], timeout: 600)
        #expect(output.status == 0, "\(output.stderr)")
        for name in ["rules-zh", "rules-en", "recognition"] { #expect(output.stdout.contains(name)) }
        #expect(output.stdout.contains("held-out"))
        #expect(output.stdout.contains("precision"))
        #expect(output.stdout.contains("kappa"))
        #expect(output.stdout.contains("false recognition"))
        #expect(output.stdout.contains("errors ("))
    }

    @Test func calibrateFailsUnderTheMinimumAndSaysWhy() throws {
        let output = try salessim.run(["calibrate", corpora + "/rules-en.held-out.yaml", "--min-agreement", "99.9", "--errors", "0"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("under the minimum"))
    }

    @Test func calibrateJSONCarriesTheMeasuresAndTheWrongCases() throws {
        let output = try salessim.run(["calibrate", corpora + "/recognition.held-out.yaml", "--json"])
        #expect(output.status == 0)
        let reports = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        let report = try #require(reports.first)
        #expect(report["corpus"] as? String == "recognition")
        #expect(report["split"] as? String == "held-out")
        #expect((report["recognitionRate"] as? Double ?? 0) > 0.5)
        #expect(report["falseRecognitionRate"] is Double)
        #expect(report["errors"] is [Any])
    }

    @Test func calibrateByStyleGroupsTheCases() throws {
        let output = try salessim.run(["calibrate", corpora + "/rules-zh.held-out.yaml", "--by", "style", "--errors", "0"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("cantonese"))
        #expect(output.stdout.contains("gaming"))
    }

    @Test func aBrokenCorpusIsReportedWithPositionsAndExitTwo() throws {
        let path = try temporaryFile("broken.yaml", """
        corpus: broken
        split: tune
        rule-cases:
          - context: {phase: objektion, temperament: hesitant, role: decision-maker, kind: new}
            text: "是的"
            expect: {objection.yes-but: maybe}
        """)
        let output = try salessim.run(["calibrate", path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("broken.yaml:4:22: error: [SC0015]"))
        #expect(output.stderr.contains("did you mean 'objection'"))
        #expect(output.stderr.contains("broken.yaml:6:33: error: [SC0015]"))
    }

    @Test func calibrateOfAMissingFileOrEmptyFolderIsAnError() throws {
        let missing = try salessim.run(["calibrate", "/no/such/corpus.yaml"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no such file or folder: /no/such/corpus.yaml"))
        let empty = try PackagePaths.temporaryDirectory("calibrate-empty")
        let none = try salessim.run(["calibrate", empty.path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no corpus files"))
    }

    @Test func lintChecksCorporaAsCorporaAndNamesUnknownRules() throws {
        let path = try temporaryFile("corpus.yaml", """
        corpus: mine
        split: tune
        rule-cases:
          - context: {phase: objection, temperament: hesitant, role: decision-maker, kind: new}
            text: "是的，可是省墨"
            expect: {objection.yes-butt: met}
        """)
        let output = try salessim.run(["lint", path])
        #expect(output.status == 1)
        #expect(output.stdout.contains("corpus.yaml:6:14: error: [SC0008] unknown rule 'objection.yes-butt'; did you mean 'objection.yes-but'?"))
        let library = try salessim.run(["lint", corpora])
        #expect(library.status == 0, "\(library.stdout)")
    }

    @Test func checkExplainSaysWhatWasMissingAfterAMarker() throws {
        let output = try salessim.run(["check", "--explain", "--phase", "objection", "是的是的，可是"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("objection.yes-but         missed"))
        #expect(output.stdout.contains("→ 「可是"))
        #expect(output.stdout.contains("之后没有给出理由"))
        let english = try salessim.run(["check", "--explain", "--lang", "en", "--phase", "objection", "I hear you, that's fair"])
        #expect(english.stdout.contains("→ you said"))
        #expect(english.stdout.contains("but nothing followed with words like"))
    }

    @Test func checkWithAScenarioNodeShowsHowTheReplyIsUnderstood() throws {
        let output = try salessim.run(["check", "--scenario", "payment-delay", "--node", "plan", "6号下午送过去，5号他们大客户回款，下午收钱比较顺"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("在节点 'plan'：按相近说法理解为第 1 种回答"))
        let json = try salessim.run(["check", "--json", "--scenario", "payment-delay", "--node", "plan", "今天天气不错"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let recognition = try #require(object["recognition"] as? [String: Any])
        #expect(recognition["by"] as? String == "none")
        #expect(recognition["node"] as? String == "plan")
    }

    @Test func checkWithAnUnknownNodeSuggestsTheClosest() throws {
        let output = try salessim.run(["check", "--scenario", "payment-delay", "--node", "plann", "你好"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("no node 'plann' in scenario 'payment-delay'; did you mean 'plan'?"))
    }

    @Test func playSaysWhenAReplyWasUnderstoodBySimilarity() throws {
        let folder = try PackagePaths.temporaryDirectory("play-similarity")
        let input = folder.appendingPathComponent("replies.txt")
        try "6号下午送过去，5号他们大客户回款，下午收钱比较顺\n/quit\n".write(to: input, atomically: true, encoding: .utf8)
        let output = try salessim.run(["play", "payment-delay", "--input", input.path, "--db", folder.appendingPathComponent("store.sqlite").path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("按相近说法理解为第 1 种回答"))
        #expect(output.stdout.contains("相似度 0."))
    }
}
