import Foundation
import ScenarioKit
import Simulation
import Store
import StoreTestSupport
import Testing
import TestSupport

/// What a manager reads (issue 14): the list of sessions, reports that say what they cover and
/// never mix modes or rulebook versions silently, and the HTML pages checked in a real browser.
@Suite(.serialized) struct ManagerReportTests {
    let salessim = CommandRunner()

    /// A store with one session of every kind, typed at a terminal unless said.
    static func store(backend: TestBackend = .sqlite) throws -> (Store, String) {
        let (store, path) = try backend.newStore()
        var free = HandMadeStore.session("王小明", "demo", 80, day: 0)
        free.turns[0].understoodBy = .none
        free.turns[0].recognisedIndex = nil
        var guided = HandMadeStore.session("王小明", "demo", 90, day: 1)
        guided.guided = true
        let exam = HandMadeStore.session("王小明", "demo", 60, exam: true, day: 2)
        var stretch = HandMadeStore.session("王小明", "demo", 100, day: 2)
        stretch.startNode = "price"
        var scripted = HandMadeStore.session("<b>李丽</b>", "phone", 20, day: 3)
        scripted.scripted = true
        var older = HandMadeStore.session("Alice", "demo", 50, day: 3)
        older.rulebookVersion = 0
        older.knockouts = ["payment.say-no"]
        try store.importSessions([free, guided, exam, stretch, scripted, older])
        return (store, path)
    }

