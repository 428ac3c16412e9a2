import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs a program on a real pseudo-terminal and drives it expect-style.
///
/// ```swift
/// let pty = try PseudoTerminal(executable: demo, arguments: [], environment: ["TERM": "xterm"])
/// _ = try pty.expect("> ", timeout: 10)
/// #expect(pty.waitForRawMode(timeout: 10))   // see below
/// try pty.send("hello\r")
/// _ = try pty.expect("got:[hello]", timeout: 10)
/// ```
///
/// Line editors print their prompt *before* they switch the terminal to raw mode; keys sent
/// in between are handled by the kernel's line discipline (echoed, ^C turned into SIGINT).
/// Before sending keys to a fresh prompt, wait for the prompt's text and then for
/// ``waitForRawMode(timeout:)``.
///
/// The child is started with `forkpty`: arguments and environment are converted to C before
/// forking, and the child only resets its signal state, closes inherited descriptors and
/// calls `execve` (all async-signal-safe). The child is killed (SIGKILL, then reaped) by
/// ``kill()``, on deinit, and whenever a wait times out: a stuck program never outlives the
/// test. A timed-out ``expect(_:timeout:)`` throws with the output it had not matched.
public final class PseudoTerminal {
    /// Why driving the child failed.
    public enum Failure: Error, CustomStringConvertible {
        case spawn(errno: Int32)
        case timeout(expected: String, unread: String)
        case closed(expected: String, unread: String)
        case write(errno: Int32)

        public var description: String {
            switch self {
            case .spawn(let code): "forkpty failed: \(String(cString: strerror(code)))"
            case .timeout(let expected, let unread):
                "timed out waiting for \(expected.debugDescription); unread output: \(unread.debugDescription)"
            case .closed(let expected, let unread):
                "terminal closed before \(expected.debugDescription); unread output: \(unread.debugDescription)"
            case .write(let code): "write to terminal failed: \(String(cString: strerror(code)))"
            }
        }
    }

    /// The child's process id.
    public let pid: pid_t
    /// The master side of the terminal (non-blocking).
    public let masterFD: Int32
    /// Everything the child wrote so far, escape sequences included.
    public private(set) var output: [UInt8] = []
    /// The child's exit status once reaped: the exit code, or 128 + signal number.
    public private(set) var exitStatus: Int32?
    /// Whether a timed-out wait kills the child (default). Turn it off to inspect a stuck
    /// child (`gdb -p pid`) before ``kill()`` or deinit.
    public var killsOnTimeout = true

    /// Offset into ``output`` where the next ``expect(_:timeout:)`` starts searching.
    private var cursor = 0
    /// Set when reading the master reports that every slave descriptor is closed.
    private var masterClosed = false

