import Foundation

/// Parsed YAML trees kept on disk between runs, so that a visit's start does not parse the
/// rulebook (and its scenario) again: YAML parsing is most of the time from `salessim play` to
/// the first prompt.
///
/// An entry is keyed by a hash of the file's text and holds the whole text it was parsed from:
/// it is used only when that text is byte for byte the file's, so a changed file, a hash
/// collision or another file's entry is never taken for it. Only documents that parsed without
/// any diagnostic are kept, and a hit gives exactly the tree the parser gave (the path of every
/// location is the one asked for), so everything built from it is the same.
///
/// The cache is never required: an entry that is missing, unreadable, truncated, corrupt (a
/// checksum covers it), of another format version, not owned by the user or writable by others
/// is ignored and written again; a folder that cannot be made private is not used. Entries are
/// written to a temporary file with mode 0600 and renamed into place, in a folder of mode 0700.
///
/// ```swift
/// let cache = YAMLCache.standard()
/// let rulebook = RulebookLoader.load(path: "Scenarios/rulebook.yaml", cache: cache)
/// ```
public struct YAMLCache: Sendable {
    /// The folder of the entries.
    public var directory: URL { URL(fileURLWithPath: folder) }
    /// Its path. NB: entries are named by joining strings: through `URL` that was a tenth of a
    /// millisecond for each entry a visit's start read.
    let folder: String

    /// Entries of this format are read; others are ignored (and replaced).
    static let magic: [UInt8] = Array("salessim-yaml-cache\n".utf8)
    // NB: 2: the name's hash and the checksum are ``digest(_:)``, not FNV-1a.
    static let formatVersion: UInt32 = 2
    /// Files larger than the parser accepts are never cached.
    static let maximumTextBytes = YAMLDocument.maximumBytes

    public init(directory: URL) {
        folder = directory.path
    }

    init(folder: String) {
        self.folder = folder
    }

    /// The most its entries may take on disk. Past it, the first entry a program writes removes
    /// the entries used longest ago down to three quarters of it (an entry read is marked used,
    /// at most once a day). NB: every edit of a rulebook leaves a snapshot of about 200 KB and a
    /// YAML tree of 500 KB behind; without a limit a trainer's cache only grew.
    public var byteLimit: Int64 = 64 << 20

