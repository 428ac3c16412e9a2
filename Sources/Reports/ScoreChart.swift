import Foundation
import Store

/// An inline SVG line chart: each trainee's average score per day over time.
///
/// Self-contained (no script, no external file); every name is escaped. Points carry a
/// `<title>`, which browsers show as a tooltip.
public struct ScoreChart: Sendable {
    public var width = 760.0
    public var height = 320.0
    public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2",
                                 "#7f7f7f", "#bcbd22"]

    public init() {}

    /// The colour of the trainee at `index` in the legend.
    public static func colour(_ index: Int) -> String { palette[index % palette.count] }

    public func svg(_ progress: [Aggregate.Progress], empty: String = "no finished sessions") -> String {
        let left = 44.0, right = 44.0, top = 16.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let days = progress.compactMap { ScoreChart.dayNumber($0.day) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"Score over time per trainee\">\n"
        for value in stride(from: 0, through: 100, by: 25) {
            let y = top + plotHeight * (1 - Double(value) / 100)
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(width - right))\" y2=\"\(f(y))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">\(value)%</text>\n"
        }
        guard let first = days.min(), let last = days.max() else {
            svg += "<text x=\"\(f(width / 2))\" y=\"\(f(height / 2))\" text-anchor=\"middle\" fill=\"#777\">\(HTML.escape(empty))</text></svg>"
            return svg
        }
        let span = Double(max(1, last - first))
        func x(_ day: Int) -> Double { last == first ? left + plotWidth / 2 : left + plotWidth * Double(day - first) / span }
        func y(_ percent: Double) -> Double { top + plotHeight * (1 - min(100, max(0, percent)) / 100) }
        // Dates on the x axis: first, last and a few between.
        let ticks = last == first ? [first] : Array(Set((0...4).map { first + Int((Double($0) / 4 * span).rounded()) })).sorted()
        for day in ticks {
            svg += "<text x=\"\(f(x(day)))\" y=\"\(f(height - bottom + 18))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">\(ScoreChart.dayText(day))</text>\n"
        }
        var order: [String] = []
        var byTrainee: [String: [Aggregate.Progress]] = [:]
        for point in progress {
            if byTrainee[point.trainee] == nil { order.append(point.trainee) }
            byTrainee[point.trainee, default: []].append(point)
        }
        for (index, trainee) in order.enumerated() {
            let colour = ScoreChart.colour(index)
            let points = (byTrainee[trainee] ?? []).compactMap { point in ScoreChart.dayNumber(point.day).map { (day: $0, point: point) } }
                .sorted { $0.day < $1.day }
            let name = HTML.escape(trainee)
            svg += "<g class=\"trainee\"><title>\(name)</title>"
            if points.count > 1 {
                let path = points.map { "\(f(x($0.day))),\(f(y($0.point.average)))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(path)\"/>"
            }
            for item in points {
                svg += "<circle cx=\"\(f(x(item.day)))\" cy=\"\(f(y(item.point.average)))\" r=\"3.5\" fill=\"\(colour)\"><title>\(name) · \(HTML.escape(item.point.day)) · \(ReportFormat.decimal(item.point.average))% (\(item.point.sessions) session\(item.point.sessions == 1 ? "" : "s"))</title></circle>"
            }
            svg += "</g>\n"
        }
        svg += "</svg>"
        return svg
    }

    /// Days since 1970-01-01 of "YYYY-MM-DD".
    static func dayNumber(_ day: String) -> Int? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        var components = DateComponents()
        components.year = parts[0]
        components.month = parts[1]
        components.day = parts[2]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        guard let date = calendar.date(from: components) else { return nil }
        return Int((date.timeIntervalSince1970 / 86_400).rounded())
    }

    static func dayText(_ number: Int) -> String {
        let date = Date(timeIntervalSince1970: Double(number) * 86_400)
        return ReportFormat.day(date, timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
