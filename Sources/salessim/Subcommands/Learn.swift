import ArgumentParser
import Calibration
import Foundation
import ScenarioKit

/// `salessim learn`: the rulebook's learned model, made from labelled replies.
struct Learn: ParsableCommand {
    static let configuration = CommandConfiguration(
        // NB: named here, not derived from the type name at run time (a costly type lookup on every start).
        commandName: "learn",
        abstract: "Learn from labelled replies when the rulebook's detectors should be overruled, and write the model the rulebook names.",
        discussion: """
        Reads the rule cases of the calibration corpora (by default every *.tune.yaml file of the
        library's calibration folder; held-out parts are refused, so that calibrate can still
        measure them), scores each reply with the rulebook's detectors, and fits for every rule a
        model of the reply's words, the situation and the detector's verdict against the verdicts
        the trainers wrote. The model is written to the file the rulebook's `learned:` names (or
        --out). The same corpora and rulebook always make the same file.

        A trainer who finds a reply judged wrongly adds it, labelled, to a tune corpus and runs
        learn again; calibrate on the held-out parts shows whether that helped.

        Examples:
          salessim learn
          salessim learn Scenarios/calibration/rules-ae.tune.yaml --out /tmp/model.tsv
        """
    )

    @Argument(help: ArgumentHelp("Corpus files or folders (default: the library's calibration/*.tune.yaml).", valueName: "file"))
    var files: [String] = []
    @Option(help: ArgumentHelp("Write the model here instead of the file the rulebook's 'learned:' names.", valueName: "file"))
    var out: String?
    @Option(help: ArgumentHelp("Use this rulebook instead of the library's.", valueName: "file"))
    var rulebook: String?
    @Option(help: ArgumentHelp("Overrule the detector only above this probability (0 to below 1).", valueName: "p"))
    var threshold = 0.6
    @Option(help: ArgumentHelp("Overrule the detector only where a trainer would judge the rule at all with more than this probability (0 to below 1).", valueName: "p"))
    var relevance = 0.1
    @Option(help: ArgumentHelp("Overrule the detector only where the reply's words (not the situation) pull towards the new verdict by more than this.", valueName: "w"))
    var words = 0.5
    @Option(help: ArgumentHelp("Overrule the detector only on replies with at least this many words the model knows.", valueName: "n"))
    var evidence = 8
    @Option(help: ArgumentHelp("Learn a word only if this many labelled replies use it.", valueName: "n"))
    var minReplies = 10
    @Flag(help: "Learn single Chinese characters as words too (by default only two in a row).")
    var singleCharacters = false
    @OptionGroup var library: LibraryOptions

    func run() throws {
        guard threshold >= 0, threshold < 1 else { throw CLIError("--threshold must be from 0 to below 1, not \(threshold)") }
        guard minReplies >= 1 else { throw CLIError("--min-replies must be at least 1") }
        let path = try rulebook ?? library.library().rulebookPath
        let loaded = RulebookLoader.load(path: path)
        // The model this command makes may be missing or stale: only the rulebook's other errors stop it.
        let errors = loaded.diagnostics.filter { $0.severity == .error && $0.code != .learnedModel }
        guard var rulebook = loaded.value, errors.isEmpty else {
            Console.printDiagnostics(loaded.diagnostics, sources: [path: loaded.text])
            throw CLIError("the rulebook \(path) has errors")
        }
        rulebook.learned = nil
        var corpora: [CalibrationCorpus] = []
        for file in try corpusFiles() {
            let result = CalibrationLoader.load(path: file)
            guard let corpus = result.value, !result.hasErrors else {
                Console.printDiagnostics(result.diagnostics, sources: [file: result.text])
                throw CLIError("the corpus \(file) has errors")
            }
            guard corpus.split != .heldOut else {
                throw CLIError("\(file) is a held-out part: learn reads tune parts only, so that calibrate can still measure the held-out ones")
            }
            corpora.append(corpus)
        }
        var learner = Learner()
        learner.threshold = threshold
        guard relevance >= 0, relevance < 1 else { throw CLIError("--relevance must be from 0 to below 1, not \(relevance)") }
        learner.relevanceThreshold = relevance
        guard words >= 0, words.isFinite else { throw CLIError("--words must be at least 0, not \(words)") }
        learner.wordsThreshold = words
        guard evidence >= 0 else { throw CLIError("--evidence must be at least 0") }
        learner.minimumFeatures = evidence
        learner.minimumReplies = minReplies
        learner.singleCharacters = singleCharacters
        let examples = learner.examples(from: corpora, rulebook: rulebook)
        let replies = corpora.reduce(0) { $0 + $1.ruleCases.count }
        let labelled = corpora.reduce(0) { $0 + $1.ruleCases.reduce(0) { $0 + $1.expectations.count } }
        guard replies > 0 else { throw CLIError("no rule cases in the corpora given: nothing to learn from") }
        let about = "\(replies) labelled replies (\(labelled) verdicts) in \(corpora.count) tune files, rulebook \(rulebook.version)"
        let model = learner.train(examples, about: about)
        let target = out ?? rulebook.learnedFile?.path ?? (((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("learned-verdicts.tsv"))
        let data = Data(model.serialized().utf8)
        try OutputFile.write(data, to: target)
        Console.out("learned \(model.rules.count) rules from \(replies) labelled replies (\(labelled) verdicts, \(examples.count) rule checks) in \(corpora.count) files; \(model.featureNames.count) features")
        Console.out("wrote \(target) (\(data.count / 1024) KB)")
        if out == nil, rulebook.learnedFile == nil {
            Console.out("the rulebook names no model yet: add `learned: \((target as NSString).lastPathComponent)` to \(path) to use it")
        }
    }

    /// The files named (folders expanded to their .yaml files), or the library's tune parts.
    func corpusFiles() throws -> [String] {
        let named = files.isEmpty ? [(try library.library().root as NSString).appendingPathComponent("calibration")] : files
        let result = try CorpusFiles.expand(named, suffixes: [".tune.yaml"])
        guard !result.isEmpty else { throw CLIError("no *.tune.yaml corpora in \(named.joined(separator: ", ")): name corpus files to learn from") }
        return result
    }
}
