/// Text written by others (scenario authors, trainees, a record store), made safe to show on a
/// terminal or in a spreadsheet.
///
/// A terminal obeys what it is sent: ESC starts a command (`ESC ] 0 ; title BEL` sets the window
/// title, `ESC [ 2 J` clears the screen, OSC 8 makes hyperlinks), BEL rings, CR and backspace
/// overwrite what was shown. Bidirectional overrides and isolates (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C) reorder what follows them, so a name can read
/// differently from what it is; zero-width and other invisible format characters hide text.
/// ``visible(_:keepingLineBreaks:)`` shows every such character as an inert, visible token
/// (`\e`, `\a`, `<U+202E>`) and leaves all other text alone.
///
/// ```swift
/// TerminalSafe.visible("T\u{1B}]0;PWNED\u{07}")   // "T\e]0;PWNED\a"
/// TerminalSafe.visible("abc\u{202E}cba")            // "abc<U+202E>cba"
/// ```
///
/// Pure and allocation-light: every command that prints text it did not write itself passes it
/// through here (or through an output sink that does).
public enum TerminalSafe {
    /// Whether `scalar` must not reach a terminal as it is: a C0 or C1 control (tab and line
    /// feed included; see ``visible(_:keepingLineBreaks:)`` to keep them), DEL, a bidi
    /// control, or an invisible format character (general category Cf: zero-width spaces and
    /// joiners, soft hyphen, byte-order mark, tag characters, …), or a line or paragraph
    /// separator.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        if value < 0xAD { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return isBidiControl(scalar)
        }
    }

    /// The bidirectional formatting characters: embeddings and overrides (U+202A–U+202E),
    /// isolates (U+2066–U+2069) and the implicit marks (U+200E, U+200F, U+061C).
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        default: return false
        }
    }

    /// The visible, inert stand-in for an unsafe scalar: `\e` (escape), `\a` (bell), `\b`
    /// (backspace), `\r`, `\n`, `\t`, otherwise `<U+XXXX>`.
    public static func token(for scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x1B: return "\\e"
        case 0x07: return "\\a"
        case 0x08: return "\\b"
        case 0x0D: return "\\r"
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
        }
    }

    /// `text` with every unsafe character replaced by its visible ``token(for:)``.
    ///
    /// With `keepingLineBreaks` a line feed and a tab stay as they are (multi-line output);
    /// a carriage return never does (it would let a line overwrite itself).
    public static func visible(_ text: String, keepingLineBreaks: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) }) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepingLineBreaks && (scalar == "\n" || scalar == "\t") {
                result.append(scalar)
            } else if isUnsafe(scalar) {
                result.append(contentsOf: token(for: scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Like ``visible(_:keepingLineBreaks:)``, but keeps the colour codes (SGR: `ESC [ … m`)
    /// of text that the program styled itself; every other escape sequence is shown as text.
    ///
    /// For a sink that receives both the program's own styling and text from files: a colour
    /// code in a file can change a colour, never the screen, the title or a link.
    public static func visibleKeepingColours(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { isUnsafe($0) && $0 != "\n" && $0 != "\t" }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "[" {
                var end = index + 2
                while end < scalars.count, ("0"..."9").contains(scalars[end]) || scalars[end] == ";" { end += 1 }
                if end < scalars.count, scalars[end] == "m", end - index <= 16 {
                    result.append(contentsOf: scalars[index...end])
                    index = end + 1
                    continue
                }
            }
            if scalar == "\n" || scalar == "\t" {
                result.append(scalar)
            } else if isUnsafe(scalar) {
                result.append(contentsOf: token(for: scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
            index += 1
        }
        return String(result)
    }

    /// A line a person typed, as it is kept: controls (a pasted tab, a stray escape) become
    /// spaces; bidi controls and invisible format characters (zero-width spaces and joiners,
    /// byte-order marks) are removed, so that what is stored and matched is what was seen.
    public static func cleanedInput(_ line: String) -> String {
        guard line.unicodeScalars.contains(where: isUnsafe) else { return line }
        var result = String.UnicodeScalarView()
        for scalar in line.unicodeScalars {
            if !isUnsafe(scalar) {
                result.append(scalar)
            } else if scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .lineSeparator
                        || scalar.properties.generalCategory == .paragraphSeparator {
                result.append(" ")
            }
        }
        return String(result)
    }

    /// JSON text (as an encoder wrote it) with every unsafe character inside its strings
    /// written as a `\uXXXX` escape: the same data for a tool, nothing active for a terminal.
    ///
    /// Encoders already escape C0 controls; DEL, C1 controls, bidi and format characters they
    /// leave raw. Outside strings JSON holds only structural whitespace, which stays.
    public static func jsonEscaped(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { isUnsafe($0) && !" \n\t\r".unicodeScalars.contains($0) }) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard isUnsafe(scalar), !"\n\t\r".unicodeScalars.contains(scalar) else {
                result.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            }
        }
        return String(result)
    }

    /// The first unsafe character of `text` that is not a line feed or tab, with its offset
    /// in Unicode scalars (for a diagnostic's position).
    public static func firstUnsafe(in text: String, allowingLineBreaks: Bool = true) -> (offset: Int, scalar: Unicode.Scalar)? {
        for (offset, scalar) in text.unicodeScalars.enumerated() where isUnsafe(scalar) {
            if allowingLineBreaks && (scalar == "\n" || scalar == "\t") { continue }
            return (offset, scalar)
        }
        return nil
    }

    /// The columns `text` takes on a terminal, approximately and without the C library: East
    /// Asian wide characters count 2, combining marks and zero-width characters 0, controls 0.
    public static func width(_ text: Substring) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns of one scalar (see ``width(_:)``).
    public static func width(of scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        case 0x0300...0x036F, 0x200B...0x200F:
            return 0
        default:
            return scalar.value < 0x20 ? 0 : 1
        }
    }

    /// `text` cut to at most `columns` terminal columns, ending with `…` when it was cut.
    public static func truncated(_ text: String, toWidth columns: Int) -> String {
        guard width(Substring(text)) > columns else { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = width(Substring(String(character)))
            if used + w > columns - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }
}
