import Foundation

/// Reads a curriculum (see ``Curriculum``), reporting every problem at its position. Whether its
/// exams name scenarios of the library is the ``Linter``'s check ([SC0029]), which knows the library.
public enum CurriculumLoader {
    static let topKeys = ["curriculum", "description", "certifications"]
    static let certificationKeys = ["title", "exams", "min-score", "within-days", "description"]

    public static func load(path: String) -> LoadResult<Curriculum> {
        build(YAMLDocument.load(path: path), path: path)
    }

    public static func load(text: String, path: String) -> LoadResult<Curriculum> {
        build(YAMLDocument.parse(text: text, path: path), path: path)
    }

    static func build(_ document: YAMLDocument.Result, path: String) -> LoadResult<Curriculum> {
        guard let root = document.root else {
            return LoadResult(value: nil, diagnostics: document.diagnostics, text: document.text)
        }
        let reader = NodeReader()
        let curriculum = build(root, path: path, reader: reader)
        return LoadResult(value: curriculum, diagnostics: document.diagnostics + reader.diagnostics, text: document.text)
    }

    static func build(_ root: YAMLNode, path: String, reader: NodeReader) -> Curriculum? {
        guard let top = reader.map(root, "a curriculum", allowed: topKeys, required: ["curriculum", "certifications"]) else { return nil }
        _ = reader.string(top["description"], "'description'")
        var certifications: [Certification] = []
        if let node = top["certifications"] {
            let entries = reader.entries(node, "'certifications'")
            if entries.isEmpty && node.pairs != nil {
                reader.error(.invalidValue, "a curriculum needs at least one certification", at: node.location)
            }
            for (id, keyNode, value) in entries {
                if let certification = certification(id, keyNode: keyNode, value, reader: reader) { certifications.append(certification) }
            }
        }
        return Curriculum(name: reader.string(top["curriculum"], "'curriculum'") ?? "", certifications: certifications, path: path)
    }

    static func certification(_ id: String, keyNode: YAMLNode, _ node: YAMLNode, reader: NodeReader) -> Certification? {
        let what = "certification '\(id)'"
        guard let map = reader.map(node, what, allowed: certificationKeys, required: ["title", "exams", "min-score"]) else { return nil }
        let title = reader.string(map["title"], "the 'title' of \(what)")
        let minScore = reader.int(map["min-score"], "the 'min-score' of \(what)", range: 0...100)
        let withinDays = reader.int(map["within-days"], "the 'within-days' of \(what)", range: 1...3650)
        _ = reader.string(map["description"], "the 'description' of \(what)")
        var exams: [Located<String>] = []
        if let list = reader.list(map["exams"], "the 'exams' of \(what)") {
            if list.isEmpty {
                reader.error(.certification, "\(what) lists no exams: nobody could earn it, or everybody would", at: map["exams"]?.location ?? node.location)
            }
            for item in list {
                guard let scenario = reader.string(item, "each entry of the 'exams' of \(what)") else { continue }
                if exams.contains(where: { $0.value == scenario }) {
                    reader.error(.certification, "\(what) lists the exam '\(scenario)' twice", at: item.location)
                    continue
                }
                exams.append(Located(scenario, at: item.location))
            }
        }
        // NB: kept when a value is wrong (the file has errors then, and is used by nobody) so that
        // the linter still checks its exams against the library.
        return Certification(id: id, title: title ?? id, exams: exams, minScore: minScore ?? 100, withinDays: withinDays, location: keyNode.location)
    }
}
