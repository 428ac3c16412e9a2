import CEditLine
@preconcurrency import Glibc

/// Locale set-up and column arithmetic for text shown on a terminal.
public enum TerminalText {
    /// Makes the C library's character type locale UTF-8, so libedit and `wcwidth` see
    /// Chinese as characters.
    ///
    /// In the C locale (no `LANG`, as under `env -i` or in CI) libedit silently drops every
    /// non-ASCII character. This first adopts the environment's `LC_CTYPE`; if that is not
    /// UTF-8 it falls back to `C.UTF-8`, which Debian always installs. Only `LC_CTYPE` is
    /// changed: number and date formatting in C libraries stay in the C locale. Call it once
    /// at start-up, before other threads run (`setlocale` is not thread-safe).
    ///
    /// - Returns: whether the character type locale is UTF-8 afterwards.
    @discardableResult
    public static func ensureUTF8Locale() -> Bool {
        _ = setlocale(LC_CTYPE, "")
        if codesetIsUTF8() { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if codesetIsUTF8() { return true }
        }
        return false
    }

    /// Whether the current `LC_CTYPE` codeset is UTF-8.
    public static func codesetIsUTF8() -> Bool {
        guard let codeset = cel_codeset() else { return false }
        let name = String(cString: codeset).lowercased()
        return name == "utf-8" || name == "utf8"
    }

    /// The number of terminal columns `s` occupies: `wcwidth` per Unicode scalar, so CJK
    /// characters count 2, combining marks 0, and control characters (for which `wcwidth`
    /// returns -1) 0.
    ///
    /// Independent of the process locale: it evaluates `wcwidth` under a private `C.UTF-8`
    /// locale installed for the calling thread only.
    public static func displayWidth(_ s: String) -> Int {
        let previous = utf8Locale.map { uselocale($0) }
        defer { if let previous { _ = uselocale(previous) } }
        var width = 0
        for scalar in s.unicodeScalars {
            width += max(0, Int(wcwidth(wchar_t(bitPattern: scalar.value))))
        }
        return width
    }

    /// `s` followed by spaces up to `width` columns; unchanged when already that wide.
    public static func pad(_ s: String, toWidth width: Int) -> String {
        let missing = width - displayWidth(s)
        return missing > 0 ? s + String(repeating: " ", count: missing) : s
    }

    /// `text` wrapped to `width` columns by display width: Latin text breaks at spaces (a word
    /// longer than the line is cut), CJK text between characters, never inside a character;
    /// escape sequences (colour) take no width. Existing line breaks are kept.
    public static func wrap(_ text: String, width: Int) -> String {
        guard width > 8 else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { wrapLine(String($0), width: width) }.joined(separator: "\n")
    }

    static func wrapLine(_ line: String, width: Int) -> String {
        guard displayWidth(stripEscapes(line)) > width else { return line }
        // Units: runs of Latin letters/digits (a word, kept whole), an escape sequence, or one character.
        var units: [String] = []
        var word = ""
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "\u{1B}" {
                if !word.isEmpty { units.append(word); word = "" }
                var end = line.index(after: index)
                while end < line.endIndex, !(line[end].isLetter && line[end] != "[") { end = line.index(after: end) }
                if end < line.endIndex { end = line.index(after: end) }
                units.append(String(line[index..<end]))
                index = end
                continue
            }
            if (character.isASCII && character != " ") || "’“”‘".contains(character) {
                word.append(character)
            } else {
                if !word.isEmpty { units.append(word); word = "" }
                units.append(String(character))
            }
            index = line.index(after: index)
        }
        if !word.isEmpty { units.append(word) }
        var lines: [String] = []
        var current = ""
        var used = 0
        let indent = String(line.prefix { $0 == " " })
        for unit in units {
            let unitWidth = unit.hasPrefix("\u{1B}") ? 0 : displayWidth(unit)
            if used + unitWidth > width, used > indent.count {
                // NB: trailing spaces trimmed in place (a reversed-and-dropped copy instantiated
                // generic types at run time, a tenth of a visit's start).
                while current.last == " " { current.removeLast() }
                lines.append(current)
                current = indent
                used = indent.count
                if unit == " " { continue }
            }
            current += unit
            used += unitWidth
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// `text` without terminal escape sequences.
    ///
    /// NB: scanned by hand, not with a regular expression: Foundation's regular expressions load
    /// ICU, which costs a visit's start several milliseconds and megabytes.
    static func stripEscapes(_ text: String) -> String {
        guard text.unicodeScalars.contains("\u{1B}") else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            // ESC [ digits-and-semicolons letter
            if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "[" {
                var end = index + 2
                while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == ";" { end += 1 }
                if end < scalars.count, ("A"..."Z").contains(scalars[end]) || ("a"..."z").contains(scalars[end]) {
                    index = end + 1
                    continue
                }
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    /// Text folded by YAML (`>-`) without the spaces it put between Chinese sentences
    /// ("拍板。 两条" reads "拍板。两条"); spaces between Latin words stay.
    public static func joiningChinese(_ text: String) -> String {
        guard text.contains(" ") || text.contains("\t") else { return text }
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == " " || character == "\t", let before = characters[..<index].last, endsChineseRun(before) {
                var end = index
                while end < characters.count, characters[end] == " " || characters[end] == "\t" { end += 1 }
                if end < characters.count, startsChineseRun(characters[end]) {
                    index = end
                    continue
                }
                result.append(contentsOf: characters[index..<end])
                index = end
                continue
            }
            result.append(character)
            index += 1
        }
        return result
    }

    private static func isHan(_ character: Character) -> Bool {
        character.unicodeScalars.first.map { scalar in
            (0x4E00...0x9FFF).contains(scalar.value) || (0x3400...0x4DBF).contains(scalar.value)
                || (0x20000...0x3134F).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0x2E80...0x2FDF).contains(scalar.value) || scalar.value == 0x3007
        } ?? false
    }

    private static func endsChineseRun(_ character: Character) -> Bool {
        if isHan(character) || "。，、；：！？」』）".contains(character) { return true }
        guard let scalar = character.unicodeScalars.first else { return false }
        return [.openPunctuation, .closePunctuation].contains(scalar.properties.generalCategory)
    }

    private static func startsChineseRun(_ character: Character) -> Bool {
        isHan(character) || "「『（".contains(character)
    }

    /// The width of the terminal on `fd` in columns, when it is one (`TIOCGWINSZ`).
    public static func columns(of fd: Int32 = STDOUT_FILENO) -> Int? {
        var size = winsize()
        guard isatty(fd) == 1, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Whether `fd` refers to a terminal.
    public static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    /// Created once and never freed; `locale_t` is a plain pointer that is safe to share
    /// because it is only ever read (`uselocale` makes a per-thread reference to it).
    private nonisolated(unsafe) static let utf8Locale: locale_t? = {
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] {
            if let loc = newlocale(LC_CTYPE_MASK, name, nil) { return loc }
        }
        return nil
    }()
}
