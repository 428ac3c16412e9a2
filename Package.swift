// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "salessim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "salessim", targets: ["salessim"]),
        // Libraries for the fuzz package in Fuzz/ (and other tools): the parsers and the engine.
        .library(name: "Matching", targets: ["Matching"]),
        .library(name: "TerminalSafety", targets: ["TerminalSafety"]),
        .library(name: "ScenarioKit", targets: ["ScenarioKit"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "LanguageServer", targets: ["LanguageServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // Text normalisation and the reply-pattern language. Pure, no I/O.
        .target(name: "Matching"),
        // Text from others made safe for a terminal or a spreadsheet; the rules for names. Pure.
        .target(name: "TerminalSafety"),
        // The model, YAML loading with positions, validation into diagnostics.
        .target(name: "ScenarioKit", dependencies: ["Matching", "TerminalSafety", .product(name: "Yams", package: "Yams")]),
        // Verdicts against the rulebook and author judgments; scorecards. Pure.
        .target(name: "Scoring", dependencies: ["Matching", "ScenarioKit"]),
        // A session: state, transitions, seeded randomness, events. Pure.
        .target(name: "Simulation", dependencies: ["Matching", "ScenarioKit", "Scoring"]),
        // libedit, the system C library for line editing (Debian: libedit-dev).
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        // Line editing: the LineReader protocol, libedit on a terminal, plain lines otherwise.
        .target(name: "LineEditor", dependencies: ["CEditLine"]),
        // The REPL of a visit: meta-commands, feedback, the scorecard as text.
        .target(name: "Practice", dependencies: ["LineEditor", "Simulation", "TerminalSafety"]),
        // A minimal line-editing program, driven over a pseudo-terminal by LineEditorTests.
        .executableTarget(name: "editline-demo", dependencies: ["LineEditor"]),
        // Labelled replies against the rulebook and the library: agreement, precision, recall, kappa, recognition.
        .target(name: "Calibration", dependencies: ["Matching", "ScenarioKit", "Scoring", "Simulation"]),
        // Results: trainees, sessions, turns, rule results; every query written once for SQLite (GRDB) and PostgreSQL.
        .target(name: "Store", dependencies: ["ScenarioKit", "Scoring", "Simulation", .product(name: "GRDB", package: "GRDB.swift")]),
        // libpq, PostgreSQL's own client library (Debian: libpq-dev): connection strings, PG*
        // environment, ~/.pgpass, service files, TLS through the system's OpenSSL, COPY.
        // Not linked (no pkgConfig, whose flags say -lpq): shim.h loads libpq.so.5 on first use.
        .systemLibrary(name: "CLibPQ", providers: [.apt(["libpq-dev"])]),
        // libcurl (Debian: libcurl4-openssl-dev), the xAPI export's HTTP client; not linked
        // either: shim.h loads libcurl.so.4 when statements are sent.
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // The PostgreSQL backend of the store (one server for a sales force): connection, TLS,
        // schema with row-level security, admin commands, the local outbox for outages.
        // The only module that imports libpq.
        .target(name: "PostgresBackend", dependencies: ["Store", "Simulation", "CLibPQ", .product(name: "GRDB", package: "GRDB.swift")]),
        // Reports over the store: tables, CSV, JSON, HTML with SVG charts, transcripts, re-scoring, xAPI.
        .target(name: "Reports", dependencies: ["CCurl", "ScenarioKit", "Scoring", "Simulation", "Store", "TerminalSafety"]),
        // The language server (`salessim lsp`): lint's diagnostics, completion, hover, navigation
        // and fixes for scenario and rulebook files; the protocol's framing and JSON at its edge.
        .target(name: "LanguageServer", dependencies: ["Matching", "ScenarioKit", "Scoring", "Simulation"]),
        // Fakes shared by the tests: fixed clock, seeded random source, scripted line reader.
        .target(name: "TestSupport", dependencies: ["Simulation", "LineEditor"]),
        // The two store backends for the tests: SQLite files and databases on a PostgreSQL server.
        .target(name: "StoreTestSupport", dependencies: ["Store", "PostgresBackend", "TestSupport"]),
        .executableTarget(
            name: "salessim",
            dependencies: [
                "Matching", "ScenarioKit", "Scoring", "Simulation", "Calibration", "LineEditor", "Practice", "Store", "PostgresBackend", "Reports",
                "TerminalSafety", "LanguageServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks (not tests): `swift run -c release salessim-bench reports`.
        .executableTarget(name: "salessim-bench", dependencies: ["Matching", "ScenarioKit", "LanguageServer", "Scoring", "Simulation", "Store", "PostgresBackend", "Reports", .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "MatchingTests", dependencies: ["Matching"]),
        .testTarget(name: "TerminalSafetyTests", dependencies: ["TerminalSafety"]),
        .testTarget(name: "ScenarioKitTests", dependencies: ["ScenarioKit", "Simulation", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Scoring", "TestSupport"]),
        .testTarget(name: "CalibrationTests", dependencies: ["Calibration", "TestSupport"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "Simulation", "TestSupport"], exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "PracticeTests", dependencies: ["Practice", "Scoring", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "PostgresBackend", "Simulation", "Scoring", "ScenarioKit", "TestSupport", "StoreTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Store", "PostgresBackend", "Simulation", "TestSupport", "StoreTestSupport"]),
        .testTarget(name: "LanguageServerTests", dependencies: ["LanguageServer", "ScenarioKit"], exclude: ["Fixtures"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "TestSupport", "editline-demo"]),
    ]
)

// Swift 6 language mode and strict concurrency for every target, in one place (as swift-log does).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.swiftLanguageMode(.v6))
    target.swiftSettings = settings
}
