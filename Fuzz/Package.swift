// swift-tools-version:5.4
// libFuzzer targets for salessim's parsers (issue 7, item 2). A separate package, so that the
// main build never sees the sanitizer flags. Build and run with `scripts/fuzz` (Linux only):
//
//   swift build -c release --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address
//
// Each executable defines `LLVMFuzzerTestOneInput` and has no `main` of its own: libFuzzer's
// `main` drives it (`-parse-as-library`, set below, keeps Swift from emitting one).
//
// The tools version is 5.4 on purpose: from 5.5 on, SwiftPM compiles an executable's entry
// point as `<module>_main` and links with `--defsym main=<module>_main` (so that tests can link
// executables), which fails when the module has no entry point and libFuzzer supplies `main`.
// The harnesses are therefore compiled in the Swift 5 language mode; the code they test keeps
// its own (Swift 6) settings.
import PackageDescription

let fuzzTargets = ["fuzz-scenario", "fuzz-pattern", "fuzz-expression", "fuzz-normalizer", "fuzz-rulebook", "fuzz-terminal-safe", "fuzz-lsp"]

let package = Package(
    name: "salessim-fuzz",
    dependencies: [
        .package(name: "salessim", path: ".."),
    ],
    targets: [
        // Shared by the targets: the built-in rulebook (loaded once) and a reader of fuzz bytes.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "Matching", package: "salessim"),
                .product(name: "ScenarioKit", package: "salessim"),
            ]
        ),
    ] + fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "Matching", package: "salessim"),
                .product(name: "ScenarioKit", package: "salessim"),
                .product(name: "Scoring", package: "salessim"),
                .product(name: "Simulation", package: "salessim"),
                .product(name: "TerminalSafety", package: "salessim"),
                .product(name: "LanguageServer", package: "salessim"),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
