import Foundation

/// Where things are when tests run: the package root, the built `salessim`, the scenarios.
public enum PackagePaths {
    /// The package root (the folder with Package.swift), found from this source file's path.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    /// The built-in scenarios folder.
    public static var scenarios: URL { root.appendingPathComponent("Scenarios") }

    /// The `salessim` executable built beside the test bundle.
    public static var salessim: URL {
        productsDirectory.appendingPathComponent("salessim")
    }

    /// The build products folder (`.build/debug` or wherever `swift test` put the tests).
    public static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        // swift-testing / XCTest on Linux run from `<products>/<name>PackageTests.xctest`.
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("salessim").path) { return candidate }
        }
        let fromArguments = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        if FileManager.default.isExecutableFile(atPath: fromArguments.appendingPathComponent("salessim").path) { return fromArguments }
        return root.appendingPathComponent(".build/debug")
    }

    /// A new empty temporary folder.
    public static func temporaryDirectory(_ name: String = "salessim-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
