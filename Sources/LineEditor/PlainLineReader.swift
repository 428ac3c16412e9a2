@preconcurrency import Glibc

/// Reads lines from a pipe, a file or an unedited terminal, without libedit.
///
/// Lines end at `\n`; one `\r` before it is dropped (CRLF files). Bytes are decoded as
/// UTF-8 regardless of the locale, invalid sequences becoming U+FFFD, and every other byte
/// but NUL, control characters included, is returned as it came. A line longer than
/// ``maxLineBytes`` is cut at that size (on a character boundary); the rest of it is read
/// and dropped, and ``lastLineWasTruncated`` says so. A last line without `\n` is still
/// returned; after it comes ``LineInput/endOfInput``. It never returns
/// ``LineInput/interrupted``: without a terminal, Ctrl-C is the default signal.
///
/// Input that is not text stops the reader: a NUL byte (`/dev/zero`, a binary file) or a
/// line that goes on past ``maxRunOnBytes`` without a line end ends the input at once, and
/// ``stopReason`` says why in words, so a flood is neither read forever nor taken as replies.
///
/// Input is read in blocks, so bytes after the current line may already sit in this
/// reader's buffer: do not mix it with other readers of the same descriptor.
public final class PlainLineReader: LineReader {
    /// The longest line returned, in UTF-8 bytes.
    public let maxLineBytes: Int
    /// How far past ``maxLineBytes`` a line may run (its rest read and dropped) before the
    /// input is taken as not text: 16 times ``maxLineBytes``.
    public var maxRunOnBytes: Int { maxLineBytes * 16 }
    /// Why the input was stopped before its end (it is not text); nil while it reads normally.
    public private(set) var stopReason: String?
    /// Whether the line returned last was longer than ``maxLineBytes`` and cut.
    public private(set) var lastLineWasTruncated = false
    /// Lines passed to ``addHistory(_:)``, in memory only: scripted input is not persisted.
    public private(set) var history: [String] = []
    /// Kept for the protocol; a plain reader never completes.
    public var completion: CompletionHandler?

    private let fd: Int32
    private let ownsDescriptor: Bool
    private let echoPrompt: Bool
    private let promptFD: Int32
    private var buffer: [UInt8]
    private var start = 0, end = 0

    /// - Parameters:
    ///   - fileDescriptor: where to read; stays open unless `closeOnDeinit`.
    ///   - maxLineBytes: cap on one line (default 64 KiB).
    ///   - echoPrompt: write each prompt to `promptDescriptor` (useful when a person types
    ///     at an unedited terminal); off by default, so pipes see no prompts.
    ///   - readChunkSize: bytes per `read`.
    public init(
        fileDescriptor: Int32 = STDIN_FILENO,
        maxLineBytes: Int = 64 * 1024,
        echoPrompt: Bool = false,
        promptDescriptor: Int32 = STDOUT_FILENO,
        closeOnDeinit: Bool = false,
        readChunkSize: Int = 64 * 1024
    ) {
        fd = fileDescriptor
        self.maxLineBytes = max(1, maxLineBytes)
        self.echoPrompt = echoPrompt
        promptFD = promptDescriptor
        ownsDescriptor = closeOnDeinit
        buffer = [UInt8](repeating: 0, count: max(1, readChunkSize))
    }

