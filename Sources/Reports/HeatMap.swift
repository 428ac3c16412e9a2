import Foundation
import ScenarioKit
import Store

/// An inline SVG heat map: trainees down, rules across, each cell the share of the rule's points
/// the trainee earned (red 0 %, yellow 50 %, green 100 %; grey where the rule never came up).
public struct HeatMap: Sendable {
    public var cell = 24.0

    public init() {}

    /// `rules` gives the column order (the team's weakest first reads best); columns are labelled
    /// 1, 2, 3 … in that order (the page lists the rules under the map), and a cell of a rule in
    /// `knockouts` that the trainee violated is marked "!".
    public func svg(_ cells: [Aggregate.TraineeRule], rules: [String], knockouts: Set<String> = []) -> String {
        var trainees: [String] = []
        var values: [String: Aggregate.TraineeRule] = [:]
        for item in cells {
            if !trainees.contains(item.trainee) { trainees.append(item.trainee) }
            values[item.trainee + "\u{0}" + item.rule] = item
        }
        let columns = rules.isEmpty ? Array(Set(cells.map(\.rule))).sorted() : rules
        let width = DiagnosticRenderer.approximateWidth
        let labelWidth = min(220, 16 + 7.5 * Double(trainees.map { width(Substring($0)) }.max() ?? 4))
        let headerHeight = 22.0
        let totalWidth = labelWidth + cell * Double(columns.count) + 10
        let totalHeight = headerHeight + cell * Double(trainees.count) + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(totalWidth)) \(Int(totalHeight))\" width=\"\(Int(totalWidth))\" height=\"\(Int(totalHeight))\" role=\"img\" aria-label=\"Points earned per trainee and rule\">\n"
        for (column, rule) in columns.enumerated() {
            let x = labelWidth + cell * Double(column) + cell / 2
            svg += "<text x=\"\(f(x))\" y=\"\(f(headerHeight - 6))\" text-anchor=\"middle\" font-size=\"10.5\" fill=\"#333\"><title>\(HTML.escape(rule))</title>\(column + 1)</text>\n"
        }
        for (row, trainee) in trainees.enumerated() {
            let y = headerHeight + cell * Double(row)
            let name = HTML.escape(trainee)
            svg += "<text x=\"\(f(labelWidth - 8))\" y=\"\(f(y + cell / 2 + 4))\" text-anchor=\"end\" font-size=\"12\" fill=\"#222\">\(name)</text>"
            for (column, rule) in columns.enumerated() {
                let x = labelWidth + cell * Double(column)
                let value = values[trainee + "\u{0}" + rule]
                let percent = value?.percent
                let tip = value.map { "\(name) · \(HTML.escape(rule)): \($0.earned)/\($0.possible) points (\(ReportFormat.decimal($0.percent, digits: 0))%), violated \($0.violated)×" }
                    ?? "\(name) · \(HTML.escape(rule)): not judged"
                svg += "<rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cell - 2))\" height=\"\(f(cell - 2))\" rx=\"3\" fill=\"\(HeatMap.colour(percent))\"><title>\(tip)</title></rect>"
                let knockedOut = knockouts.contains(rule) && (value?.violated ?? 0) > 0
                if knockedOut {
                    svg += "<rect x=\"\(f(x + 1))\" y=\"\(f(y + 1))\" width=\"\(f(cell - 2))\" height=\"\(f(cell - 2))\" rx=\"3\" fill=\"none\" stroke=\"#7a0916\" stroke-width=\"2\"/>"
                }
                if let percent {
                    svg += "<text x=\"\(f(x + cell / 2))\" y=\"\(f(y + cell / 2 + 3.5))\" text-anchor=\"middle\" font-size=\"9\" fill=\"\(percent < 25 || percent > 80 ? "#fff" : "#222")\">\(Int(percent.rounded()))\(knockedOut ? "!" : "")</text>"
                }
            }
            svg += "\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Red (0) through yellow (50) to green (100); grey for no data.
    public static func colour(_ percent: Double?) -> String {
        guard let percent else { return "#e8e8e8" }
        let t = min(1, max(0, percent / 100))
        let (r, g, b): (Double, Double, Double)
        if t < 0.5 {
            let u = t / 0.5
            (r, g, b) = (215 + (254 - 215) * u, 48 + (224 - 48) * u, 39 + (139 - 39) * u)
        } else {
            let u = (t - 0.5) / 0.5
            (r, g, b) = (254 + (26 - 254) * u, 224 + (152 - 224) * u, 139 + (80 - 139) * u)
        }
        return String(format: "#%02x%02x%02x", Int(r.rounded()), Int(g.rounded()), Int(b.rounded()))
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
