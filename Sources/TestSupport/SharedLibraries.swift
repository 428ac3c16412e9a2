import Foundation

/// Which shared libraries a run of salessim loads, and runs without one of them (issue 16:
/// libpq and libcurl are loaded only by the commands that use them).
public enum SharedLibraries {
    /// Libraries that only a results server or an xAPI export needs, and what they bring along.
    public static let onDemand = ["libpq.so", "libcurl", "libFoundationNetworking", "libssl", "libcrypto", "libgssapi",
                                  "libkrb5", "libldap", "libgnutls", "libnettle", "libp11-kit", "libnghttp2", "libssh"]

    /// An environment in which the dynamic linker reports every library it opens on stderr.
    public static let traced = ["LD_DEBUG": "files"]

    /// The libraries the dynamic linker opened in a run with ``traced`` (from its stderr).
    public static func loaded(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line in
            guard let start = line.range(of: "file=") else { return nil }
            return String(line[start.upperBound...].prefix { $0 != " " && $0 != "\t" })
        }
    }

    /// Whether this machine lets the tests hide a library from one run (a private mount
    /// namespace: `unshare --user --map-root-user --mount`).
    public static let canHide: Bool = {
        guard let output = try? CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/unshare")).run(["-rm", "true"]) else { return false }
        return output.status == 0
    }()

    /// Runs `runner`'s program with `soname` (where the dynamic linker's cache finds it)
    /// replaced by an empty file, in a mount namespace of its own: as on a machine where that
    /// library is not installed. Exit 90 when the library is not installed here at all.
    public static func run(_ runner: CommandRunner, without soname: String, _ arguments: [String],
                           input: Data? = nil, timeout: TimeInterval = 120) throws -> CommandRunner.Output {
        let folder = try PackagePaths.temporaryDirectory("salessim-hidden")
        let empty = folder.appendingPathComponent("empty")
        try Data().write(to: empty)
        let script = #"""
            set -e
            found=$(/sbin/ldconfig -p | awk -v name="$1" '$1 == name { print $NF; exit }')
            [ -n "$found" ] || { echo "test: $1 is not installed" >&2; exit 90; }
            mount --bind "$2" "$(readlink -f "$found")"
            shift 2
            exec "$@"
            """#
        var hidden = CommandRunner(executable: URL(fileURLWithPath: "/usr/bin/unshare"))
        hidden.environment = runner.environment
        hidden.workingDirectory = runner.workingDirectory
        return try hidden.run(["-rm", "/bin/sh", "-c", script, "sh", soname, empty.path, runner.executable.path] + arguments, input: input, timeout: timeout)
    }
}
