import Foundation

extension ScenarioLibrary {
    /// `path` made absolute (against the working folder) with its `.`, `..` and repeated `/`
    /// taken out, as `URL(fileURLWithPath:).standardizedFileURL.path` gives it (symbolic links
    /// are not followed): the one name of a file that a lint run and a visit's start key their
    /// rulebooks by.
    ///
    /// NB: on plain strings. Through `URL` this was about a fifth of a millisecond each time, and
    /// a visit's start asked for it on its main thread before the first prompt.
    public static func standardPath(_ path: String) -> String {
        var absolute = path
        if !path.hasPrefix("/") {
            absolute = FileManager.default.currentDirectoryPath + "/" + path
        }
        var parts: [Substring] = []
        for part in absolute.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
