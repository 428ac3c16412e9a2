import Foundation
import Testing
@testable import ScenarioKit

/// The parsed-YAML cache gives exactly what the parser gives, and anything doubtful is ignored.
@Suite struct YAMLCacheTests {
    static let text = """
    scenario: cached
    title: "缓存 · cache"
    nodes:
      a: {customer: [你好, "hi: there"], replies: [{match: "@ack > 可是", next: b}]}
      b:
        - 1
        - ''
        - |
          block
          text
    empty: {}
    list: []
    """

    func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("yaml-cache-\(UUID().uuidString)")
    }

    /// The tree as comparable text: every value with its location.
    func dump(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        let at = "@\(node.location)"
        switch node.value {
        case let .scalar(text, plain): return "s(\(text.debugDescription),\(plain))\(at)"
        case let .map(pairs): return "m[" + pairs.map { dump($0.key) + ":" + dump($0.value) }.joined(separator: ",") + "]\(at)"
        case let .list(items): return "l[" + items.map(dump).joined(separator: ",") + "]\(at)"
        }
    }

    @Test func aCachedTreeIsTheParsedTree() throws {
        let cache = YAMLCache(directory: scratch())
        let parsed = YAMLDocument.parse(text: Self.text, path: "first.yaml", cache: cache)
        #expect(parsed.diagnostics.isEmpty)
        let cached = try #require(cache.tree(for: Self.text, path: "second.yaml"))
        #expect(dump(cached) == dump(YAMLDocument.parse(text: Self.text, path: "second.yaml").root))
        let again = YAMLDocument.parse(text: Self.text, path: "second.yaml", cache: cache)
        #expect(dump(again.root) == dump(cached) && again.text == Self.text && again.diagnostics.isEmpty)
    }

    @Test func entriesArePrivateAndWrittenByRename() throws {
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        _ = YAMLDocument.parse(text: Self.text, path: "a.yaml", cache: cache)
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(entries.count == 1 && entries.allSatisfy { $0.hasSuffix(".tree") })
        let folder = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        let file = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(entries[0]).path)
        #expect((file[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aCorruptTruncatedOrForeignEntryIsIgnoredAndRewritten() throws {
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        _ = YAMLDocument.parse(text: Self.text, path: "a.yaml", cache: cache)
        let entry = URL(fileURLWithPath: cache.entryPath(for: Array(Self.text.utf8)))
        let good = try Data(contentsOf: entry)
        var flipped = good
        flipped[flipped.count / 2] ^= 0x20
        for bad in [flipped, good.prefix(good.count / 2), Data("not a cache".utf8), Data()] {
            try bad.write(to: entry)
            chmod(entry.path, 0o600)
            #expect(cache.tree(for: Self.text, path: "a.yaml") == nil)
            let parsed = YAMLDocument.parse(text: Self.text, path: "a.yaml", cache: cache)
            #expect(dump(parsed.root) == dump(YAMLDocument.parse(text: Self.text, path: "a.yaml").root))
            #expect(try Data(contentsOf: entry) == good)
        }
        // Another text's entry under this text's name is not taken for it.
        let other = Self.text.replacingOccurrences(of: "cached", with: "cachet")
        _ = YAMLDocument.parse(text: other, path: "b.yaml", cache: cache)
        try Data(contentsOf: URL(fileURLWithPath: cache.entryPath(for: Array(other.utf8)))).write(to: entry)
        #expect(cache.tree(for: Self.text, path: "a.yaml") == nil)
        // An entry others may write is not trusted.
        try good.write(to: entry)
        chmod(entry.path, 0o666)
        #expect(cache.tree(for: Self.text, path: "a.yaml") == nil)
    }

    @Test func documentsWithProblemsAreNotKept() throws {
        let directory = scratch()
        let cache = YAMLCache(directory: directory)
        let bad = "a: 1\nb: !!binary aGk=\n"
        let parsed = YAMLDocument.parse(text: bad, path: "bad.yaml", cache: cache)
        #expect(!parsed.diagnostics.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cache.entryPath(for: Array(bad.utf8))))
    }

    @Test func anUnusableFolderOnlyMeansNoCache() throws {
        let file = scratch()
        try Data("a file, not a folder".utf8).write(to: file)
        let cache = YAMLCache(directory: file.appendingPathComponent("yaml"))
        let parsed = YAMLDocument.parse(text: Self.text, path: "a.yaml", cache: cache)
        #expect(parsed.root != nil && parsed.diagnostics.isEmpty)
    }

    /// The cache's folder is named without `URL` (a visit's start), and names the same folder.
    @Test func theStandardFolderIsNamedAsAFileURLWouldNameIt() {
        for (cacheHome, home) in [("/tmp/cache", "/root"), ("/tmp/cache/", nil), ("relative", "/home/a/./b/"), (nil, "/home/trainee"), (nil, "/"), ("/x/../y//z/.", nil)] as [(String?, String?)] {
            var environment: [String: String] = [:]
            environment["XDG_CACHE_HOME"] = cacheHome
            environment["HOME"] = home
            let expected: URL? = if let cacheHome, cacheHome.hasPrefix("/") {
                URL(fileURLWithPath: cacheHome).appendingPathComponent("salessim/yaml")
            } else if let home, home.hasPrefix("/") {
                URL(fileURLWithPath: home).appendingPathComponent(".cache/salessim/yaml")
            } else { nil }
            #expect(YAMLCache.standard(environment: environment)?.directory.standardizedFileURL.path == expected?.standardizedFileURL.path,
                    "XDG_CACHE_HOME=\(cacheHome ?? "-") HOME=\(home ?? "-")")
        }
        #expect(YAMLCache.standard(environment: ["HOME": "/root", "SALESSIM_YAML_CACHE": "off"]) == nil)
        #expect(YAMLCache.standard(environment: [:]) == nil)
        // This process's own environment, read variable by variable, gives the same folder.
        #expect(YAMLCache.standard()?.directory.path == YAMLCache.standard(environment: ProcessInfo.processInfo.environment)?.directory.path)
    }

    /// Paths are made standard on strings exactly as `URL` makes them (a lint run and a visit's
    /// start key rulebooks by them).
    @Test func standardPathsAreThoseOfAFileURL() {
        for path in ["a/b", "/a/./b/../c", "/a//b/", "..", "../x", ".", "/", "/..", "/a/b/..", "/a/b/.", "Scenarios/rulebook.yaml",
                     "./Scenarios/../Scenarios/rulebook.yaml", "/tmp/a b/ü 喷码.yaml", "x/../../..", "/a/.../b", "/a/..b/c"] {
            #expect(ScenarioLibrary.standardPath(path) == URL(fileURLWithPath: path).standardizedFileURL.path, "\(path)")
        }
        // The rulebook that governs a file: the nearest above it, else the fallback.
        let root = scratch()
        let deep = root.appendingPathComponent("a/b/c")
        try? FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(ScenarioLibrary.rulebookPath(for: deep.appendingPathComponent("x.yaml").path, fallback: "fallback.yaml") == "fallback.yaml")
        FileManager.default.createFile(atPath: root.appendingPathComponent("a/rulebook.yaml").path, contents: Data())
        #expect(ScenarioLibrary.rulebookPath(for: deep.appendingPathComponent("x.yaml").path, fallback: nil) == root.appendingPathComponent("a/rulebook.yaml").path)
        FileManager.default.createFile(atPath: root.appendingPathComponent("a/b/rulebook.yaml").path, contents: Data())
        #expect(ScenarioLibrary.rulebookPath(for: deep.path + "/./../c//x.yaml", fallback: nil) == root.appendingPathComponent("a/b/rulebook.yaml").path)
        // A scenario's inbox file, beside it (the name without its extension, then .inbox.yaml).
        for path in ["a/b.yaml", "a/.yaml", "a/b", "a/b.c.yaml", "a.d/b", "/x/y.yaml", "a/../b.yaml", "./b.yaml", "a/b.", "a/b..yaml",
                     "Scenarios/zh-Hans/demo-first-visit.yaml", "/tmp/喷码 场景/拜访.yaml"] {
            #expect(InboxFile.path(forScenario: path) == URL(fileURLWithPath: path).deletingPathExtension().path + ".inbox.yaml", "\(path)")
        }
    }

    /// Sets a file's modification time `days` ago.
    func age(_ path: String, days: Double) {
        let when = Date().addingTimeInterval(-days * 86_400).timeIntervalSince1970
        var times = [timespec(tv_sec: Int(when), tv_nsec: 0), timespec(tv_sec: Int(when), tv_nsec: 0)]
        _ = utimensat(AT_FDCWD, path, &times, 0)
    }

    /// Past its limit, the cache removes the entries used longest ago down to three quarters of
    /// it, keeps the one just written and anything not its own, and clears abandoned temporary files.
    @Test func pruningRemovesTheEntriesUsedLongestAgo() throws {
        let directory = scratch()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var cache = YAMLCache(directory: directory)
        cache.byteLimit = 100_000
        let names = (0..<8).map { "entry\($0).\(["tree", "rulebook", "scenario", "clean"][$0 % 4])" }
        for (index, name) in names.enumerated() {
            let path = directory.appendingPathComponent(name).path
            FileManager.default.createFile(atPath: path, contents: Data(count: 20_000))
            age(path, days: Double(10 - index))   // entry0 oldest, entry7 newest
        }
        let kept = directory.appendingPathComponent(names[0]).path
        FileManager.default.createFile(atPath: directory.appendingPathComponent("notes.txt").path, contents: Data(count: 500_000))
        let oldTemporary = directory.appendingPathComponent("entry9.tree.123.456.tmp").path
        let newTemporary = directory.appendingPathComponent("entry9.tree.123.789.tmp").path
        FileManager.default.createFile(atPath: oldTemporary, contents: Data(count: 10))
        FileManager.default.createFile(atPath: newTemporary, contents: Data(count: 10))
        age(oldTemporary, days: 1)
        cache.prune(keeping: kept)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: directory.path))
        // 160 KB of entries against 100 KB: down to 75 KB or less (60), oldest first, the kept one spared.
        #expect(left == Set([names[0], names[6], names[7], "notes.txt", "entry9.tree.123.789.tmp"]))
        // Under the limit, nothing goes.
        cache.byteLimit = 1_000_000
        cache.prune(keeping: kept)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.path)) == left)
    }

    /// Reading an entry marks it used (once a day), so that pruning keeps what is in use.
    @Test func readingAnEntryMarksItUsed() throws {
        let cache = YAMLCache(directory: scratch())
        _ = YAMLDocument.parse(text: Self.text, path: "first.yaml", cache: cache)
        let entry = cache.entryPath(for: Array(Self.text.utf8))
        age(entry, days: 3)
        #expect(cache.readEntry(entry) != nil)
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: entry)[.modificationDate] as? Date)
        #expect(Date().timeIntervalSince(modified) < 3_600)
    }
}
