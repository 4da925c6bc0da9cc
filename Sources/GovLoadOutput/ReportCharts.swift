import Foundation

/// Inline SVG charts for `report.html`: drawn as text, no script, nothing fetched.
enum ReportCharts {
    /// Eight colours that stay apart for the colour-blind (Okabe & Ito 2008), one per policy.
    static let palette = [
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442",
    ]

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A coordinate to a tenth of a pixel.
    static func px(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A label: four significant digits, no trailing zeros (`5`, `0.02`, `6000`, `1.2e+05`).
    static func number(_ value: Double) -> String {
        if value == 0 || abs(value) < 1e-12 { return "0" }
        return String(format: abs(value) >= 1e5 ? "%.3g" : "%.4g", value)
    }

    /// Round steps for an axis from `low` to `high`.
    static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low else { return [low] }
        let raw = (high - low) / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var values: [Double] = []
        var tick = ceil(low / step) * step
        while tick <= high + step * 1e-9 {
            values.append(tick)
            tick += step
        }
        return values
    }

    /// A forest plot of paired differences: one row per policy, its mean difference from the
    /// baseline and 95 % interval, a line at 0; filled where Holm-significant.
    static func forest(
        title: String, unit: String,
        rows: [(policy: String, diff: Double, low: Double, high: Double, significant: Bool)]
    )
        -> String
    {
        let (width, rowHeight, left, right) = (640.0, 26.0, 170.0, 30.0)
        let height = Double(rows.count) * rowHeight + 60
        let low = min(0, rows.map(\.low).min() ?? 0)
        let high = max(0, rows.map(\.high).max() ?? 0)
        let span = high > low ? high - low : 1
        func x(_ value: Double) -> Double { left + (value - low) / span * (width - left - right) }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg += "<text x=\"8\" y=\"18\" class=\"title\">\(escape(title)) (\(escape(unit)))</text>"
        for tick in ticks(low, high) {
            svg +=
                "<line x1=\"\(px(x(tick)))\" x2=\"\(px(x(tick)))\" y1=\"28\" y2=\"\(height - 24)\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(px(x(tick)))\" y=\"\(height - 8)\" class=\"tick\" text-anchor=\"middle\">\(number(tick))</text>"
        }
        svg += "<line x1=\"\(px(x(0)))\" x2=\"\(px(x(0)))\" y1=\"28\" y2=\"\(height - 24)\" class=\"zero\"/>"
        for (index, row) in rows.enumerated() {
            let y = 40 + Double(index) * rowHeight
            let colour = palette[(index + 1) % palette.count]
            svg += "<text x=\"\(left - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(escape(row.policy))</text>"
            svg +=
                "<line x1=\"\(px(x(row.low)))\" x2=\"\(px(x(row.high)))\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"\(colour)\" stroke-width=\"3\"/>"
            svg +=
                "<circle cx=\"\(px(x(row.diff)))\" cy=\"\(y)\" r=\"5\" stroke=\"\(colour)\" fill=\"\(row.significant ? colour : "#fff")\"/>"
        }
        return svg + "</svg>"
    }

    /// A line chart over days: one line per policy, shaded spans (the warm-up, the shocks).
    static func lines(
        title: String, unit: String, hours: [Double], byPolicy: [(String, [Double])],
        shaded: [(from: Double, to: Double, label: String)], compact: Bool = false
    ) -> String {
        let (width, height) = compact ? (300.0, 170.0) : (640.0, 260.0)
        let (left, right, top, bottom) = (compact ? 46.0 : 60.0, 12.0, 28.0, 30.0)
        let values = byPolicy.flatMap { $0.1 }.filter(\.isFinite)
        let days = hours.map { $0 / 24 }
        let (xLow, xHigh) = (days.first ?? 0, max(days.last ?? 1, (days.first ?? 0) + 1e-9))
        let yLow = min(0, values.min() ?? 0)
        let yHigh = max(values.max() ?? 1, yLow + 1e-9)
        func x(_ day: Double) -> Double { left + (day - xLow) / (xHigh - xLow) * (width - left - right) }
        func y(_ value: Double) -> Double {
            height - bottom - (value - yLow) / (yHigh - yLow) * (height - top - bottom)
        }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(escape(title))\">"
        svg +=
            "<text x=\"6\" y=\"16\" class=\"title\">\(escape(title))\(unit.isEmpty ? "" : " (\(escape(unit)))")</text>"
        for span in shaded where span.to > xLow * 24 {
            let from = x(max(span.from / 24, xLow))
            let to = x(min(span.to / 24, xHigh))
            svg +=
                "<rect x=\"\(px(from))\" y=\"\(top)\" width=\"\(px(max(0, to - from)))\" height=\"\(height - top - bottom)\" class=\"shade\"><title>\(escape(span.label))</title></rect>"
        }
        for tick in ticks(yLow, yHigh, count: compact ? 3 : 5) {
            svg +=
                "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(px(y(tick)))\" y2=\"\(px(y(tick)))\" class=\"grid\"/>"
            svg +=
                "<text x=\"\(left - 4)\" y=\"\(px(y(tick) + 4))\" class=\"tick\" text-anchor=\"end\">\(number(tick))</text>"
        }
        for tick in ticks(xLow, xHigh, count: compact ? 4 : 8) {
            svg +=
                "<text x=\"\(px(x(tick)))\" y=\"\(height - 12)\" class=\"tick\" text-anchor=\"middle\">\(number(tick))</text>"
        }
        if !compact {
            svg +=
                "<text x=\"\(width - right)\" y=\"\(height - 1)\" class=\"tick\" text-anchor=\"end\">days from the start</text>"
        }
        for (index, (_, series)) in byPolicy.enumerated() {
            let points = zip(days, series).filter { $0.1.isFinite }.map {
                String(format: "%.1f,%.1f", x($0.0), y($0.1))
            }
            svg +=
                "<polyline fill=\"none\" stroke=\"\(palette[index % palette.count])\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>"
        }
        return svg + "</svg>"
    }

    /// The policies' colours as a legend line.
    static func legend(_ policies: [String]) -> String {
        "<p class=\"legend\">"
            + policies.enumerated().map { index, policy in
                "<span><i style=\"background:\(palette[index % palette.count])\"></i>\(escape(policy))</span>"
            }.joined() + "</p>"
    }
}
