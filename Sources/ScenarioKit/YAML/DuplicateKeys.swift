import Yams

/// Finds every duplicate key of a YAML file, not only the first.
///
/// The YAML parser stops at the first map with a repeated key and names the first key it
/// repeats, at that key's first place. To find the next one, that first occurrence is
/// renamed in a copy of the text (to characters no file uses, of the same length, so that
/// lines and columns stay) and the copy is parsed again, up to ``maximumReported`` times.
enum DuplicateKeys {
    static let maximumReported = 50

    static func all(in text: String, first: YamlError, path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.unicodeScalars) }
        var error: YamlError? = first
        var renamed = 0
        while let current = error, diagnostics.count < maximumReported {
            guard case let .duplicatedKeysInMapping(duplicates, context) = current, let key = duplicates.first else {
                diagnostics.append(YAMLDocument.diagnostic(for: current, path: path))
                break
            }
            let mark = context.mark
            diagnostics.append(.error(.duplicate, "key '\(key)' appears twice in the same map", at: SourceLocation(path: path, line: mark.line, column: mark.column)))
            // Rename this occurrence: the key as written (plain or quoted) at the mark.
            let keyScalars = Array(key.unicodeScalars)
            guard mark.line >= 1, mark.line <= lines.count, !keyScalars.isEmpty else { break }
            var line = lines[mark.line - 1]
            var column = mark.column - 1
            if column < line.count, line[column] == "\"" || line[column] == "'" { column += 1 }
            guard column >= 0, column + keyScalars.count <= line.count, Array(line[column..<column + keyScalars.count]) == keyScalars else { break }
            renamed += 1
            for offset in 0..<keyScalars.count {
                // Private-use characters: unique per renaming, never in a scenario.
                line[column + offset] = Unicode.Scalar(0xF0000 + renamed * 64 + min(offset, 63)) ?? "_"
            }
            lines[mark.line - 1] = line
            let copy = lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
            do {
                _ = try Yams.compose(yaml: copy)
                error = nil
            } catch let next as YamlError {
                if case .duplicatedKeysInMapping = next { error = next } else { error = nil }
            } catch {
                break
            }
        }
        return diagnostics
    }
}