    /// Starts `executable` (a path; no `PATH` search) with exactly `environment`.
    public init(
        executable: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        columns: UInt16 = 80,
        rows: UInt16 = 24
    ) throws {
        // Everything the child needs is allocated now: after fork only async-signal-safe
        // calls are allowed in a multithreaded parent.
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        defer {
            argv.free()
            envp.free()
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        let maxFD = Self.descriptorLimit()

        var master: Int32 = -1
        let pid = forkpty(&master, nil, nil, &size)
        if pid == 0 {
            // Child. Test runners start us from threads that block most signals (libdispatch
            // workers do), and blocked masks and ignored signals survive execve: without
            // this the program never sees SIGWINCH.
            sigprocmask(SIG_SETMASK, &emptyMask, nil)
            for signal in 1..<32 { _ = Glibc.signal(Int32(signal), SIG_DFL) }
            // Descriptors another thread opened without O_CLOEXEC (another pseudo-terminal's
            // slave, say) would otherwise stay open in this program.
            var fd: Int32 = 3
            while fd < maxFD {
                close(fd)
                fd += 1
            }
            if let path = argv.pointer[0] { execve(path, argv.pointer, envp.pointer) }
            _exit(127)
        }
        guard pid > 0 else { throw Failure.spawn(errno: errno) }
        self.pid = pid
        masterFD = master
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        kill()
        close(masterFD)
    }

    /// Whether the child has not been reaped yet (it may still be exiting).
    public var isRunning: Bool {
        reap(blocking: false)
        return exitStatus == nil
    }

    /// Types `text` (UTF-8), as a paste would: all bytes in one go.
    public func send(_ text: String, timeout: TimeInterval = 10) throws {
        try sendBytes(Array(text.utf8), timeout: timeout)
    }

    /// Writes raw bytes to the terminal, reading output meanwhile so that neither side can
    /// block the other.
    public func sendBytes(_ bytes: [UInt8], timeout: TimeInterval = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(masterFD, $0.baseAddress, $0.count) }
            if n > 0 {
                offset += n
                continue
            }
            let code = errno
            guard n < 0, code == EAGAIN || code == EINTR else { throw Failure.write(errno: code) }
            guard Date() < deadline else { throw Failure.write(errno: EAGAIN) }
            pump(milliseconds: 10, events: Int16(POLLIN | POLLOUT))
        }
    }

    /// Waits until the terminal leaves canonical mode, i.e. the line editor is reading keys.
    /// On timeout the child is killed and the result is false.
    ///
    /// On Linux `tcgetattr` on the master reports the slave's modes.
    public func waitForRawMode(timeout: TimeInterval = 10) -> Bool {
        waitForModes(timeout: timeout) { $0.c_lflag & tcflag_t(ICANON) == 0 }
    }

    /// Waits until the terminal is back in canonical mode with echo (a restored terminal).
    /// On timeout the child is killed and the result is false.
    public func waitForCookedMode(timeout: TimeInterval = 10) -> Bool {
        waitForModes(timeout: timeout) { $0.c_lflag & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO) }
    }

    /// The terminal's current modes.
    public func attributes() -> termios? {
        var modes = termios()
        return tcgetattr(masterFD, &modes) == 0 ? modes : nil
    }

    /// Waits for `substring` in the output after the previous match and returns the output
    /// from there up to and including it. Throws on timeout or when the child closes the
    /// terminal first.
    @discardableResult
    public func expect(_ substring: String, timeout: TimeInterval = 10) throws -> String {
        let needle = Array(substring.utf8)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let range = Self.find(needle, in: output, from: cursor) {
                let matched = String(decoding: output[cursor..<range.upperBound], as: UTF8.self)
                cursor = range.upperBound
                return matched
            }
            let unread = String(decoding: output[cursor...], as: UTF8.self)
            if masterClosed { throw Failure.closed(expected: substring, unread: unread) }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else {
                if killsOnTimeout { kill() }
                throw Failure.timeout(expected: substring, unread: unread)
            }
            pump(milliseconds: Int32(min(remaining, 0.1) * 1000) + 1)
        }
    }

    /// ``output`` as text with CSI/OSC escape sequences, other `ESC x` pairs, carriage
    /// returns and bells removed. A transcript, not a screen: redraws repeat text.
    public var screenText: String {
        Self.stripEscapes(String(decoding: output, as: UTF8.self))
    }

    /// Sets the window size; the kernel sends SIGWINCH to the child's foreground group.
    public func resize(columns: UInt16, rows: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(masterFD, UInt(TIOCSWINSZ), &size)
    }

    /// Waits for the child to exit, reading its output meanwhile. Returns its exit code
    /// (128 + signal number if killed), or `nil` on timeout, after killing it.
    @discardableResult
    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while exitStatus == nil {
            reap(blocking: false)
            if exitStatus != nil { break }
            guard Date() < deadline else {
                if killsOnTimeout { kill() }
                return nil
            }
            pump(milliseconds: 10)
        }
        pump(milliseconds: 0)
        return exitStatus
    }

    /// Kills the child with SIGKILL and reaps it. Harmless if it already exited.
    public func kill() {
        guard exitStatus == nil else { return }
        reap(blocking: false)
        guard exitStatus == nil else { return }
        _ = Glibc.kill(pid, SIGKILL)
        reap(blocking: true)
    }

    // MARK: - Internals

    /// Waits up to `milliseconds` for the master to be ready, then reads what is there.
    private func pump(milliseconds: Int32, events: Int16 = Int16(POLLIN)) {
        guard !masterClosed else {
            if milliseconds > 0 { usleep(useconds_t(milliseconds) * 1000) }
            return
        }
        var pfd = pollfd(fd: masterFD, events: events, revents: 0)
        _ = poll(&pfd, 1, milliseconds)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(masterFD, $0.baseAddress, $0.count) }
            if n > 0 {
                output.append(contentsOf: chunk[0..<n])
                continue
            }
            if n < 0, errno == EINTR { continue }
            // EIO (Linux) or 0: every slave descriptor is closed.
            if n == 0 || errno == EIO { masterClosed = true }
            return
        }
    }

    private func waitForModes(timeout: TimeInterval, _ predicate: (termios) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let modes = attributes(), predicate(modes) { return true }
            guard Date() < deadline else {
                if killsOnTimeout { kill() }
                return false
            }
            pump(milliseconds: 5)
        }
    }

    private func reap(blocking: Bool) {
        guard exitStatus == nil else { return }
        var status: Int32 = 0
        var result: pid_t
        repeat {
            result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
        } while result < 0 && errno == EINTR
        guard result == pid else { return }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift cannot import.
        let signal = status & 0x7f
        exitStatus = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    private static func descriptorLimit() -> Int32 {
        let limit = sysconf(Int32(_SC_OPEN_MAX))
        return Int32(clamping: limit > 0 ? min(limit, 65536) : 1024)
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty else { return start..<start }
        guard haystack.count - start >= needle.count else { return nil }
        for i in start...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i..<(i + needle.count) }
        }
        return nil
    }

    /// Removes terminal control sequences from `text`.
    public static func stripEscapes(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "\u{1B}":
                guard let kind = scalars.next() else { break }
                if kind == "[" {
                    // CSI: parameters and intermediates, then one final byte in @...~.
                    while let c = scalars.next(), !(0x40...0x7E).contains(c.value) {}
                } else if kind == "]" {
                    // OSC: up to BEL or ESC \.
                    while let c = scalars.next(), c != "\u{07}" {
                        if c == "\u{1B}" { _ = scalars.next(); break }
                    }
                }
            case "\r", "\u{07}", "\u{01}":
                continue
            default:
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// A NULL-terminated `char *[]` built before forking.
private struct CStringArray {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    init(_ strings: [String]) {
        pointer = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            let bytes = string.utf8CString
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { copy.initialize(from: base, count: source.count) }
            }
            pointer[index] = copy
        }
        pointer[strings.count] = nil
    }

    func free() {
        var index = 0
        while let string = pointer[index] {
            string.deallocate()
            index += 1
        }
        pointer.deallocate()
    }
}
