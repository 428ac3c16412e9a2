import Foundation
import TerminalSafety
import Yams

/// Reads one YAML file into a ``YAMLNode`` tree, refusing hostile input with a diagnostic.
///
/// A file is refused before parsing when it is larger than ``maximumBytes``, is not UTF-8 text,
/// or nests deeper than ``maximumDepth``; after parsing when its aliases expand to more than
/// ``maximumNodes`` nodes (a "billion laughs" alias bomb). Nothing here throws or traps.
public enum YAMLDocument {
    public static let maximumBytes = 1 << 20
    public static let maximumDepth = 64
    public static let maximumNodes = 100_000

    /// The outcome of reading a file: the root node (nil when unusable), the text, and problems.
    public struct Result: Sendable {
        public var root: YAMLNode?
        public var text: String
        public var diagnostics: [Diagnostic]
    }

    /// The bytes of the file at `path` when it is a regular file within ``maximumBytes``; nil
    /// otherwise (``load(path:cache:)`` then says why). A file over the limit is not read.
    static func contents(ofSmallFile path: String) -> Data? {
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) <= maximumBytes else { return nil }
        guard let data = FileManager.default.contents(atPath: path), data.count <= maximumBytes else { return nil }
        return data
    }

    /// Reads and parses the file at `path` (through `cache` when given, see ``YAMLCache``).
    public static func load(path: String, cache: YAMLCache? = nil) -> Result {
        let start = SourceLocation(path: path, line: 1, column: 1)
        let url = URL(fileURLWithPath: path)
        // NB: stat, not FileManager's attributes: their dictionary of `Any` cost a visit's start
        // a few hundred microseconds of first-time casts for the one number needed.
        var status = stat()
        guard stat(path, &status) == 0 else {
            return Result(root: nil, text: "", diagnostics: [.error(.notText, "cannot read the file", at: start)])
        }
        if case let size = Int(status.st_size), size > maximumBytes {
            return Result(root: nil, text: "", diagnostics: [.error(.tooLarge, "file is \(size) bytes; the limit is \(maximumBytes) (1 MiB)", at: start)])
        }
        guard let data = try? Data(contentsOf: url) else {
            return Result(root: nil, text: "", diagnostics: [.error(.notText, "cannot read the file", at: start)])
        }
        return parse(data: data, path: path, cache: cache)
    }

    /// Parses file contents; `path` is used for locations only.
    public static func parse(data: Data, path: String, cache: YAMLCache? = nil) -> Result {
        let start = SourceLocation(path: path, line: 1, column: 1)
        guard data.count <= maximumBytes else {
            return Result(root: nil, text: "", diagnostics: [.error(.tooLarge, "file is \(data.count) bytes; the limit is \(maximumBytes) (1 MiB)", at: start)])
        }
        // NB: memchr, not firstIndex(of:): a byte loop over Data is slow for a whole rulebook.
        let zeroOffset = data.withUnsafeBytes { buffer -> Int? in
            guard let base = buffer.baseAddress, let found = memchr(base, 0, buffer.count) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
        if let zeroOffset {
            let location = location(ofByte: zeroOffset, in: data, path: path)
            return Result(root: nil, text: "", diagnostics: [.error(.notText, "file contains a NUL byte: this is not a text file", at: location)])
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let bad = firstInvalidUTF8Byte(data)
            return Result(root: nil, text: "", diagnostics: [.error(.notText, "file is not valid UTF-8 text (save it as UTF-8)", at: location(ofByte: bad, in: data, path: path))])
        }
        return parse(text: text, path: path, cache: cache)
    }

    /// Parses YAML text; `path` is used for locations only. A UTF-8 byte-order mark at the
    /// start (Windows editors write one) is skipped. With a `cache`, a text parsed before without
    /// any diagnostic is not parsed again, and a new one is kept.
    public static func parse(text: String, path: String, cache: YAMLCache? = nil) -> Result {
        var text = text
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        if let cache, let root = cache.tree(for: text, path: path) {
            return Result(root: root, text: text, diagnostics: [])
        }
        let start = SourceLocation(path: path, line: 1, column: 1)
        if text.allSatisfy({ $0.isWhitespace }) {
            return Result(root: nil, text: text, diagnostics: [.error(.emptyDocument, "file is empty", at: start)])
        }
        if let (line, column) = NestingScanner.firstTooDeep(in: text, limit: maximumDepth) {
            return Result(root: nil, text: text, diagnostics: [.error(.tooComplex, "nesting is deeper than \(maximumDepth) levels", at: SourceLocation(path: path, line: line, column: column))])
        }
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            if case .duplicatedKeysInMapping = error {
                return Result(root: nil, text: text, diagnostics: DuplicateKeys.all(in: text, first: error, path: path))
            }
            return Result(root: nil, text: text, diagnostics: [diagnostic(for: error, path: path)])
        } catch {
            return Result(root: nil, text: text, diagnostics: [.error(.yamlSyntax, "\(error)", at: start)])
        }
        guard let composed else {
            return Result(root: nil, text: text, diagnostics: [.error(.emptyDocument, "file holds no YAML document", at: start)])
        }
        var budget = maximumNodes
        var tooDeep: SourceLocation?
        var problems: [Diagnostic] = []
        guard let root = convert(composed, path: path, budget: &budget, depth: 0, tooDeep: &tooDeep, fallback: start, problems: &problems) else {
            if let tooDeep {
                return Result(root: nil, text: text, diagnostics: [.error(.tooComplex, "nesting is deeper than \(maximumDepth) levels", at: tooDeep)])
            }
            return Result(root: nil, text: text, diagnostics: [.error(.tooComplex, "document expands to more than \(maximumNodes) YAML nodes (too many aliases?)", at: start)])
        }
        if let cache, problems.isEmpty { cache.keep(root, for: text) }
        return Result(root: root, text: text, diagnostics: problems)
    }

    /// The tags of YAML's core schema, and none (`""`) or the non-specific `!`: everything a
    /// scenario needs. Others (`!!binary`, `!!set`, `!custom`) would be read as plain text.
    static let coreTags: Set<String> = [
        "", "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
    ]

    /// SC0023 for a tag outside ``coreTags``.
    private static func checkTag(_ tag: Tag, at location: SourceLocation, problems: inout [Diagnostic]) {
        let name = tag.rawValue
        guard !coreTags.contains(name) else { return }
        let shown = name.hasPrefix("tag:yaml.org,2002:") ? "!!" + name.dropFirst("tag:yaml.org,2002:".count) : name
        problems.append(.error(.unsupportedTag, "the YAML tag '\(TerminalSafe.visible(String(shown)))' is not supported; remove it (only plain text, numbers, true/false, lists and maps are read)", at: location))
    }

    /// SC0022 for text that holds a control, bidi or invisible character once YAML's escapes
    /// (`"\e"`, `"\u202E"`) are processed; line feeds and tabs are text.
    private static func checkText(_ text: String, at location: SourceLocation, problems: inout [Diagnostic]) {
        guard let (offset, scalar) = TerminalSafe.firstUnsafe(in: text) else { return }
        let what = TerminalSafe.isBidiControl(scalar) ? "a bidi control" : scalar.properties.generalCategory == .format ? "an invisible character" : "a control character"
        problems.append(.error(.unsafeCharacter, "text holds \(what) \(TerminalSafe.token(for: scalar)) at character \(offset + 1); it could rewrite a trainee's terminal or hide text: remove it", at: location))
    }

    /// The YAMLNode tree of `node`; nil when it has more than `budget` nodes, or lists and maps
    /// nested deeper than ``maximumDepth`` (then `tooDeep` says where). The depth is checked here
    /// as well as by ``NestingScanner``: the scan is a fast estimate that quotes can mislead
    /// (`[a 'b, [[[…` hides the brackets after the quote from it, not from YAML).
    private static func convert(_ node: Node, path: String, budget: inout Int, depth: Int, tooDeep: inout SourceLocation?,
                                fallback: SourceLocation, problems: inout [Diagnostic]) -> YAMLNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let location = node.mark.map { SourceLocation(path: path, line: $0.line, column: $0.column) } ?? fallback
        switch node {
        case .mapping, .sequence:
            guard depth < maximumDepth else {
                tooDeep = location
                return nil
            }
        default:
            break
        }
        switch node {
        case let .scalar(scalar):
            checkTag(scalar.tag, at: location, problems: &problems)
            checkText(scalar.string, at: location, problems: &problems)
            return YAMLNode(value: .scalar(scalar.string, plain: scalar.style == .plain), location: location)
        case let .mapping(mapping):
            checkTag(mapping.tag, at: location, problems: &problems)
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            for (key, value) in mapping {
                guard let k = convert(key, path: path, budget: &budget, depth: depth + 1, tooDeep: &tooDeep, fallback: location, problems: &problems),
                      let v = convert(value, path: path, budget: &budget, depth: depth + 1, tooDeep: &tooDeep, fallback: location, problems: &problems) else { return nil }
                pairs.append((k, v))
            }
            return YAMLNode(value: .map(pairs), location: location)
        case let .sequence(sequence):
            checkTag(sequence.tag, at: location, problems: &problems)
            var items: [YAMLNode] = []
            for item in sequence {
                guard let converted = convert(item, path: path, budget: &budget, depth: depth + 1, tooDeep: &tooDeep, fallback: location, problems: &problems) else { return nil }
                items.append(converted)
            }
            return YAMLNode(value: .list(items), location: location)
        case let .alias(alias):
            return YAMLNode(value: .scalar("*\(alias.anchor.rawValue)", plain: false), location: location)
        }
    }

    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(path: path, line: mark.line, column: mark.column) }
        let start = SourceLocation(path: path, line: 1, column: 1)
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            // libyaml stops at 1,000 levels on its own; nesting that deep is over our limit too.
            if problem.hasPrefix("Maximum nesting level reached") {
                return .error(.tooComplex, "nesting is deeper than \(maximumDepth) levels", at: at(mark))
            }
            var message = problem
            if let context { message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))" }
            return .error(.yamlSyntax, message, at: at(mark))
        case let .reader(problem, offset, _, _):
            return .error(.notText, "\(problem)\(offset.map { " at byte \($0)" } ?? "")", at: start)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .error(.duplicate, "key '\(duplicates.joined(separator: "', '"))' appears twice in the same map", at: at(context.mark))
        default:
            return .error(.yamlSyntax, "\(error)", at: start)
        }
    }

    private static func firstInvalidUTF8Byte(_ data: Data) -> Int {
        var index = 0
        let bytes = [UInt8](data)
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
            if let string = String(validating: bytes[index..<index + length], as: UTF8.self), !string.isEmpty {
                index += length
            } else {
                return index
            }
        }
        return index
    }

    private static func location(ofByte offset: Int, in data: Data, path: String) -> SourceLocation {
        let bytes = data.prefix(offset)
        let line = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let lineStart = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? data.startIndex
        let column = (String(decoding: data[lineStart..<(data.startIndex + offset)], as: UTF8.self).unicodeScalars.count) + 1
        return SourceLocation(path: path, line: line, column: column)
    }
}
