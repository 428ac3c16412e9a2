import Foundation

/// The calibration corpora named on a command line: files as given, folders as their files
/// whose names end in one of `suffixes` (sorted); `calibrate` and `learn` read them alike.
enum CorpusFiles {
    static func expand(_ paths: [String], suffixes: [String]) throws -> [String] {
        var result: [String] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CLIError("no such file or folder: \(path)")
            }
            if isFolder.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                result += names.filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                result.append(path)
            }
        }
        return result
    }
}
