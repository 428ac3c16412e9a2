import Foundation
import Matching
import ScenarioKit

/// What the fuzz targets share: the built-in rulebook and a way to take values from fuzz bytes.
public enum FuzzSupport {
    /// The built-in rulebook (`Scenarios/rulebook.yaml` of this checkout, or `$SALESSIM_RULEBOOK`),
    /// loaded once. A rulebook that does not load is a broken checkout, not a finding: exit 2.
    public static let rulebook: Rulebook = {
        let path = ProcessInfo.processInfo.environment["SALESSIM_RULEBOOK"] ?? defaultRulebookPath
        let loaded = RulebookLoader.load(path: path)
        guard let rulebook = loaded.value, !loaded.hasErrors else {
            FileHandle.standardError.write(Data("fuzz: cannot load the rulebook \(path): \(loaded.diagnostics.map(\.description))\n".utf8))
            exit(2)
        }
        return rulebook
    }()

    /// A matcher over the rulebook's lexicons, built once (building one indexes every phrase).
    public static let matcher = Matcher(lexicons: rulebook.lexicons)

    /// `Scenarios/rulebook.yaml` beside the `Fuzz/` folder this file is compiled from.
    static var defaultRulebookPath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // FuzzSupport
            .deletingLastPathComponent()  // Sources
            .deletingLastPathComponent()  // Fuzz
            .deletingLastPathComponent()  // the repository
            .appendingPathComponent("Scenarios/rulebook.yaml").path
    }

    /// A check that must hold whatever the input; a failure is a finding (the process traps).
    public static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                               file: StaticString = #file, line: UInt = #line) {
        if !condition() {
            FileHandle.standardError.write(Data("fuzz invariant failed: \(message())\n".utf8))
            fatalError(message(), file: file, line: line)
        }
    }

    /// Every diagnostic points at a real place: line and column from 1, a known code.
    public static func checkDiagnostics(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            require(diagnostic.location.line >= 1 && diagnostic.location.column >= 1,
                    "diagnostic at an impossible place: \(diagnostic)")
            require(!diagnostic.message.isEmpty, "diagnostic without a message: \(diagnostic)")
        }
    }
}

/// Takes values from the front of the fuzz bytes, then gives zeros once they run out.
public struct FuzzBytes {
    public private(set) var bytes: [UInt8]
    public private(set) var index = 0

    public init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: size))
    }

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var isAtEnd: Bool { index >= bytes.count }

    public mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    public mutating func int() -> Int {
        var value: UInt64 = 0
        for _ in 0..<8 { value = value << 8 | UInt64(byte()) }
        return Int(truncatingIfNeeded: value)
    }

    /// Everything not yet taken, as text (invalid UTF-8 becomes U+FFFD).
    public mutating func rest() -> String {
        defer { index = bytes.count }
        return String(decoding: bytes[min(index, bytes.count)...], as: UTF8.self)
    }
}

/// Called by libFuzzer once before the first input: loads the rulebook here, so that its
/// long-lived allocations are not counted against the first input by the leak check.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = FuzzSupport.rulebook
    _ = FuzzSupport.matcher
    return 0
}

/// AddressSanitizer's defaults for every fuzz binary, so that a reproducer replays the same way
/// by hand: leaks are checked after each input (libFuzzer's -detect_leaks), not at exit, where
/// the sanitizer cannot follow Swift's tagged enum pointers from the long-lived rulebook and
/// would report it as leaked. Runs before the Swift runtime is up: it must not allocate.
@_cdecl("__asan_default_options")
public func asanDefaultOptions() -> UnsafePointer<CChar> {
    UnsafeRawPointer(StaticString("leak_check_at_exit=0").utf8Start).assumingMemoryBound(to: CChar.self)
}
