import Foundation
import Glibc
import Testing
@testable import LineEditor

/// The reader for pipes and files, fed through real pipes and files.
@Suite struct PlainLineReaderTests {
    /// Reads everything `bytes` holds, written to a pipe by another thread.
    static func lines(from bytes: [UInt8], maxLineBytes: Int = 64 * 1024, chunk: Int = 64 * 1024) -> [LineInput] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return [] }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        let writer = Thread {
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(writeEnd, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                offset += n
            }
            close(writeEnd)
        }
        writer.start()
        let reader = PlainLineReader(fileDescriptor: readEnd, maxLineBytes: maxLineBytes, closeOnDeinit: true, readChunkSize: chunk)
        var result: [LineInput] = []
        while result.last != .endOfInput { result.append(reader.readLine(prompt: "> ")) }
        return result
    }

    static func lines(from text: String, chunk: Int = 64 * 1024) -> [LineInput] {
        lines(from: Array(text.utf8), chunk: chunk)
    }

    @Test func replacesInvalidUTF8WithReplacementCharacters() {
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xE5, 0x96, 0x0A, 0xC3, 0x28, 0x0A]
        #expect(Self.lines(from: bytes) == [.line("a\u{FFFD}b\u{FFFD}"), .line("\u{FFFD}("), .endOfInput])
    }

    @Test func returnsControlCharactersUnchanged() {
        let line = "a\tb\u{07}c\u{1B}[Ad\u{7F}"
        #expect(Self.lines(from: line + "\n") == [.line(line), .endOfInput])
    }

    @Test func aNULByteEndsTheInputWithAReason() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let bytes = Array("first\nsec\u{0}ond\nthird\n".utf8)
        _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        let reader = PlainLineReader(fileDescriptor: fds[0], closeOnDeinit: true)
        #expect(reader.readLine(prompt: "") == .line("first"))
        #expect(reader.stopReason == nil)
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(reader.stopReason == "the input contains a NUL byte: it is not text")
        #expect(reader.readLine(prompt: "") == .endOfInput)
    }

    @Test func aLineWithoutEndPastTheRunOnLimitEndsTheInput() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let reader = PlainLineReader(fileDescriptor: fds[0], maxLineBytes: 4, closeOnDeinit: true)
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 4 + reader.maxRunOnBytes + 1)
        _ = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(reader.stopReason?.contains("without a line end") == true)
    }

    @Test(arguments: ["/etc", "/dev/zero"])
    func foldersAndDevicesAreRefusedWithAReason(path: String) {
        #expect {
            try PlainLineReader(path: path)
        } throws: { error in
            "\(error)".contains(path.hasPrefix("/dev") ? "it is a device" : "it is a folder")
        }
    }

    @Test func returnsEmptyLines() {
        #expect(Self.lines(from: "\n\nx\n") == [.line(""), .line(""), .line("x"), .endOfInput])
    }

    @Test func dropsOnlyTheCarriageReturnBeforeTheNewline() {
        #expect(Self.lines(from: "one\r\na\rb\n\r\n") == [.line("one"), .line("a\rb"), .line(""), .endOfInput])
    }

    @Test func returnsALastLineWithoutNewlineThenEndOfInput() {
        #expect(Self.lines(from: "a\n最后一行") == [.line("a"), .line("最后一行"), .endOfInput])
    }

    @Test func reportsEndOfInputForAnEmptyStreamAndKeepsReportingIt() throws {
        let reader = PlainLineReader(fileDescriptor: try Self.devNull(), closeOnDeinit: true)
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(reader.readLine(prompt: "") == .endOfInput)
    }

    @Test(arguments: [1, 2, 3, 5, 7])
    func decodesCharactersSplitAcrossReads(chunk: Int) {
        #expect(Self.lines(from: "是的,喷码机\r\n好\n", chunk: chunk) == [.line("是的,喷码机"), .line("好"), .endOfInput])
    }

    @Test func truncatesAMegabyteLineReportsItAndReadsTheNextLine() throws {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("big.txt")
        try Data((String(repeating: "x", count: 1 << 20) + "\nnext\n").utf8).write(to: file)
        let reader = try PlainLineReader(path: file.path)
        let first = reader.readLine(prompt: "")
        #expect(first == .line(String(repeating: "x", count: 64 * 1024)))
        #expect(reader.lastLineWasTruncated)
        #expect(reader.readLine(prompt: "") == .line("next"))
        #expect(!reader.lastLineWasTruncated)
        #expect(reader.readLine(prompt: "") == .endOfInput)
    }

    @Test func truncatesOnACharacterBoundary() {
        // 5 bytes would cut 码 (3 bytes) after its first 2 bytes.
        let result = Self.lines(from: Array("喷码机\n".utf8), maxLineBytes: 5)
        #expect(result == [.line("喷"), .endOfInput])
    }

    @Test func aLineExactlyAtTheCapIsNotTruncatedEvenWithCRLF() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let text = Array("12345\r\n123456\n".utf8)
        _ = text.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        let reader = PlainLineReader(fileDescriptor: fds[0], maxLineBytes: 5, closeOnDeinit: true)
        #expect(reader.readLine(prompt: "") == .line("12345"))
        #expect(!reader.lastLineWasTruncated)
        #expect(reader.readLine(prompt: "") == .line("12345"))
        #expect(reader.lastLineWasTruncated)
    }

    @Test func writesThePromptOnlyWhenAskedTo() throws {
        var output: [Int32] = [0, 0]
        try #require(pipe(&output) == 0)
        let silent = PlainLineReader(fileDescriptor: try Self.devNull(), promptDescriptor: output[1], closeOnDeinit: true)
        #expect(silent.readLine(prompt: "silent> ") == .endOfInput)
        let echoing = PlainLineReader(fileDescriptor: try Self.devNull(), echoPrompt: true, promptDescriptor: output[1], closeOnDeinit: true)
        #expect(echoing.readLine(prompt: "问> ") == .endOfInput)
        close(output[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { read(output[0], $0.baseAddress, $0.count) }
        #expect(String(decoding: buffer.prefix(max(0, n)), as: UTF8.self) == "问> ")
        close(output[0])
    }

    @Test func keepsHistoryInMemoryWithoutBlankLines() {
        let reader = PlainLineReader(fileDescriptor: -1)
        reader.addHistory("一")
        reader.addHistory("  ")
        reader.addHistory("二")
        #expect(reader.history == ["一", "二"])
    }

    @Test func failsToOpenAMissingFileWithItsPath() {
        #expect(throws: PlainLineReaderError.self) { try PlainLineReader(path: "/nonexistent/input.txt") }
    }

    /// The demo chooses the plain reader when stdin is a pipe: no prompt, no escapes.
    @Test func demoReadsPipedInputWithoutPromptsOrEscapes() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try DemoProgram.executablePath())
        process.environment = ["PATH": "/usr/bin:/bin"]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(Data("你好\u{3000}世界\n/he\t\nlast".utf8))
        try stdin.fileHandleForWriting.close()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(output == "got:[你好\u{3000}世界]\ngot:[/he\t]\ngot:[last]\nbye\n")
        #expect(process.terminationStatus == 0)
    }

    static func devNull() throws -> Int32 {
        let fd = open("/dev/null", O_RDONLY)
        try #require(fd >= 0)
        return fd
    }
}
