import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The file where line history persists between runs.
///
/// libedit's own `H_SAVE`/`H_LOAD` corrupt entries containing U+3000 (the ideographic space
/// Chinese input methods type), so the format is ours: UTF-8, one entry per line, `\` written
/// as `\\`, a newline as `\n` and a carriage return as `\r`. Only the last ``limit`` entries
/// are kept. Saving creates the parent directories and replaces the file atomically (a
/// temporary file in the same directory, then `rename`), readable by its owner only.
public struct HistoryFile: Sendable, Equatable {
    /// Where the history lives.
    public var url: URL
    /// How many entries are kept.
    public var limit: Int

    /// A history at `url` keeping the last `limit` entries (negative counts as 0).
    public init(url: URL, limit: Int = 1000) {
        self.url = url
        self.limit = max(0, limit)
    }

    /// `$XDG_STATE_HOME/salessim/history`, or `~/.local/state/salessim/history` when that
    /// variable is unset, empty or relative (as the XDG specification requires).
    ///
    /// `mode` keeps histories apart ("exam" gives `history-exam`), so that an exam cannot recall
    /// the answers typed in practice.
    public static func defaultURL(
        environment: [String: String] = ProcessInfo.processInfo.environment, mode: String? = nil
    ) -> URL {
        let base: URL
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            base = URL(fileURLWithPath: state, isDirectory: true)
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            base = URL(fileURLWithPath: home, isDirectory: true)
                .appendingPathComponent(".local/state", isDirectory: true)
        } else {
            base = FileManager.default.homeDirectoryForCurrentUser
                .appendingPathComponent(".local/state", isDirectory: true)
        }
        return base.appendingPathComponent("salessim", isDirectory: true)
            .appendingPathComponent(mode.map { "history-\($0)" } ?? "history", isDirectory: false)
    }

    /// The saved entries, oldest first; empty when the file does not exist. Invalid UTF-8
    /// becomes U+FFFD.
    public func load() throws -> [String] {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
            return []
        }
        let text = String(decoding: data, as: UTF8.self)
        let entries = text.split(separator: "\n", omittingEmptySubsequences: true).map(Self.decode)
        return Array(entries.suffix(limit))
    }

    /// Replaces the file with the last ``limit`` of `entries`.
    public func save(_ entries: [String]) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var text = ""
        for entry in entries.suffix(limit) {
            text += Self.encode(entry)
            text += "\n"
        }
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        try Self.write(Array(text.utf8), to: temporary.path)
        guard rename(temporary.path, url.path) == 0 else {
            let code = errno
            unlink(temporary.path)
            throw HistoryFileError(operation: "rename to \(url.path)", errno: code)
        }
    }

    /// One entry as one line of the file.
    public static func encode(_ entry: String) -> String {
        var out = ""
        out.reserveCapacity(entry.utf8.count)
        for scalar in entry.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The entry one line of the file encodes; an unknown escape is kept as written.
    public static func decode<S: StringProtocol>(_ line: S) -> String {
        var out = String.UnicodeScalarView()
        var escaping = false
        for scalar in line.unicodeScalars {
            if escaping {
                switch scalar {
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "\\": out.append("\\")
                default: out.append("\\"); out.append(scalar)
                }
                escaping = false
            } else if scalar == "\\" {
                escaping = true
            } else {
                out.append(scalar)
            }
        }
        if escaping { out.append("\\") }
        return String(out)
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw HistoryFileError(operation: "create \(path)", errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let code = errno
                close(fd)
                unlink(path)
                throw HistoryFileError(operation: "write \(path)", errno: code)
            }
            offset += n
        }
        // Flush to disk before the rename, so a crash leaves the old file or the new one.
        var failure: Int32 = 0
        if fsync(fd) != 0 { failure = errno }
        if close(fd) != 0, failure == 0 { failure = errno }
        if failure != 0 {
            unlink(path)
            throw HistoryFileError(operation: "write \(path)", errno: failure)
        }
    }
}

/// A history file system call failed.
public struct HistoryFileError: Error, CustomStringConvertible {
    public let operation: String
    public let errno: Int32
    public var description: String {
        "history: cannot \(operation): \(String(cString: strerror(errno)))"
    }
}
