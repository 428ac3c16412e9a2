import Foundation
import ScenarioKit
import Scoring
import Store

/// Builds xAPI 1.0.3 statements from stored sessions.
///
/// A finished session gives one statement: the trainee (an account on `base`) `passed` or
/// `failed` an exam scenario, or `completed` a practice one, with `result.score`
/// (scaled/raw/min/max, the percentage), success, completion, duration, and each rule's result
/// with its evidence in a result extension; the context carries the rulebook version. With
/// `responses`, each reply also gives a `responded` statement.
///
/// Statement ids are name-based UUIDs of the session's uuid, the kind and (for the session
/// statement) the rulebook version, so sending again is harmless and a re-scored session with a
/// new rulebook gives a new statement.
public struct XAPIExporter: Sendable {
    /// The IRI under which activities, extensions and trainee accounts are named.
    public var base: String

    public init(base: String = "https://salessim.example") {
        self.base = base.hasSuffix("/") ? String(base.dropLast()) : base
    }

    public static let verbs = [
        "completed": "http://adlnet.gov/expapi/verbs/completed",
        "passed": "http://adlnet.gov/expapi/verbs/passed",
        "failed": "http://adlnet.gov/expapi/verbs/failed",
        "responded": "http://adlnet.gov/expapi/verbs/responded",
        // NB: ADL's own vocabulary has no verb for an award; the registry's "earned" is the one
        // learning record stores show for badges and certificates.
        "earned": "http://id.tincanapi.com/verb/earned",
    ]

    var extensionBase: String { base + "/xapi/extensions/" }

    /// The scenario's activity id.
    public func activityID(scenario: String) -> String { base + "/scenarios/" + Self.pathSegment(scenario) }

    /// The certification's activity id.
    public func activityID(certification: String) -> String { base + "/certifications/" + Self.pathSegment(certification) }

    /// The trainee `earned` a certification: one statement per holding, timestamped when the exam
    /// that completed it ended, tied to that exam's session; its id is stable (trainee and
    /// certification), so sending it again stores nothing twice. Nil when it is not held.
    public func earnedStatement(_ holding: CertificationReport.Holding, curriculum: String) -> XAPIStatement? {
        guard holding.held, let since = holding.since, let session = holding.earnedBySession else { return nil }
        let id = NameBasedUUID.make(namespace: NameBasedUUID.salessimNamespace, name: "certification/\(holding.certification)/\(holding.trainee)")
        let statement: [String: JSONValue] = [
            "id": .string(id.uuidString.lowercased()),
            "version": .string("1.0.3"),
            "actor": .object([
                "objectType": .string("Agent"),
                "name": .string(holding.trainee),
                "account": .object(["homePage": .string(base + "/trainees"), "name": .string(holding.trainee)]),
            ]),
            "verb": .object(["id": .string(Self.verbs["earned"] ?? "earned"), "display": .object(["en-US": .string("earned")])]),
            "object": .object([
                "objectType": .string("Activity"),
                "id": .string(activityID(certification: holding.certification)),
                "definition": .object([
                    "name": .object(["und": .string(holding.title)]),
                    "description": .object(["und": .string(curriculum)]),
                ]),
            ]),
            "result": .object(["success": .bool(true), "completion": .bool(true)]),
            "context": .object([
                "platform": .string("salessim"),
                "extensions": .object([
                    extensionBase + "curriculum": .string(curriculum),
                    extensionBase + "session": .int(Int(session)),
                ]),
            ]),
            "timestamp": .string(Self.timestamp(since)),
        ]
        return XAPIStatement(id: id.uuidString.lowercased(), sessionID: session, kind: .earned, value: .object(statement))
    }

    /// Statements of `record` (loaded with its turns and rule results). Unfinished sessions give none.
    public func statements(for record: SessionRecord, responses: Bool = false) -> [XAPIStatement] {
        guard record.status == .finished else { return [] }
        var statements = [sessionStatement(record)]
        if responses { statements += record.turns.map { respondedStatement($0, of: record) } }
        return statements
    }

