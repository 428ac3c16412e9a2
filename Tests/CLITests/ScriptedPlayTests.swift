import Foundation
import Testing
import TestSupport

/// `salessim play` without a terminal: piped stdin or `--input FILE`, plain lines, no escape
/// codes, `--json` for tools. Every meta-command and every kind of bad input.
@Suite struct ScriptedPlayTests {
    let salessim = CommandRunner(environment: ["XDG_STATE_HOME": NSTemporaryDirectory() + "salessim-scripted"])
    let library = ["--scenarios", PackagePaths.scenarios.path]
    let model = ["您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理。"]

    func play(_ input: Data, _ extra: [String] = []) throws -> CommandRunner.Output {
        try salessim.run(["play", "demo-first-visit", "--seed", "3"] + library + extra, input: input)
    }

    func json(_ output: CommandRunner.Output) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func pipedRepliesPlayAVisitWithoutEscapeCodes() throws {
        let output = try play(Data((model + ["/quit"]).joined(separator: "\n").utf8))
        #expect(output.status == 0)
        #expect(output.stdout.contains("前台：好的，您稍等。"))
        #expect(!output.stdout.contains("\u{1B}"))
    }

    @Test func everyMetaCommandWorksFromAScript() throws {
        let script = ["/help", "/profile", "/hint", "/options", "1", "/why", "/score", "/restart", "/nonsense", "/quit"]
        let output = try play(Data(script.joined(separator: "\n").utf8))
        #expect(output.status == 0)
        for expected in ["/restart   重新开始这次拜访", "客户档案：", "💡", "  1. 您好，我是晨讯电子的小李", "上一轮的判定：", "目前：", "重新开始这次拜访：", "未知命令 /nonsense", "拜访已中止"] {
            #expect(output.stdout.contains(expected), "missing \(expected)")
        }
    }

    @Test func jsonPrintsOneDocumentWithEveryTurnAndTheScorecard() throws {
        let output = try play(Data((model + ["陈经理，这几瓶酱油的日期有点糊，夜班是不是容易堵喷头？"]).joined(separator: "\n").utf8), ["--json", "--trainee", "小王"])
        #expect(output.status == 0)
        let document = try json(output)
        #expect(document["trainee"] as? String == "小王")
        #expect(document["seed"] as? Int == 3)
        #expect(document["status"] as? String == "abandoned")
        let turns = try #require(document["turns"] as? [[String: Any]])
        #expect(turns.count == 2)
        #expect(turns[0]["node"] as? String == "reception")
        #expect(turns[0]["customer"] as? String == "您好，有预约吗？")
        #expect((turns[0]["recognised"] as? [String: Any])?["reply"] as? Int == 1)
        #expect((turns[0]["verdicts"] as? [[String: Any]])?.first?["rule"] as? String == "keyperson.respect-all")
        let scorecard = try #require(document["scorecard"] as? [String: Any])
        #expect(scorecard["rulebookVersion"] as? Int != nil)
        #expect(scorecard["percent"] != nil)
    }