    /// The path of the entry named `name`.
    func entryPath(_ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    /// ``standard(environment:)`` for this process's environment (read without building all of it).
    public static func standard() -> YAMLCache? {
        func variable(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
        return standard(cacheSwitch: variable("SALESSIM_YAML_CACHE"), cacheHome: variable("XDG_CACHE_HOME"), home: variable("HOME"))
    }

    /// `$XDG_CACHE_HOME/salessim/yaml`, else `~/.cache/salessim/yaml`; nil when neither is known
    /// or when `SALESSIM_YAML_CACHE` is `off`.
    public static func standard(environment: [String: String]) -> YAMLCache? {
        standard(cacheSwitch: environment["SALESSIM_YAML_CACHE"], cacheHome: environment["XDG_CACHE_HOME"], home: environment["HOME"])
    }

    static func standard(cacheSwitch: String?, cacheHome: String?, home: String?) -> YAMLCache? {
        if cacheSwitch == "off" { return nil }
        let base: String
        if let cacheHome, cacheHome.hasPrefix("/") {
            base = ScenarioLibrary.standardPath(cacheHome)
        } else if let home, home.hasPrefix("/") {
            base = ScenarioLibrary.standardPath(home + "/.cache")
        } else {
            return nil
        }
        return YAMLCache(folder: (base == "/" ? "" : base) + "/salessim/yaml")
    }

    /// The tree parsed from `text` (locations naming `path`), when a valid entry holds it.
    /// NB: the text's bytes are read in place, never copied: a rulebook's text, its entry and
    /// copies of both were a visit's peak of memory.
    func tree(for text: String, path: String) -> YAMLNode? {
        let source = text.utf8
        guard source.count <= YAMLCache.maximumTextBytes, let bytes = readEntry(entryPath(for: source)) else { return nil }
        var reader = YAMLCacheReader(bytes: bytes, path: path)
        return reader.tree(expecting: source)
    }

    /// Keeps the tree parsed from `text`; failures are silent (the cache is never required).
    func keep(_ root: YAMLNode, for text: String) {
        let source = Array(text.utf8)
        guard source.count <= YAMLCache.maximumTextBytes, makeDirectory() else { return }
        var writer = YAMLCacheWriter()
        writer.write(root, source: source)
        writeEntry(writer.bytes, to: entryPath(for: source))
    }

    /// The entry's name: the text's hash and length (the entry itself proves which text it holds).
    func entryPath(for source: some Collection<UInt8>) -> String {
        let hash = source.withContiguousStorageIfAvailable { YAMLCache.digest(UnsafeRawBufferPointer($0)) } ?? Array(source).withUnsafeBytes(YAMLCache.digest)
        return entryPath(String(hash, radix: 16) + "-" + String(source.count, radix: 16) + ".tree")
    }

    /// A 64-bit digest of `bytes`, eight bytes at a time in four lanes: the name of an entry
    /// (with its length) and its checksum.
    ///
    /// NB: not FNV-1a, as before: byte at a time, it took most of a millisecond of a visit's start
    /// over a scenario's text and its entry. A change of any one word changes the digest (every
    /// step is a bijection of its lane), which is what finding a damaged entry needs; a name is
    /// only a hint: a YAML tree entry holds the text it was made from, a snapshot a second digest.
    ///
    /// `seed` starts the lanes elsewhere: a digest with another seed is a second, independent
    /// 64 bits of the same bytes (a snapshot keeps one of the text it was made from, beside the
    /// name's, instead of the text itself).
    static func digest(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B1_85EB_CA87
        func step(_ lane: UInt64, _ word: UInt64) -> UInt64 {
            let mixed = (lane ^ word) &* prime
            return mixed << 31 | mixed >> 33
        }
        var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243F_6A88_85A3_08D3 ^ seed, 0x1319_8A2E_0370_7344 ^ seed, 0xA409_3822_299F_31D0 ^ seed, 0x082E_FA98_EC4E_6C89 ^ seed)
        let count = bytes.count
        var offset = 0
        while offset + 32 <= count {
            lanes.0 = step(lanes.0, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            lanes.1 = step(lanes.1, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            lanes.2 = step(lanes.2, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            lanes.3 = step(lanes.3, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        while offset < count {
            lanes.0 = step(lanes.0, UInt64(bytes[offset]))
            offset += 1
        }
        var value = step(step(step(step(UInt64(count), lanes.0), lanes.1), lanes.2), lanes.3)
        // A final mix (MurmurHash3's), so that every bit of a name depends on every lane.
        value ^= value >> 33
        value = value &* 0xFF51_AFD7_ED55_8CCD
        value ^= value >> 33
        value = value &* 0xC4CE_B9FE_1A85_EC53
        value ^= value >> 33
        return value
    }

    static func digest(_ bytes: UnsafeRawBufferPointer) -> UInt64 { digest(bytes, seed: 0) }

    // MARK: files

    /// The entry's bytes, when it is a regular file of ours that nobody else may write.
    func readEntry(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_uid == geteuid(),
              status.st_mode & (S_IWGRP | S_IWOTH) == 0, status.st_size > 0, status.st_size <= 4 * YAMLCache.maximumTextBytes + (1 << 20)
        else { return nil }
        let size = Int(status.st_size)
        // NB: not zeroed first: clearing a rulebook's snapshot before reading it over was a
        // third of a millisecond. Only the bytes read are kept.
        var complete = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var done = 0
            while done < size {
                let count = read(descriptor, buffer.baseAddress.map { $0 + done }, size - done)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                done += count
            }
            initialized = done
            complete = done == size
        }
        guard complete else { return nil }
        // NB: marked used (its time set to now) when not marked today, so that pruning keeps it.
        if time(nil) - status.st_mtim.tv_sec > 86_400 { futimens(descriptor, nil) }
        return bytes
    }

    /// The cache folder, made (mode 0700) when missing; false when it is not a private folder of ours.
    func makeDirectory() -> Bool {
        var status = stat()
        if lstat(folder, &status) != 0 {
            do {
                try FileManager.default.createDirectory(at: directory.deletingLastPathComponent(), withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                return false
            }
            guard mkdir(folder, 0o700) == 0 || errno == EEXIST, lstat(folder, &status) == 0 else { return false }
        }
        return (status.st_mode & S_IFMT) == S_IFDIR && status.st_uid == geteuid() && status.st_mode & 0o077 == 0
    }

    /// Writes `bytes` to a new file of mode 0600 beside `path` and renames it into place.
    func writeEntry(_ bytes: [UInt8], to path: String) {
        let temporary = path + ".\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        var done = 0
        var failed = false
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + done }, bytes.count - done)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { failed = true; break }
            done += count
        }
        if close(descriptor) != 0 { failed = true }
        if failed || rename(temporary, path) != 0 {
            unlink(temporary)
        } else if YAMLCache.pruning.firstTime() {
            prune(keeping: path)
        }
    }

    /// Whether this program has pruned a cache yet (it does so once, on its first write: a lint
    /// run that writes a thousand entries lists the folder once, not a thousand times).
    static let pruning = OnceFlag()

    /// Removes the entries used longest ago until they take at most three quarters of
    /// ``byteLimit`` (when they take more than it), never `kept`; and temporary files of writes
    /// that did not finish, an hour old. Only regular files of ours with an entry's suffix.
    func prune(keeping kept: String) {
        guard let handle = opendir(folder) else { return }
        defer { closedir(handle) }
        var entries: [(path: String, size: Int64, used: Int)] = []
        var total: Int64 = 0
        let now = time(nil)
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
            }
            let temporary = name.hasSuffix(".tmp")
            guard temporary || [".tree", ".rulebook", ".scenario", ".clean"].contains(where: { name.hasSuffix($0) }) else { continue }
            let path = entryPath(name)
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_uid == geteuid() else { continue }
            if temporary {
                if now - status.st_mtim.tv_sec > 3_600 { unlink(path) }
                continue
            }
            total += Int64(status.st_size)
            entries.append((path, Int64(status.st_size), status.st_mtim.tv_sec))
        }
        guard total > byteLimit else { return }
        for entry in entries.sorted(by: { $0.used < $1.used }) where entry.path != kept {
            guard total > byteLimit / 4 * 3 else { break }
            if unlink(entry.path) == 0 { total -= entry.size }
        }
    }
}

/// True the first time it is asked, then false (for every thread).
/// NB: not the standard library's `Atomic`: the package still builds for macOS 14, which lacks it.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var asked = false