    /// Reads the file at `path`; the descriptor is closed with the reader.
    ///
    /// Refuses, with the reason in words, what cannot hold lines of text: a folder, and a
    /// device other than a terminal (`/dev/zero`, a disk). Files, pipes (`<(…)`), sockets and
    /// terminals are read.
    public convenience init(path: String, maxLineBytes: Int = 64 * 1024) throws(PlainLineReaderError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw PlainLineReaderError(path: path, errno: errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw PlainLineReaderError(path: path, errno: code)
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            close(fd)
            throw PlainLineReaderError(path: path, reason: "it is a folder, not a file of replies")
        }
        if (kind == S_IFCHR && isatty(fd) != 1) || kind == S_IFBLK {
            close(fd)
            throw PlainLineReaderError(path: path, reason: "it is a device, not a file of replies")
        }
        // NB: O_NONBLOCK only so that opening a FIFO without a writer cannot hang; reads block.
        let flags = fcntl(fd, F_GETFL)
        if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
        self.init(fileDescriptor: fd, maxLineBytes: maxLineBytes, closeOnDeinit: true)
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func readLine(prompt: String) -> LineInput {
        if echoPrompt, !prompt.isEmpty { writeAll(promptFD, Array(prompt.utf8)) }
        guard stopReason == nil else { return .endOfInput }
        // Keep one byte beyond the cap, so a `\r` right after a full-size line is not
        // mistaken for overflow.
        var line: [UInt8] = []
        var overflow = false
        var sawAnything = false
        var runOn = 0
        while true {
            if start == end {
                guard fill() else { break }
            }
            sawAnything = true
            let available = buffer[start..<end]
            let newline = available.firstIndex(of: UInt8(ascii: "\n"))
            let chunk = available[start..<(newline ?? end)]
            if chunk.contains(0) {
                return stop("the input contains a NUL byte: it is not text")
            }
            runOn += chunk.count
            if runOn > maxLineBytes + maxRunOnBytes {
                return stop("the input has a line of more than \(maxLineBytes + maxRunOnBytes) bytes without a line end: it is not text")
            }
            let room = maxLineBytes + 1 - line.count
            if chunk.count > room {
                line.append(contentsOf: chunk.prefix(room))
                overflow = true
            } else {
                line.append(contentsOf: chunk)
            }
            if let newline {
                start = newline + 1
                return finish(line, overflow: overflow)
            }
            start = end
        }
        guard sawAnything else {
            lastLineWasTruncated = false
            return .endOfInput
        }
        return finish(line, overflow: overflow)
    }

    /// Ends the input: not text. Nothing more is read.
    private func stop(_ reason: String) -> LineInput {
        stopReason = reason
        start = end
        lastLineWasTruncated = false
        return .endOfInput
    }

    public func addHistory(_ line: String) {
        if !line.allSatisfy(\.isWhitespace) { history.append(line) }
    }

    private func finish(_ bytes: [UInt8], overflow: Bool) -> LineInput {
        var line = bytes
        if !overflow, line.last == UInt8(ascii: "\r") { line.removeLast() }
        lastLineWasTruncated = overflow || line.count > maxLineBytes
        if lastLineWasTruncated {
            line.removeLast(line.count - maxLineBytes)
            line.removeLast(Self.incompleteTail(line))
        }
        return .line(String(decoding: line, as: UTF8.self))
    }

    /// Refills the buffer; false at end of file or on a read error.
    private func fill() -> Bool {
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                start = 0
                end = n
                return true
            }
            if n < 0, errno == EINTR { continue }
            return false
        }
    }

    /// Bytes at the end of `bytes` that start a UTF-8 sequence the cut left incomplete.
    static func incompleteTail(_ bytes: [UInt8]) -> Int {
        var i = bytes.count
        // Step back over at most three continuation bytes to the sequence's lead byte.
        while i > 0, bytes.count - i < 3, bytes[i - 1] & 0xC0 == 0x80 { i -= 1 }
        guard i > 0 else { return 0 }
        let lead = bytes[i - 1]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        let present = bytes.count - (i - 1)
        return length > present ? present : 0
    }

    private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
            } else if n < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// A file for ``PlainLineReader`` could not be opened, or is not a file of text.
public struct PlainLineReaderError: Error, CustomStringConvertible {
    public let path: String
    /// Why, in words ("no such file or directory", "it is a folder, not a file of replies").
    public let reason: String

    init(path: String, errno: Int32) {
        self.path = path
        reason = String(cString: strerror(errno)).lowercased()
    }

    init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        "cannot read \(path): \(reason)"
    }
}
