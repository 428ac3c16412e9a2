import Foundation
import ScenarioKit
import Testing
import TestSupport

/// How a library folder is listed (``ScenarioLibrary/yamlFiles(under:)``) and how work runs beside
/// the reading of a visit (``BackgroundWork``).
@Suite struct LibraryWalkTests {
    /// A folder as trainers keep one: languages in subfolders, a schema folder, hidden files,
    /// test fixtures, files that are not YAML, and links.
    static func library() throws -> URL {
        let root = try PackagePaths.temporaryDirectory("salessim-walk")
        let manager = FileManager.default
        for folder in ["zh-Hans", "en/deep", "schema", ".git", "Fixtures", "zh-Hans/.hidden", "elsewhere"] {
            try manager.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        for file in ["rulebook.yaml", "curriculum.yml", "zh-Hans/a.yaml", "zh-Hans/b.yaml", "zh-Hans/notes.txt", "en/deep/c.yaml",
                     "schema/scenario.yaml", ".git/x.yaml", ".hidden.yaml", "Fixtures/f.yaml", "zh-Hans/.hidden/h.yaml", "elsewhere/e.yaml"] {
            try Data("scenario: x\n".utf8).write(to: root.appendingPathComponent(file))
        }
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("zh-Hans/link.yaml").path, withDestinationPath: root.appendingPathComponent("zh-Hans/a.yaml").path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("linked").path, withDestinationPath: root.appendingPathComponent("elsewhere").path)
        return root
    }

    @Test func aLibraryIsListedSortedWithoutSchemaHiddenFixturesOrLinkedFolders() throws {
        let root = try Self.library()
        let files = ScenarioLibrary.yamlFiles(under: root.path)
        let expected = ["curriculum.yml", "elsewhere/e.yaml", "en/deep/c.yaml", "rulebook.yaml", "zh-Hans/a.yaml", "zh-Hans/b.yaml", "zh-Hans/link.yaml"]
        #expect(files == expected.map { root.path + "/" + $0 })
        // Named as the folder was typed: a trailing slash is not doubled, `..` is kept.
        #expect(ScenarioLibrary.yamlFiles(under: root.path + "/") == expected.map { root.path + "/" + $0 })
        #expect(ScenarioLibrary.yamlFiles(under: root.path + "/zh-Hans/../en") == [root.path + "/zh-Hans/../en/deep/c.yaml"])
        // A file is itself; nothing is nothing.
        #expect(ScenarioLibrary.yamlFiles(under: root.path + "/zh-Hans/a.yaml") == [root.path + "/zh-Hans/a.yaml"])
        #expect(ScenarioLibrary.yamlFiles(under: root.path + "/missing").isEmpty)
        // A Fixtures folder named itself is walked (only one below is skipped).
        #expect(ScenarioLibrary.yamlFiles(under: root.path + "/Fixtures") == [root.path + "/Fixtures/f.yaml"])
    }

    @Test func backgroundWorkGivesItsValueOrItsErrorAsOftenAsAsked() throws {
        struct Refused: Error, Equatable {}
        let value = BackgroundWork { (1...1000).reduce(0, +) }
        #expect(try value.wait() == 500500)
        #expect(try value.wait() == 500500)
        let failing = BackgroundWork<Int> { throw Refused() }
        #expect(throws: Refused.self) { try failing.wait() }
        #expect(throws: Refused.self) { try failing.wait() }
        // Never waited for: the work still runs to its end, and dropping it is harmless.
        let done = Locked(false)
        do { _ = BackgroundWork { done.set(true) } }
        for _ in 0..<500 where !done.get() { usleep(2000) }
        #expect(done.get())
    }
}

/// A value shared with another thread.
private final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func get() -> Value { lock.lock(); defer { lock.unlock() }; return value }
    func set(_ new: Value) { lock.lock(); value = new; lock.unlock() }
}
