import Foundation
import Testing
import TestSupport

/// Input that is not what it seems (issue 17): floods, folders and devices as `--input`, byte-
/// order marks, repeated keys, YAML tags, option values that would be misread. Run as the
/// real binary.
@Suite struct InputStreamTests {
    let salessim = CommandRunner()
    let library = ["--scenarios", PackagePaths.scenarios.path]

    func play(_ extra: [String], input: Data? = nil, timeout: TimeInterval = 60) throws -> CommandRunner.Output {
        let db = try PackagePaths.temporaryDirectory("salessim-input").appendingPathComponent("s.sqlite").path
        return try salessim.run(["play", "demo-first-visit", "--trainee", "t", "--db", db] + library + extra, input: input, timeout: timeout)
    }

    func scenarioFile(_ text: String, bom: Bool = false) throws -> String {
        let folder = try PackagePaths.temporaryDirectory("salessim-input-yaml")
        let path = folder.appendingPathComponent("scenario.yaml").path
        try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let small = """
        scenario: small
        title: Small
        language: en
        customer: {name: A, role: decision-maker, temperament: hesitant, kind: new}
        state: {patience: 3}
        start: arrive
        nodes:
          arrive:
            phase: opening
            customer: Hello
            replies:
              - {match: hello, set: {patience: +1}, next: won}
        endings:
          won: {outcome: won}
        """

    @Test func devZeroAsInputIsRefusedAtOnce() throws {
        let started = Date()
        let output = try play(["--input", "/dev/zero"], timeout: 20)
        #expect(output.status != 0)
        #expect(output.stderr.contains("--input: cannot read /dev/zero: it is a device, not a file of replies"), "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) < 15)
    }

    @Test func aNULFloodOnStandardInputStopsWithAClearMessage() throws {
        let started = Date()
        let output = try play([], input: Data(count: 8 << 20), timeout: 30)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("standard input: the input contains a NUL byte: it is not text"), "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) < 25)
    }

    @Test func anEndlessLineOnStandardInputStopsWithAClearMessage() throws {
        let output = try play([], input: Data(repeating: UInt8(ascii: "a"), count: 4 << 20), timeout: 30)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stderr.contains("without a line end: it is not text"), "\(output.stderr)")
    }

