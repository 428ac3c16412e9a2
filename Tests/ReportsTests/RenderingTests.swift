import Foundation
import Reports
import ScenarioKit
import Store
import Testing
import TestSupport

/// Terminal, CSV and HTML renderings, with hostile text typed by a trainee.
@Suite struct RenderingTests {
    static let script = "<script>alert(1)</script>"
    static let formula = "=HYPERLINK(\"http://x\")"

    @Test func htmlEscapesEveryValueATraineeTyped() throws {
        let (store, _) = try HandMadeStore.make(trainee: RenderingTests.script)
        let report = try TeamReport.build(from: store, filter: ReportFilter(), kinds: Set(ReportKind.allCases), heatMap: true)
        let html = HTMLReport().render(report)
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert(1)</"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // Self-contained: inline SVG charts, nothing fetched from elsewhere.
        #expect(html.contains("<svg"))
        #expect(html.contains("Score over time"))
        #expect(html.contains("Skills by trainee"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("url("))
    }

    @Test func htmlEscapingCoversQuotesAndAmpersands() {
        #expect(HTML.escape("\"><img src=x onerror=alert(2)> & 'q'") == "&quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#39;q&#39;")
    }

    @Test func csvNeutralisesFormulasAndStartsWithAByteOrderMark() throws {
        let (store, _) = try HandMadeStore.make(trainee: RenderingTests.formula)
        let report = try TeamReport.build(from: store, filter: ReportFilter(), kinds: [.trainee])
        let data = CSV.document(try #require(report.table(.trainee)))
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("trainee,sessions,finished,average %,best %,passes,replies,s/reply,not understood %,asked back,hints,knockouts,median min,last played\r\n"))
        #expect(text.contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\",1,1,50.0,50,0,1,4.0,0.0,0,0,0,5.0,"))
        #expect(text.contains("\r\n王小明,3,2,70.0,80,1,3,4.0,0.0,0,0,0,5.0,"))
        #expect(!text.contains("\n="))
        #expect(!text.contains(",="))
    }

    @Test(arguments: ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
    func csvCellsThatSpreadsheetsWouldRunAreQuotedAsText(cell: String) {
        let written = CSV.cell(cell)
        #expect(written.hasPrefix("'") || written.hasPrefix("\"'"))
    }

    @Test func terminalTablesAlignChineseByDisplayWidth() throws {
        let (store, _) = try HandMadeStore.make()
        let text = try #require(try TeamReport.build(from: store, filter: ReportFilter(), kinds: [.trainee]).table(.trainee)).terminalText()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // The second column ends at the same display column on every line.
        let width = DiagnosticRenderer.approximateWidth
        let ends = lines.map { line -> Int in
            let columns = line.components(separatedBy: "  ").filter { !$0.isEmpty }
            guard columns.count > 1, let range = line.range(of: columns[1]) else { return -1 }
            return width(Substring(line[..<range.upperBound]))
        }
        #expect(Set(ends.enumerated().filter { $0.offset != 1 }.map(\.element)).count == 1, "\(text)")
        #expect(lines[2].hasPrefix("Alice "))
        #expect(lines.contains { $0.hasPrefix("王小明 ") })
    }

    @Test func heatMapColoursRunFromRedThroughYellowToGreen() {
        #expect(HeatMap.colour(0) == "#d73027")
        #expect(HeatMap.colour(50) == "#fee08b")
        #expect(HeatMap.colour(100) == "#1a9850")
        #expect(HeatMap.colour(nil) == "#e8e8e8")
    }
}