    func firstTime() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        defer { asked = true }
        return !asked
    }
}

/// Writes an entry: magic, format version, the source text, the tree (pre-order), and a checksum.
struct YAMLCacheWriter {
    private(set) var bytes: [UInt8] = []

    mutating func write(_ root: YAMLNode, source: [UInt8]) {
        bytes = YAMLCache.magic
        integer(UInt64(YAMLCache.formatVersion))
        integer(UInt64(source.count))
        bytes += source
        node(root)
        let checksum = bytes.withUnsafeBytes(YAMLCache.digest)
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: checksum >> UInt64(shift))) }
    }

    private mutating func node(_ node: YAMLNode) {
        switch node.value {
        case let .scalar(text, plain):
            bytes.append(plain ? 0 : 1)
            location(node.location)
            let utf8 = Array(text.utf8)
            integer(UInt64(utf8.count))
            bytes += utf8
        case let .map(pairs):
            bytes.append(2)
            location(node.location)
            integer(UInt64(pairs.count))
            for pair in pairs {
                self.node(pair.key)
                self.node(pair.value)
            }
        case let .list(items):
            bytes.append(3)
            location(node.location)
            integer(UInt64(items.count))
            for item in items { self.node(item) }
        }
    }

    private mutating func location(_ location: SourceLocation) {
        integer(UInt64(max(0, location.line)))
        integer(UInt64(max(0, location.column)))
    }

    /// LEB128: seven bits a byte, low first.
    private mutating func integer(_ value: UInt64) {
        LEB128.append(value, to: &bytes)
    }
}