    @Test func aFolderAsInputIsRefusedNotTakenAsEmpty() throws {
        let output = try play(["--input", "/etc"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--input: cannot read /etc: it is a folder, not a file of replies"), "\(output.stderr)")
    }

    @Test func aMissingInputFileIsNamedWithTheReasonInWords() throws {
        let output = try play(["--input", "/no/such/replies.txt"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--input: cannot read /no/such/replies.txt: no such file or directory"), "\(output.stderr)")
        #expect(!output.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aByteOrderMarkIsAccepted() throws {
        let output = try salessim.run(["lint", try scenarioFile(Self.small, bom: true)])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stdout == "1 file checked: 0 errors, 0 warnings\n")
    }

    @Test func everyDuplicateKeyIsReported() throws {
        let text = Self.small.replacingOccurrences(of: "language: en\n", with: "language: en\ntitle: Again\n")
            .replacingOccurrences(of: "  won: {outcome: won}", with: "  won: {outcome: won}\n  won: {outcome: lost}")
        let output = try salessim.run(["lint", try scenarioFile(text)])
        #expect(output.status == 1)
        let duplicates = output.stdout.split(separator: "\n").filter { $0.contains("[SC0005]") }
        #expect(duplicates.count == 2, "\(output.stdout)")
        #expect(duplicates.contains { $0.contains(":2:1: error: [SC0005] key 'title' appears twice") })
        #expect(duplicates.contains { $0.contains(":15:3: error: [SC0005] key 'won' appears twice") })
    }

    @Test(arguments: ["!!binary aGVsbG8=", "!custom Small", "!!set {a: null}", "!<tag:example.com,2000:x> Small"])
    func tagsOutsideTheCoreSchemaAreRefused(tagged: String) throws {
        let text = Self.small.replacingOccurrences(of: "title: Small", with: "title: \(tagged)")
        let output = try salessim.run(["lint", try scenarioFile(text)])
        #expect(output.status == 1)
        #expect(output.stdout.contains(":2:8: error: [SC0023] the YAML tag"), "\(output.stdout)")
    }

    @Test(arguments: ["9223372036854775807", "1000000001", "-1000000001"])
    func stateNumbersOutsideTheRangeAreLintErrors(number: String) throws {
        let text = Self.small.replacingOccurrences(of: "state: {patience: 3}", with: "state: {patience: \(number)}")
        let output = try salessim.run(["lint", try scenarioFile(text)])
        #expect(output.status == 1)
        #expect(output.stdout.contains("error: [SC0015] state variable 'patience' starts at \(number), outside the allowed range -1000000000…1000000000"), "\(output.stdout)")
    }

    @Test func setAmountsAndExpressionNumbersOutsideTheRangeAreLintErrors() throws {
        let text = Self.small.replacingOccurrences(of: "set: {patience: +1}", with: "set: {patience: +2000000000}, if: \"patience < 5000000000\"")
        let output = try salessim.run(["lint", try scenarioFile(text)])
        #expect(output.status == 1)
        #expect(output.stdout.contains("[SC0015] the value set for 'patience' is +2000000000, outside the allowed range"), "\(output.stdout)")
        #expect(output.stdout.contains("[SC0010]") && output.stdout.contains("number 5000000000 is outside the allowed range"), "\(output.stdout)")
    }

    @Test(arguments: [[""], ["   "], ["mysql://x@y/z"], ["https://example.com/db"]])
    func badStoreLocationsAreRefused(db: [String]) throws {
        for command in [["play", "demo-first-visit"], ["report"], ["show", "--last"], ["export", "--xapi"], ["rescore", "--all"], ["admin", "list"]] {
            let output = try salessim.run(command + ["--db"] + db, input: Data())
            #expect(output.status == 64, "\(command): \(output.stderr)")
            #expect(output.stderr.contains("--db"), "\(command): \(output.stderr)")
        }
    }

    @Test func negativeSeedsAreAcceptedAsTheirTwosComplement() throws {
        let reply = Data("您好，我是晨讯电子的小李，这是我的名片。麻烦您通报一下陈经理。\n".utf8)
        let negative = try play(["--seed", "-1", "--json"], input: reply)
        let positive = try play(["--seed", "18446744073709551615", "--json"], input: reply)
        #expect(negative.status == 0, "\(negative.stderr)")
        #expect(positive.status == 0, "\(positive.stderr)")
        func seedAndTurns(_ output: CommandRunner.Output) throws -> String {
            let document = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
            let turns = document["turns"] as? [[String: Any]] ?? []
            return "\(document["seed"] ?? "") \(turns.map { "\($0["customer"] ?? "")" })"
        }
        #expect(try seedAndTurns(negative) == seedAndTurns(positive))
        let minimum = try play(["--seed=-9223372036854775808"], input: Data("/quit\n".utf8))
        #expect(minimum.status == 0, "\(minimum.stderr)")
        let bad = try play(["--seed", "18446744073709551616"], input: Data("/quit\n".utf8))
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--seed must be a whole number"))
    }

    @Test(arguments: ["", "javascript:alert(1)", "salessim.example", "ftp://salessim.example", "https://", "https://exa mple.com"])
    func exportBaseMustBeAnAbsoluteHTTPIRI(base: String) throws {
        let output = try salessim.run(["export", "--xapi", "--base", base])
        #expect(output.status == 64, "\(output.stderr)")
        #expect(output.stderr.contains("--base must be an absolute http or https IRI") || output.stderr.contains("--base cannot contain spaces"), "\(output.stderr)")
    }
}
