import Foundation
import Practice

/// Writing results where the user asked: standard output, or a file given with `--output` or
/// `--transcript`. A failed write (a full disk, `> /dev/full`, a closed pipe's EIO) is an error
/// with the reason and exit status 2, never a crash.
///
/// Files hold trainees' words, so a new one is created private (0600). An existing regular file
/// is replaced whole (a temporary file beside it, renamed over it) and keeps its mode; a symbolic
/// link is followed and its target written; anything else that is not a regular file (a device
/// such as /dev/stdout, a FIFO) is written in place.
enum OutputFile {
    /// The system's reason for `code`, e.g. "No space left on device".
    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Writes all of `data` to `descriptor`; the errno of the first failure (Practice's writer, shared).
    static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
        StandardOutput.writeAll(data, to: descriptor)
    }

    /// Writes `data` to standard output, or throws the reason.
    static func standardOutput(_ data: Data) throws {
        if let code = writeAll(data, to: STDOUT_FILENO) {
            throw CLIError("cannot write to standard output: \(reason(code))")
        }
    }

    /// Writes `data` to the file at `path` (see the type's notes), or throws the reason.
    static func write(_ data: Data, to path: String) throws {
        func failure(_ code: Int32, _ doing: String = "") -> CLIError {
            CLIError("cannot write \(path)\(doing): \(reason(code))")
        }
        var info = stat()
        var mode: mode_t = 0o600
        var exists = false
        var target = path
        // NB: stat follows links as the kernel does (/dev/stdout's /proc link included).
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw CLIError("cannot write \(path): it is a folder; give a file's name") }
            if type != S_IFREG { return try writeInPlace(data, to: path, truncating: false, path: path) }
            mode = info.st_mode & 0o7777
            exists = true
            if let real = realpath(path, nil) {
                target = String(cString: real)
                free(real)
            }
        } else {
            target = resolvingLinks(path)
        }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var template = Array(((folder.isEmpty ? "." : folder) + "/.\(name).XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else {
            let code = errno
            // NB: a folder that takes no new files may still hold a writable file.
            if exists, code == EACCES || code == EPERM || code == EROFS { return try writeInPlace(data, to: target, truncating: true, path: path) }
            throw failure(code)
        }
        let temporary = String(cString: template.withUnsafeBufferPointer { $0.baseAddress! })
        var problem: Int32? = fchmod(descriptor, mode) == 0 ? nil : errno
        if problem == nil { problem = writeAll(data, to: descriptor) }
        if problem == nil, fsync(descriptor) != 0 { problem = errno }
        if close(descriptor) != 0, problem == nil { problem = errno }
        if problem == nil, rename(temporary, target) != 0 { problem = errno }
        if let problem {
            unlink(temporary)
            throw failure(problem)
        }
    }

    private static func writeInPlace(_ data: Data, to target: String, truncating: Bool, path: String) throws {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC | (truncating ? O_TRUNC : 0))
        guard descriptor >= 0 else { throw CLIError("cannot write \(path): \(reason(errno))") }
        let problem = writeAll(data, to: descriptor)
        close(descriptor)
        if let problem { throw CLIError("cannot write \(path): \(reason(problem))") }
    }

    /// `path` with its symbolic links followed (also a link whose target does not exist yet).
    static func resolvingLinks(_ path: String) -> String {
        var current = path
        for _ in 0..<40 {
            guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current) else { return current }
            current = destination.hasPrefix("/") ? destination
                : ((current as NSString).deletingLastPathComponent as NSString).appendingPathComponent(destination)
        }
        return current
    }
}