    @Test(arguments: TestBackend.allCases) func sessionsListsEverySessionWithItsIdModeAndWhatWentWrong(backend: TestBackend) throws {
        let (_, db) = try Self.store(backend: backend)
        let output = try salessim.run(["sessions", "--db", db])
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("id  trainee"))
        for mode in ["free", "guided", "exam", "stretch (price)", "scripted"] {
            #expect(lines.contains { $0.contains(" \(mode) ") }, "\(mode): \(output.stdout)")
        }
        #expect(output.stdout.contains("See one with: salessim show ID"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try salessim.run(["sessions", "--db", db, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        #expect(json.count == 6)
        let first = try #require(json.first)
        #expect(first["mode"] as? String == "free")
        #expect(first["notUnderstood"] as? Int == 1)
        #expect((json.last?["knockouts"] as? [String]) == ["payment.say-no"])
        let exams = try salessim.run(["sessions", "--db", db, "--mode", "exam", "--format", "csv"])
        #expect(exams.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2, "\(exams.stdout)")
        let bad = try salessim.run(["sessions", "--db", db, "--status", "done"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--status must be running, finished, abandoned or interrupted, not 'done'"))
    }

    @Test func reportsSayWhatTheyCoverAndKeepModesScriptsAndVersionsApart() throws {
        let (_, db) = try Self.store()
        let practice = try salessim.run(["report", "--db", db])
        #expect(practice.status == 0, "\(practice.stderr)")
        // Practice only: free and guided (80, 90), not the exam (60), the stretch or the script.
        #expect(practice.stdout.split(separator: "\n").contains { $0.hasPrefix("王小明") && $0.contains("2         2       85.0      90       2") }, "\(practice.stdout)")
        #expect(practice.stdout.contains("covers: practice visits (guided and free; exams apart) · whole visits (stretches from a node left out) · typed at a terminal (scripted sessions left out)"))
        #expect(!practice.stdout.contains("李丽"))
        #expect(practice.stdout.contains("note: these sessions were scored by different rulebook versions: v0 (1 session), v1 (2 sessions)"))
        #expect(practice.stdout.contains("salessim rescore --all --save"))
        let exam = try salessim.run(["report", "--db", db, "--mode", "exam"])
        #expect(exam.stdout.split(separator: "\n").contains { $0.hasPrefix("王小明") && $0.contains("1         1       60.0      60       0") }, "\(exam.stdout)")
        let aligned = try salessim.run(["report", "--db", db, "--rulebook-version", "1"])
        #expect(!aligned.stdout.contains("note:"), "\(aligned.stdout)")
        let scripted = try salessim.run(["report", "--db", db, "--scripted", "--format", "csv"])
        #expect(scripted.stdout.contains("<b>李丽</b>"))
        // Per trainee: replies not understood, knockouts flagged.
        let free = try salessim.run(["report", "--db", db, "--mode", "free", "--format", "csv"])
        #expect(free.stdout.contains("王小明,1,1,80.0,80,1,1,4.0,100.0,0,0,0,5.0,"), "\(free.stdout)")
        #expect(practice.stdout.contains("1!"), "the knockout is flagged: \(practice.stdout)")
    }

    // MARK: HTML in a real browser

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func browser(_ arguments: [String]) throws -> CommandRunner.Output {
        let path = try #require(Self.chromium, "Chromium is needed to check the HTML pages: apt-get install chromium (./run-tests does)")
        let home = try PackagePaths.temporaryDirectory()
        let runner = CommandRunner(executable: URL(fileURLWithPath: path), environment: ["HOME": home.path, "PATH": "/usr/bin:/bin"])
        return try runner.run(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"] + arguments, timeout: 120)
    }

    @Test func theHTMLReportAndItsSessionPagesReadRightInABrowserAndPrintOnA4Landscape() throws {
        let (_, db) = try Self.store()
        let folder = try PackagePaths.temporaryDirectory()
        let out = folder.appendingPathComponent("team").path + "/"
        let written = try salessim.run(["report", "--db", db, "--scripted", "--format", "html", "--output", out, "--lang", "zh-Hans"])
        #expect(written.status == 0, "\(written.stderr)")
        let index = out + "index.html"
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.contains("index.html"))
        // Practice (free, guided, Alice's), the exam, and the scripted run (asked for): not the stretch.
        #expect(files.filter { $0.hasPrefix("session-") }.count == 5, "\(files)")
        // The DOM as the browser built it: Chinese headings, the rules written out, links to each
        // session page, the hostile name as text.
        let dom = try browser(["--dump-dom", index]).stdout
        for text in ["团队报告", "各学员的技能", "全队最弱的规则", "本报告涵盖的练习", "opening.style", "含脚本输入的练习", "rescore --all --save"] {
            #expect(dom.contains(text), "\(text) is not on the page")
        }
        #expect(dom.contains("href=\"session-"))
        #expect(dom.contains("&lt;b&gt;李丽&lt;/b&gt;"))
        #expect(!dom.contains("<b>李丽</b>"))
        for external in ["src=\"http", "href=\"http", "url(http", "<script", "<link"] {
            #expect(!dom.contains(external), "the page must not reach out: \(external)")
        }
        let page = try #require(files.first { $0.hasPrefix("session-") })
        let sessionDOM = try browser(["--dump-dom", out + page]).stdout
        #expect(sessionDOM.contains("href=\"index.html\""))
        #expect(sessionDOM.contains("返回团队报告"))
        // Printed: A4 landscape (842 × 595 points); and a picture of the screen.
        let pdf = folder.appendingPathComponent("report.pdf").path
        _ = try browser(["--print-to-pdf=\(pdf)", "--no-pdf-header-footer", index])
        let data = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(data.starts(with: Data("%PDF".utf8)))
        #expect(String(decoding: data, as: UTF8.self).contains("/MediaBox [0 0 841.91998 594.95996]"))
        let png = folder.appendingPathComponent("report.png").path
        _ = try browser(["--screenshot=\(png)", "--window-size=1200,1600", index])
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(image.starts(with: Data([0x89, 0x50, 0x4E, 0x47])))
        #expect(image.count > 10_000)
    }

    @Test func anEnglishPageForAnEnglishTeam() throws {
        let (_, db) = try Self.store()
        let file = try PackagePaths.temporaryDirectory().appendingPathComponent("team.html").path
        _ = try salessim.run(["report", "--db", db, "--format", "html", "--output", file, "--lang", "en"])
        let dom = try browser(["--dump-dom", file]).stdout
        #expect(dom.contains("<html lang=\"en\">"))
        #expect(dom.contains("The team's weakest rules"))
        #expect(!dom.contains("团队报告"))
    }
}