    /// The store opens while the scenario is read (and the scenario is read while the command line
    /// is parsed), yet the store's problem comes first, then --input's, then the scenario's.
    @Test func errorsComeInTheSameOrderWhileTheScenarioIsReadMeanwhile() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let missing = folder.appendingPathComponent("no-such-replies.txt").path
        let store = try salessim.run(["play", "no-such-scenario", "--input", missing, "--db", folder.path] + library)
        #expect(store.status == 2 && store.stderr.contains("cannot open the store") && !store.stderr.contains("--input") && !store.stderr.contains("no-such-scenario"))
        let database = folder.appendingPathComponent("order.sqlite").path
        let input = try salessim.run(["play", "no-such-scenario", "--input", missing, "--db", database] + library)
        #expect(input.status == 2 && input.stderr.contains("--input: cannot read") && !input.stderr.contains("no-such-scenario"))
        let scenario = try salessim.run(["play", "no-such-scenario", "--db", database] + library, input: Data())
        #expect(scenario.status == 2 && scenario.stderr.contains("no scenario 'no-such-scenario'") && scenario.stdout.isEmpty)
    }

    /// A command line whose scenario is not guessed ahead (`--option=value`) plays the same visit.
    @Test func aCommandLineNotReadAheadPlaysTheSame() throws {
        let input = Data((model + ["/quit"]).joined(separator: "\n").utf8)
        let plain = try play(input)
        let other = try salessim.run(["play", "--seed=3", "--scenarios=" + PackagePaths.scenarios.path, "demo-first-visit"], input: input)
        #expect(other.status == plain.status && other.stdout == plain.stdout && other.stderr == plain.stderr)
    }

    /// A plain command line with every option of `play` (read without ArgumentParser) plays the
    /// same visit, transcript file included, as the same options written `--option=value`
    /// (which the parser reads), and a value that looks like an option is refused as the parser
    /// refuses it, not taken as the value.
    @Test func aPlainCommandLineWithEveryOptionPlaysAsTheParserReadsIt() throws {
        let folder = try PackagePaths.temporaryDirectory()
        let replies = folder.appendingPathComponent("replies.txt")
        try "陈经理，您看这台机器的样品。\n/quit\n".write(to: replies, atomically: true, encoding: .utf8)
        func line(_ name: String, equals: Bool) -> [String] {
            let options: [(String, String)] = [
                ("--seed", "-5"), ("--trainee", "小王"), ("--lang", "en"), ("--input", replies.path),
                ("--db", folder.appendingPathComponent("\(name).sqlite").path), ("--from", "intro"), ("--set", "trust=2"),
                ("--set", "sample-shown=true"), ("--transcript", folder.appendingPathComponent("\(name).json").path),
                ("--scenarios", PackagePaths.scenarios.path),
            ]
            let written = options.flatMap { equals ? ["\($0.0)=\($0.1)"] : [$0.0, $0.1] }
            return equals ? ["play", "--exam"] + written + ["demo-first-visit"] : ["play", "demo-first-visit", "--exam"] + written
        }
        let plain = try salessim.run(line("plain", equals: false), input: Data())
        let parsed = try salessim.run(line("parsed", equals: true), input: Data())
        #expect(plain.status == 0 && plain.stdout.contains("exam mode") && plain.stdout.contains("trust 2"), "\(plain.stderr)")
        #expect(plain.status == parsed.status && plain.stdout == parsed.stdout && plain.stderr == parsed.stderr)
        func transcript(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
        let written = try transcript("plain")
        #expect(written["trainee"] as? String == "小王")
        #expect((written["turns"] as? [Any])?.count == (try transcript("parsed")["turns"] as? [Any])?.count)
        let optionLike = try salessim.run(["play", "demo-first-visit", "--trainee", "-x"] + library, input: Data())
        #expect(optionLike.status == 64 && optionLike.stderr.contains("Usage: salessim play") && optionLike.stdout.isEmpty)
        let twice = try salessim.run(["play", "demo-first-visit", "--lang", "en", "--lang", "fr"] + library, input: Data())
        let twiceParsed = try salessim.run(["play", "--lang=en", "--lang=fr", "demo-first-visit"] + library, input: Data())
        #expect(twice.status == twiceParsed.status && twice.stdout == twiceParsed.stdout && twice.stderr == twiceParsed.stderr)
    }

    /// A plain `play SCENARIO --option value` is parsed as `play` alone; what that refuses is
    /// refused exactly as the root parser refuses it, usage line and all.
    @Test func aPlainCommandLineIsRefusedAsAnyOtherIs() throws {
        for (plain, other) in [(["--seed", "abc"], ["--seed=abc"]), (["--lang", "fr"], ["--lang=fr"]), (["--trainee", "a\u{7}b"], ["--trainee=a\u{7}b"])] {
            let typed = try salessim.run(["play", "demo-first-visit"] + plain + library, input: Data())
            let refused = try salessim.run(["play"] + other + ["demo-first-visit"] + library, input: Data())
            #expect(typed.status == 64 && typed.stderr.contains("Usage: salessim play") && typed.stdout.isEmpty)
            #expect(typed.status == refused.status && typed.stderr == refused.stderr)
        }
        let help = try salessim.run(["play", "help"] + library, input: Data())
        let rootHelp = try salessim.run(["play", "--scenarios=" + PackagePaths.scenarios.path, "help"], input: Data())
        #expect(help.status == rootHelp.status && help.stdout == rootHelp.stdout && help.stderr == rootHelp.stderr)
    }

    @Test func inputFileIsReadLineByLine() throws {
        let file = try PackagePaths.temporaryDirectory().appendingPathComponent("replies.txt")
        try (model.joined() + "\n/quit\n").write(to: file, atomically: true, encoding: .utf8)
        let output = try salessim.run(["play", "demo-first-visit", "--seed", "3", "--input", file.path, "--json"] + library)
        #expect(try (json(output)["turns"] as? [Any])?.count == 1)
    }

    @Test func aMissingInputFileIsAClearError() throws {
        let output = try salessim.run(["play", "demo-first-visit", "--input", "/no/such/file"] + library)
        #expect(output.status != 0)
        #expect(output.stderr.contains("--input: cannot read /no/such/file: no such file or directory"))
    }

    @Test func invalidUTF8BytesAreRefusedAndTheVisitGoesOn() throws {
        var input = Data([0xE9, 0x99, 0xFF, 0x0A])
        input += Data((model.joined() + "\n").utf8)
        let output = try play(input, ["--lang", "en"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("The input held invalid bytes"))
        #expect(output.stdout.contains("recognised as:"))
    }

    @Test func controlCharactersAndEmptyLinesAreHarmless() throws {
        let input = "\n\n\u{7}\u{1B}[2J\u{8}\n" + model.joined() + "\n"
        let output = try play(Data(input.utf8), ["--json"])
        let turns = try #require(try json(output)["turns"] as? [[String: Any]])
        #expect(turns.count == 2)
        #expect(turns.last?["reply"] as? String == model[0])
    }

    @Test func aOneMegabyteLineIsRefusedWithAClearMessage() throws {
        let input = String(repeating: "贵", count: 350_000) + "\n" + model.joined() + "\n"
        let output = try play(Data(input.utf8))
        #expect(output.status == 0)
        #expect(output.stdout.contains("回答太长了"))
        #expect(output.stdout.contains("前台：好的，您稍等。"))
    }

    @Test func endOfInputMidVisitKeepsTheSessionAsAbandoned() throws {
        let output = try play(Data(model.joined().utf8), ["--json"])
        #expect(output.status == 0)
        let document = try json(output)
        #expect(document["status"] as? String == "abandoned")
        #expect((document["turns"] as? [Any])?.count == 1)
    }

    @Test func aModelPlaythroughFromTheScenarioTestsWinsFromPipedInput() throws {
        let scenario = try String(contentsOf: PackagePaths.scenarios.appendingPathComponent("en/demo-phone-call.yaml"), encoding: .utf8)
        #expect(scenario.contains("tests:"))
        let output = try salessim.run(["play", "demo-phone-call", "--seed", "1", "--exam"] + library, input: Data("/hint\n/options\n".utf8))
        #expect(output.stdout.contains("Hints are not allowed in exam mode."))
        #expect(output.stdout.contains("Exam mode offers no choices."))
    }
}
