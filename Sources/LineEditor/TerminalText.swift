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
                lines.append(current.replacingOccurrences(of: " +$", with: "", options: .regularExpression))
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
    static func stripEscapes(_ text: String) -> String {
        text.replacingOccurrences(of: "\u{1B}\\[[0-9;]*[A-Za-z]", with: "", options: .regularExpression)
    }

    /// Text folded by YAML (`>-`) without the spaces it put between Chinese sentences
    /// ("拍板。 两条" reads "拍板。两条"); spaces between Latin words stay.
    public static func joiningChinese(_ text: String) -> String {
        text.replacingOccurrences(of: "(?<=[\\p{Han}\\p{Ps}\\p{Pe}。，、；：！？」』）])[ \\t]+(?=[\\p{Han}「『（])", with: "", options: .regularExpression)
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