    /// The turn a rule result's evidence came from (0-based). A rule judged once per stretch of a
    /// phase is stored at the stretch's last turn; its evidence may come from an earlier one: the
    /// first turn of the stretch that gave the same verdict with the same evidence.
    static func evidenceTurn(of result: RuleResultRecord, in turns: [TurnRecord]) -> Int? {
        guard let last = result.turnIndex, let end = turns.firstIndex(where: { $0.index == last }) else { return result.turnIndex }
        var start = end
        while start > 0, turns[start - 1].phase == turns[end].phase, turns[start - 1].index == turns[start].index - 1 { start -= 1 }
        let source = turns[start...end].first { turn in
            turn.verdicts.contains { $0.rule == result.rule && $0.verdict == result.verdict && $0.evidence == result.evidence }
        }
        return source?.index ?? last
    }

    func sessionStatement(_ record: SessionRecord) -> XAPIStatement {
        let verb = record.exam ? (record.passed ? "passed" : "failed") : "completed"
        let id = NameBasedUUID.make(namespace: NameBasedUUID.salessimNamespace, name: "\(record.uuid)/session/rulebook-\(record.rulebookVersion)")
        let rules: [JSONValue] = record.ruleResults.map { result in
            var entry: [String: JSONValue] = [
                "rule": .string(result.rule), "verdict": .string(result.verdict.rawValue), "earned": .int(result.earned),
                "possible": .int(result.possible), "manual": .string(result.manual), "evidence": .string(result.evidence),
                "source": .string(result.source.rawValue),
            ]
            entry["turn"] = XAPIExporter.evidenceTurn(of: result, in: record.turns).map { .int($0 + 1) } ?? .null
            return .object(entry)
        }
        var result: [String: JSONValue] = [
            "score": .object(["scaled": .double(Double(record.percent) / 100), "raw": .int(record.percent), "min": .int(0), "max": .int(100)]),
            "success": .bool(record.passed),
            "completion": .bool(true),
            "extensions": .object([
                extensionBase + "rules": .array(rules),
                extensionBase + "points": .object(["earned": .int(record.earned), "possible": .int(record.possible)]),
                extensionBase + "outcome": .string(record.outcome?.rawValue ?? "open"),
                extensionBase + "ending": .string(record.endingID ?? ""),
                extensionBase + "hints-used": .int(record.hintsUsed),
            ]),
        ]
        if let duration = record.duration { result["duration"] = .string(Self.duration(duration)) }
        var statement = common(record, id: id, verb: verb, object: scenarioActivity(record))
        statement["result"] = .object(result)
        return XAPIStatement(id: id.uuidString.lowercased(), sessionID: record.id, kind: .session, value: .object(statement))
    }

    func respondedStatement(_ turn: TurnRecord, of record: SessionRecord) -> XAPIStatement {
        let id = NameBasedUUID.make(namespace: NameBasedUUID.salessimNamespace, name: "\(record.uuid)/responded/\(turn.index)")
        let earned = turn.verdicts.reduce(0) { $0 + $1.earned }
        let possible = turn.verdicts.reduce(0) { $0 + $1.possible }
        var result: [String: JSONValue] = [
            "response": .string(turn.reply),
            "success": .bool(!turn.verdicts.contains { $0.verdict == .violated }),
            "extensions": .object([
                extensionBase + "verdicts": .array(turn.verdicts.map { verdict in
                    .object(["rule": .string(verdict.rule), "verdict": .string(verdict.verdict.rawValue), "earned": .int(verdict.earned),
                             "possible": .int(verdict.possible), "manual": .string(verdict.manual), "evidence": .string(verdict.evidence)])
                }),
                extensionBase + "recognised-reply": turn.recognisedNumber.map { .int($0) } ?? .null,
            ]),
        ]
        if possible > 0 {
            result["score"] = .object(["scaled": .double(Double(earned) / Double(possible)), "raw": .int(earned), "min": .int(0), "max": .int(possible)])
        }
        if let seconds = turn.secondsTaken, seconds >= 0 { result["duration"] = .string(Self.duration(seconds)) }
        let object: JSONValue = .object([
            "objectType": .string("Activity"),
            "id": .string(activityID(scenario: record.scenarioID) + "/nodes/" + Self.pathSegment(turn.node)),
            "definition": .object([
                "name": .object([languageTag(record): .string(record.scenarioTitle + " · " + turn.node)]),
                "type": .string("http://adlnet.gov/expapi/activities/interaction"),
            ]),
        ])
        var statement = common(record, id: id, verb: "responded", object: object, timestamp: turn.recordedAt)
        statement["result"] = .object(result)
        if case var .object(context)? = statement["context"] {
            context["contextActivities"] = .object(["parent": .array([.object(["objectType": .string("Activity"), "id": .string(activityID(scenario: record.scenarioID))])])])
            statement["context"] = .object(context)
        }
        return XAPIStatement(id: id.uuidString.lowercased(), sessionID: record.id, kind: .responded, value: .object(statement))
    }

