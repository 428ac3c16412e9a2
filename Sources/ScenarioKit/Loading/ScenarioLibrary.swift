import Foundation

/// Finds scenario files and rulebooks on disk.
///
/// The library is found wherever the program is started, in this order: `--scenarios DIR`, then
/// `SALESSIM_SCENARIOS`, then a `Scenarios/` folder holding a `rulebook.yaml` in the working
/// directory or any folder above it, then the installed library (`salessim install`:
/// `PREFIX/share/salessim/Scenarios` beside the installed program's `PREFIX/bin`, or
/// `$XDG_DATA_HOME/salessim/Scenarios`, by default `~/.local/share/salessim/Scenarios`), then a
/// `Scenarios/` beside or above the executable (the source tree it was built in).
public struct ScenarioLibrary: Sendable {
    /// The scenarios folder.
    public var root: String

    public init(root: String) {
        self.root = root
    }

    /// The library to use, or nil when none is found (the message says where it looked).
    public static func locate(explicit: String?, environment: [String: String], workingDirectory: String, executablePath: String) -> Result<ScenarioLibrary, LibraryError> {
        if let explicit { return existing(explicit, from: "--scenarios") }
        if let fromEnvironment = environment["SALESSIM_SCENARIOS"], !fromEnvironment.isEmpty {
            return existing(fromEnvironment, from: "SALESSIM_SCENARIOS")
        }
        let executableDirectory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent().path
        var searched: [String] = []
        func isLibrary(_ path: String) -> Bool {
            FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("rulebook.yaml"))
        }
        // A Scenarios/ above the working folder comes first (a trainer's checkout).
        var directory = URL(fileURLWithPath: workingDirectory).standardizedFileURL
        while true {
            let candidate = directory.appendingPathComponent("Scenarios")
            searched.append(candidate.path)
            if isLibrary(candidate.path) { return .success(ScenarioLibrary(root: candidate.path)) }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        for installed in installedLocations(environment: environment, executableDirectory: executableDirectory) {
            searched.append(installed)
            if isLibrary(installed) { return .success(ScenarioLibrary(root: installed)) }
        }
        for start in [executableDirectory] {
            var directory = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                let candidate = directory.appendingPathComponent("Scenarios")
                searched.append(candidate.path)
                if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("rulebook.yaml").path) {
                    return .success(ScenarioLibrary(root: candidate.path))
                }
                let parent = directory.deletingLastPathComponent()
                if parent.path == directory.path { break }
                directory = parent
            }
        }
        return .failure(LibraryError(message: "no Scenarios/ folder with a rulebook.yaml was found (looked in the working directory and the folders above it, the installed library \(installedLocations(environment: environment, executableDirectory: executableDirectory).joined(separator: " and ")), and the program's folder and those above it); install one with 'salessim install', or use --scenarios DIR or SALESSIM_SCENARIOS"))
    }

    /// Where `salessim install` puts the library, in the order searched: beside the installed
    /// program (`PREFIX/share/salessim/Scenarios` for `PREFIX/bin/salessim`), then the XDG data
    /// folder.
    public static func installedLocations(environment: [String: String], executableDirectory: String) -> [String] {
        let beside = URL(fileURLWithPath: executableDirectory).deletingLastPathComponent()
            .appendingPathComponent("share/salessim/Scenarios").standardizedFileURL.path
        let data: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            data = xdg
        } else {
            data = ((environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) as NSString).appendingPathComponent(".local/share")
        }
        let xdgLibrary = (data as NSString).appendingPathComponent("salessim/Scenarios")
        return beside == xdgLibrary ? [beside] : [beside, xdgLibrary]
    }

    /// The rulebook's `version:`, read from the top-level line without parsing the file (for
    /// `salessim --version`); nil when it cannot be read.
    public var rulebookVersion: Int? {
        guard let handle = FileHandle(forReadingAtPath: rulebookPath) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 16 * 1024)) ?? Data(), as: UTF8.self)
        for line in head.split(separator: "\n") where line.hasPrefix("version:") {
            return Int(line.dropFirst("version:".count).split(separator: "#").first?.trimmingCharacters(in: .whitespaces) ?? "")
        }
        return nil
    }

    private static func existing(_ path: String, from source: String) -> Result<ScenarioLibrary, LibraryError> {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return .failure(LibraryError(message: "\(source): '\(path)' is not a folder"))
        }
        return .success(ScenarioLibrary(root: path))
    }

    /// The library's rulebook file.
    public var rulebookPath: String { (root as NSString).appendingPathComponent("rulebook.yaml") }

    /// The library's curriculum file (`curriculum.yaml` at its top), when there is one.
    public var curriculumPath: String? {
        let path = root.hasSuffix("/") ? root + "curriculum.yaml" : root + "/curriculum.yaml"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Scenario files under the library, sorted.
    public var scenarioFiles: [String] { ScenarioLibrary.yamlFiles(under: root).filter { ScenarioLibrary.kind(of: $0) == .scenario } }

    /// What a YAML file of the library holds, told by its content (its top-level keys), not its name.
    public enum FileKind: Sendable, Equatable {
        case scenario, rulebook, calibration
        /// The certifications and the exams they need (`curriculum.yaml`, see ``Curriculum``).
        case curriculum
        /// A scenario's inbox file (`NAME.inbox.yaml`, see ``InboxFile``), read with its scenario.
        case inbox
    }

    /// A rulebook has top-level `rules:` and no `scenario:`; a calibration corpus has `corpus:`;
    /// a curriculum has `curriculum:` and `certifications:`;
    /// everything else is read as a scenario (and its problems reported as such).
    public static func kind(of path: String) -> FileKind {
        if isRulebook(path) { return .rulebook }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .scenario }
        defer { try? handle.close() }
        // The whole file (up to the size limit): a rulebook's `rules:` comes after its lexicons,
        // far below the top (line 549 of the library's, past 64 KiB).
        return kind(of: path, head: [UInt8]((try? handle.read(upToCount: YAMLDocument.maximumBytes)) ?? Data()))
    }

    /// What a file holds, told from its contents (an editor's buffer).
    public static func kind(of path: String, head: [UInt8]) -> FileKind {
        if isRulebook(path) { return .rulebook }
        // Top-level keys are the lines that start with a letter; a scenario says so near the top.
        var keys = Set<String>()
        var index = 0
        while index < head.count {
            var end = index
            while end < head.count && head[end] != UInt8(ascii: "\n") { end += 1 }
            if index < end, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(head[index]),
               let colon = head[index..<end].firstIndex(of: UInt8(ascii: ":")) {
                let key = String(decoding: head[index..<colon], as: UTF8.self)
                if key == "scenario" { return .scenario }
                keys.insert(key)
            }
            index = end + 1
        }
        if keys.contains("corpus") && (keys.contains("rule-cases") || keys.contains("recognition-cases")) { return .calibration }
        if keys.contains("inbox-for") { return .inbox }
        if keys.contains("curriculum") && keys.contains("certifications") { return .curriculum }
        if keys.contains("rules") && keys.contains("version") { return .rulebook }
        return .scenario
    }

    /// `.yaml`/`.yml` files under `path` (or `path` itself), sorted; `schema/` and hidden folders skipped.
    ///
    /// Folders are walked as they are on disk: a symbolic link is listed by its own name and not
    /// followed into (a link to a folder is not walked).
    public static func yamlFiles(under path: String) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        guard info.st_mode & S_IFMT == S_IFDIR else { return [path] }
        var files: [String] = []
        // NB: readdir rather than FileManager's enumerator, which made a URL and read the
        // properties of every entry: a visit's start lists the library to find its scenario.
        walk(path.hasSuffix("/") ? String(path.dropLast()) : path, shownAs: path.hasSuffix("/") ? path : path + "/", into: &files)
        return files.sorted()
    }

    /// The `.yaml`/`.yml` entries of `folder` and its subfolders (hidden ones, `schema/` and
    /// `Fixtures/` skipped), each as `prefix` followed by its path under `folder`.
    private static func walk(_ folder: String, shownAs prefix: String, into files: inout [String]) {
        guard let stream = opendir(folder) else { return }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            var isFolder = Int32(entry.pointee.d_type) == DT_DIR
            if Int32(entry.pointee.d_type) == DT_UNKNOWN {
                var info = stat()
                isFolder = lstat(folder + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
            }
            if isFolder && (name == "schema" || name == "Fixtures") { continue }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { files.append(prefix + name) }
            if isFolder { walk(folder + "/" + name, shownAs: prefix + name + "/", into: &files) }
        }
    }

    /// Whether a file is a rulebook rather than a scenario (by name).
    public static func isRulebook(_ path: String) -> Bool {
        (path as NSString).lastPathComponent == "rulebook.yaml"
    }

    /// The rulebook that governs a scenario file: the nearest `rulebook.yaml` in its folder or
    /// above, else `fallback`.
    public static func rulebookPath(for file: String, fallback: String?) -> String? {
        var directory = standardPath(file)
        for _ in 0..<64 {
            guard let slash = directory.lastIndex(of: "/") else { break }
            directory = String(directory[..<slash])
            let candidate = directory + "/rulebook.yaml"
            if access(candidate, F_OK) == 0 { return candidate }
            if directory.isEmpty { break }
        }
        return fallback
    }
}

/// Why no scenario library could be used.
public struct LibraryError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
