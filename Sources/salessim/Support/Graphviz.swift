import Foundation

/// Graphviz's `dot`, found on `PATH` and run on a DOT text (`salessim graph --format svg`).
enum Graphviz {
    /// Why a rendering did not happen, as the user should read it.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The first executable `dot` in the directories of `path` (the `PATH` variable), if any.
    static func dot(onPath path: String?) -> URL? {
        for directory in (path ?? "").split(separator: ":") where !directory.isEmpty {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("dot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// `dot -T<format>` on `text`; the rendering, or why there is none.
    static func render(_ text: String, format: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<Data, Failure> {
        guard let executable = dot(onPath: environment["PATH"]) else {
            return .failure(Failure(description: "--format \(format) needs Graphviz's 'dot', which is not on PATH; install Graphviz (Debian: apt-get install graphviz), or print --format dot and render it elsewhere"))
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["-T\(format)"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return .failure(Failure(description: "could not run \(executable.path): \(error.localizedDescription)"))
        }
        // Read both pipes while writing, so a large graph cannot fill a pipe and stall dot.
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOutput) in [(output, true), (errors, false)] {
            group.enter()
            DispatchQueue.global().async {
                collected.set(pipe.fileHandleForReading.readDataToEndOfFile(), isOutput: isOutput)
                group.leave()
            }
        }
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: collected.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(Failure(description: "dot failed (status \(process.terminationStatus)): \(message)"))
        }
        return .success(collected.output)
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var output = Data()
        private(set) var errors = Data()

        func set(_ data: Data, isOutput: Bool) {
            lock.lock()
            defer { lock.unlock() }
            if isOutput { output = data } else { errors = data }
        }
    }
}