    func common(_ record: SessionRecord, id: UUID, verb: String, object: JSONValue, timestamp: Date? = nil) -> [String: JSONValue] {
        var context: [String: JSONValue] = [
            "platform": .string("salessim"),
            "language": .string(languageTag(record)),
            "extensions": .object([
                extensionBase + "rulebook-version": .int(record.rulebookVersion),
                extensionBase + "mode": .string(record.mode),
                extensionBase + "guided": .bool(record.guided),
                extensionBase + "seed": .string(String(record.seed)),
                extensionBase + "scenario-hash": .string(record.scenarioHash),
                extensionBase + "session": .int(Int(record.id)),
            ]),
        ]
        if UUID(uuidString: record.uuid) != nil { context["registration"] = .string(record.uuid.lowercased()) }
        return [
            "id": .string(id.uuidString.lowercased()),
            "version": .string("1.0.3"),
            "actor": .object([
                "objectType": .string("Agent"),
                "name": .string(record.trainee),
                "account": .object(["homePage": .string(base + "/trainees"), "name": .string(record.trainee)]),
            ]),
            "verb": .object(["id": .string(Self.verbs[verb] ?? verb), "display": .object(["en-US": .string(verb)])]),
            "object": object,
            "context": .object(context),
            "timestamp": .string(Self.timestamp(timestamp ?? record.endedAt ?? record.startedAt)),
        ]
    }

    func scenarioActivity(_ record: SessionRecord) -> JSONValue {
        .object([
            "objectType": .string("Activity"),
            "id": .string(activityID(scenario: record.scenarioID)),
            "definition": .object([
                "name": .object([languageTag(record): .string(record.scenarioTitle)]),
                "type": .string("http://adlnet.gov/expapi/activities/simulation"),
            ]),
        ])
    }

    func languageTag(_ record: SessionRecord) -> String { record.scenarioLanguage.isEmpty ? "und" : record.scenarioLanguage }

    /// ISO 8601 duration: "PT1H2M3.5S", "PT7.25S".
    public static func duration(_ seconds: TimeInterval) -> String {
        let total = max(0, seconds)
        let hours = Int(total / 3600)
        let minutes = Int((total - Double(hours) * 3600) / 60)
        let rest = total - Double(hours) * 3600 - Double(minutes) * 60
        var text = "PT"
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        var secondsText = String(format: "%.2f", rest)
        while secondsText.hasSuffix("0") { secondsText.removeLast() }
        if secondsText.hasSuffix(".") { secondsText.removeLast() }
        if secondsText != "0" || (hours == 0 && minutes == 0) { text += secondsText + "S" }
        return text
    }

    /// "2025-03-04T09:30:00.123Z".
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// A scenario or node id as a URL path segment (ids are [a-z0-9_-], so normally unchanged).
    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? text
    }
}
