import Foundation
import Testing
import LineEditor

@Suite struct HistoryFileTests {
    static let awkward = [
        "普通的一句",
        "你好\u{3000}世界",          // ideographic space: libedit's own H_SAVE corrupts it
        "em\u{2003}space",
        "two\nlines",
        "back\\slash and \\n literally",
        "trailing backslash\\",
        "crlf\r\n",
        "tab\there",
    ]

    @Test func roundTripsIdeographicSpacesNewlinesAndBackslashes() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(url: directory.url.appendingPathComponent("history"))
        try file.save(Self.awkward)
        #expect(try file.load() == Self.awkward)
    }

    @Test func writesOneEntryPerLine() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(url: directory.url.appendingPathComponent("history"))
        try file.save(Self.awkward)
        let text = try String(contentsOf: file.url, encoding: .utf8)
        #expect(text.split(separator: "\n").count == Self.awkward.count)
        #expect(text.contains("two\\nlines\n"))
    }

    @Test func keepsOnlyTheLastEntriesUpToTheLimit() throws {
        let directory = try TemporaryDirectory()
        let file = HistoryFile(url: directory.url.appendingPathComponent("history"), limit: 3)
        try file.save(["1", "2", "3", "4", "5"])
        #expect(try file.load() == ["3", "4", "5"])
        let larger = HistoryFile(url: file.url, limit: 2)
        #expect(try larger.load() == ["4", "5"])
    }

    @Test func createsParentDirectoriesAndLeavesNoTemporaryFiles() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("state/salessim/history")
        let file = HistoryFile(url: url)
        try file.save(["a"])
        try file.save(["a", "b"])
        #expect(try file.load() == ["a", "b"])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)
        #expect(siblings == ["history"])
        let permissions = try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func loadsNothingWhenTheFileIsMissing() throws {
        let directory = try TemporaryDirectory()
        #expect(try HistoryFile(url: directory.url.appendingPathComponent("none")).load() == [])
    }

    @Test func toleratesInvalidUTF8AndBlankLines() throws {
        let directory = try TemporaryDirectory()
        let url = directory.url.appendingPathComponent("history")
        try Data([0x61, 0xFF, 0x0A, 0x0A, 0x62, 0x0A]).write(to: url)
        #expect(try HistoryFile(url: url).load() == ["a\u{FFFD}", "b"])
    }

    @Test func defaultsToXDGStateHome() {
        let url = HistoryFile.defaultURL(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"])
        #expect(url.path == "/x/state/salessim/history")
    }

    @Test(arguments: [[:], ["XDG_STATE_HOME": ""], ["XDG_STATE_HOME": "relative/dir"]])
    func fallsBackToLocalStateUnderHome(extra: [String: String]) {
        let url = HistoryFile.defaultURL(environment: extra.merging(["HOME": "/home/u"]) { $1 })
        #expect(url.path == "/home/u/.local/state/salessim/history")
    }
}
