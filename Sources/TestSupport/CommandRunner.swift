import Foundation

/// Runs the real `salessim` binary in a child process, as a user would from a shell.
public struct CommandRunner: Sendable {
    /// What a finished command left behind.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public var executable: URL
    public var environment: [String: String]
    public var workingDirectory: URL?

    public init(executable: URL = PackagePaths.salessim, environment: [String: String] = [:], workingDirectory: URL? = nil) {
        self.executable = executable
        var base = ProcessInfo.processInfo.environment
        base["NO_COLOR"] = "1"
        // Runs never touch the user's own store or history unless a test says where.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("salessim-runner-\(UUID().uuidString)").path
        base["XDG_DATA_HOME"] = scratch + "/data"
        base["XDG_STATE_HOME"] = scratch + "/state"
        base["XDG_CACHE_HOME"] = scratch + "/cache"
        base["SALESSIM_DB"] = nil
        for (key, value) in environment { base[key] = value }
        self.environment = base
        self.workingDirectory = workingDirectory
    }

    /// Runs with `arguments`, feeding `input` on stdin; kills the child after `timeout` seconds.
    public func run(_ arguments: [String], input: Data? = nil, timeout: TimeInterval = 60) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(stdout, true), (stderr, false)] {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.set(data, isOut: isOut)
                group.leave()
            }
        }
        // NB: a child that stops reading (input that is not text, a refused option) closes the
        // pipe; the write must then fail with EPIPE, not kill the test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        if let input { try? stdin.fileHandleForWriting.write(contentsOf: input) }
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            usleep(200_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        group.wait()
        return Output(status: process.terminationStatus, stdout: collected.text(isOut: true), stderr: collected.text(isOut: false))
    }

    public func run(_ arguments: String..., input: String? = nil) throws -> Output {
        try run(arguments, input: input.map { Data($0.utf8) })
    }
}

private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()

    func set(_ data: Data, isOut: Bool) {
        lock.lock(); defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }

    func text(isOut: Bool) -> String {
        lock.lock(); defer { lock.unlock() }
        return String(decoding: isOut ? out : err, as: UTF8.self)
    }
}