/// Reads an entry written by ``YAMLCacheWriter``; any inconsistency gives nil.
struct YAMLCacheReader {
    let bytes: [UInt8]
    let path: String
    private var offset = 0
    private var nodes = 0

    init(bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    /// The tree, when the entry is whole, of this format, and made from exactly `source`.
    mutating func tree(expecting source: String.UTF8View) -> YAMLNode? {
        let magic = YAMLCache.magic
        guard bytes.count > magic.count + 8, bytes[0..<magic.count].elementsEqual(magic) else { return nil }
        let body = bytes.count - 8
        var checksum: UInt64 = 0
        for index in 0..<8 { checksum |= UInt64(bytes[body + index]) << UInt64(index * 8) }
        guard bytes.withUnsafeBytes({ YAMLCache.digest(UnsafeRawBufferPointer(rebasing: $0[0..<body])) }) == checksum else { return nil }
        offset = magic.count
        guard integer() == UInt64(YAMLCache.formatVersion), let length = integer(), length == UInt64(source.count),
              offset + source.count <= body, holds(source, at: offset) else { return nil }
        offset += source.count
        guard let root = node(depth: 0, end: body), offset == body else { return nil }
        return root
    }

    /// Whether the entry holds `source` at `start` (which leaves room for it).
    private func holds(_ source: String.UTF8View, at start: Int) -> Bool {
        // NB: memcmp when the text is contiguous (a file's always is): comparing a scenario's text
        // byte by byte through its UTF-8 view was a tenth of a millisecond of a visit's start.
        let compared = source.withContiguousStorageIfAvailable { text in
            bytes.withUnsafeBufferPointer { entry in
                guard let entryStart = entry.baseAddress, let textStart = text.baseAddress else { return text.isEmpty }
                return memcmp(entryStart + start, textStart, text.count) == 0
            }
        }
        return compared ?? bytes[start..<start + source.count].elementsEqual(source)
    }

    private mutating func node(depth: Int, end: Int) -> YAMLNode? {
        nodes += 1
        guard depth <= YAMLDocument.maximumDepth + 1, nodes <= YAMLDocument.maximumNodes, offset < end else { return nil }
        let kind = bytes[offset]
        offset += 1
        guard let line = integer(), let column = integer(), line <= UInt64(Int32.max), column <= UInt64(Int32.max) else { return nil }
        let location = SourceLocation(path: path, line: Int(line), column: Int(column))
        switch kind {
        case 0, 1:
            guard let length = integer(), length <= UInt64(end - offset) else { return nil }
            let count = Int(length)
            // NB: decoded, not validated: the entry is checksummed and its source is the file's
            // text byte for byte, and decoding never traps (a bad byte would become U+FFFD).
            let text = String(decoding: bytes[offset..<offset + count], as: UTF8.self)
            offset += count
            return YAMLNode(value: .scalar(text, plain: kind == 0), location: location)
        case 2:
            guard let count = integer(), count <= UInt64(end - offset) else { return nil }
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            pairs.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                guard let key = node(depth: depth + 1, end: end), let value = node(depth: depth + 1, end: end) else { return nil }
                pairs.append((key, value))
            }
            return YAMLNode(value: .map(pairs), location: location)
        case 3:
            guard let count = integer(), count <= UInt64(end - offset) else { return nil }
            var items: [YAMLNode] = []
            items.reserveCapacity(Int(count))
            for _ in 0..<Int(count) {
                guard let item = node(depth: depth + 1, end: end) else { return nil }
                items.append(item)
            }
            return YAMLNode(value: .list(items), location: location)
        default:
            return nil
        }
    }

    private mutating func integer() -> UInt64? {
        LEB128.read(bytes, at: &offset)
    }
}
