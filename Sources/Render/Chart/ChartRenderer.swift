import Foundation
import Tabular

/// Draws line charts of measures over time (the `chart` stage):
///
///     EUR/MWh                                                    MWh
///      150 ┤       ⡠⠊⠑⢄                                      ├ 6000
///        0 ┼┄┄┄┄⠤⠊┄┄┄┄┄⠑⠤┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┄┤
///      -50 ┤                                                 ├ 2000
///          └──────┬───────────┬───────────┬───────────┬──────┘
///               Oct 8      Oct 15      Oct 22      Oct 29
///     ⠒⠒ avg_price (left)   ⠂⠂ production (right)
///
/// - One axis per unit, at most two: the first unit on the left, the second
///   on the right, each labelled with its unit above it and with round ticks.
/// - Gaps: a step more than 1.5 times the series' typical step, or a null
///   value, breaks the line.
/// - A dashed zero line when the values go negative.
/// - Series differ by colour when `color` is on; otherwise by pattern: the
///   first solid, the second only the left dot column of each cell (dotted),
///   the third only the right; in ASCII by mark (`*`, `o`, `+`, …). The legend
///   shows each series' own sample.
/// - Fast: each point costs a few arithmetic operations; points sharing a
///   dot column only widen its span, so 100,000 points cost little more than
///   the columns they land in.
///
/// The output is exactly `height` lines of at most `width` columns, each
/// ending with a newline, trailing spaces trimmed.
public enum ChartRenderer {
    /// The chart of `rowSet` as `options` ask.
    public static func render(_ rowSet: RowSet, options: ChartOptions = ChartOptions()) throws -> String {
        let (series, kind) = try series(from: rowSet, options: options)
        return try render(series: series, kind: kind, options: options)
    }

    /// The chart of ready-made series (the benchmark's entry point). `options.x`,
    /// `y` and `by` are not used here.
    public static func render(series input: [ChartSeries], kind: ChartXKind, options: ChartOptions) throws -> String {
        let style = options.style
        let frame = style.frame
        let width = options.width, height = options.height
        guard !input.isEmpty else { throw RenderError(.noData, "nothing to chart: no series") }
        guard width <= ChartOptions.maximumWidth, height <= ChartOptions.maximumHeight else {
            throw RenderError(.tooSmall, "\(width > ChartOptions.maximumWidth ? "width=\(width)" : "height=\(height)") is more than a chart can be (at most \(ChartOptions.maximumWidth)×\(ChartOptions.maximumHeight))")
        }

        // Axes: one per distinct unit, first seen on the left.
        var unitKeys: [String] = []
        var axisOf: [Int] = []
        for s in input {
            let key = s.unit ?? ""
            if let i = unitKeys.firstIndex(of: key) { axisOf.append(i) } else { axisOf.append(unitKeys.count); unitKeys.append(key) }
        }
        guard unitKeys.count <= 2 else {
            let units = unitKeys.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: ", ")
            throw RenderError(.tooManyUnits, "a chart has two y axes but these measures have \(unitKeys.count) units (\(units)); choose measures of at most two units with y=")
        }
        let twoAxes = unitKeys.count == 2
        let axisTitles = unitKeys.indices.map { a -> String in
            if !unitKeys[a].isEmpty { return unitKeys[a] }
            var names: [String] = []
            for (i, s) in input.enumerated() where axisOf[i] == a && !names.contains(s.name) { names.append(s.name) }
            return names.joined(separator: ", ")
        }

        let series = input.map(finitePoints).map(sortedByX)
        var x0 = Double.infinity, x1 = -Double.infinity
        var yLow = [Double](repeating: .infinity, count: unitKeys.count)
        var yHigh = [Double](repeating: -.infinity, count: unitKeys.count)
        for (i, s) in series.enumerated() {
            if let first = s.xs.first, let last = s.xs.last { x0 = min(x0, first); x1 = max(x1, last) }
            for y in s.ys where !y.isNaN {
                yLow[axisOf[i]] = min(yLow[axisOf[i]], y)
                yHigh[axisOf[i]] = max(yHigh[axisOf[i]], y)
            }
        }
        guard x0.isFinite, yLow.contains(where: \.isFinite) else {
            throw RenderError(.noData, "nothing to chart: every value of \(input.map(\.name).joined(separator: ", ")) is missing")
        }
        if x0 == x1 {
            let pad = kind == .day ? 43200.0 : (kind == .number ? 0.5 : 1800.0)
            x0 -= pad
            x1 += pad
        }

        // Rows: title, units, plot, x axis, x labels, legend.
        let legend = legendLines(series: series, axisOf: axisOf, twoAxes: twoAxes, options: options)
        let title = options.title.map { DisplayText.escapeControls($0) }.flatMap { $0.isEmpty ? nil : $0 }
        let plotRows = height - (title == nil ? 0 : 1) - 3 - legend.count
        guard plotRows >= 2 else {
            throw RenderError(.tooSmall, "height=\(height) leaves no room to plot; use height=\(height + 2 - plotRows) or more")
        }
        let scales = unitKeys.indices.map { a in
            NiceScale(min: yLow[a].isFinite ? yLow[a] : 0, max: yHigh[a].isFinite ? yHigh[a] : 1, maxIntervals: max(2, (plotRows + 1) / 3 + 1))
        }
        let labels = scales.map(\.labels)
        let leftLabelWidth = labels[0].map { DisplayText.width($0) }.max() ?? 0
        let rightLabelWidth = twoAxes ? (labels[1].map { DisplayText.width($0) }.max() ?? 0) : 0
        let leftMargin = leftLabelWidth + 2
        let rightMargin = twoAxes ? rightLabelWidth + 2 : 0
        let plotColumns = width - leftMargin - rightMargin
        guard plotColumns >= 4 else {
            throw RenderError(.tooSmall, "width=\(width) leaves no room to plot; use width=\(width + 4 - plotColumns) or more")
        }

        // Plot every series on its own canvas.
        let xMap = XMap(start: x0, end: x1, dots: plotColumns * style.subColumns)
        let yMaps = scales.map { YMap(low: $0.low, high: $0.high, rows: plotRows, subRows: style.subRows) }
        let canvases = series.indices.map { i in
            plot(series[i], xMap: xMap, yMap: yMaps[axisOf[i]], canvas: DotCanvas(
                columns: plotColumns, rows: plotRows, style: style, pattern: pattern(i, color: options.color)))
        }

        // Which rows carry ticks, and where zero is.
        var tickText = [[Int: String]](repeating: [:], count: unitKeys.count)
        for a in scales.indices {
            for (t, value) in scales[a].ticks.enumerated() {
                let row = yMaps[a].row(value)
                if tickText[a][row] == nil { tickText[a][row] = labels[a][t] }
            }
        }
        let zeroRow: Int? = scales.indices.first { scales[$0].low < 0 && scales[$0].high >= 0 }.map { yMaps[$0].row(0) }

        var lines: [StyledLine] = []
        if let title {
            var line = StyledLine()
            let text = DisplayText.truncate(title, to: width, asciiOnly: style == .ascii)
            line.append(String(repeating: " ", count: max(0, (width - DisplayText.width(text)) / 2)))
            line.append(text, .bold)
            lines.append(line)
        }
        // Units above their axes.
        do {
            var line = StyledLine()
            let leftTitle = DisplayText.truncate(axisTitles[0], to: twoAxes ? width / 2 - 1 : width, asciiOnly: style == .ascii)
            line.append(leftTitle, twoAxes ? .series(firstSeries(on: 0, axisOf)) : nil)
            if twoAxes {
                let rightTitle = DisplayText.truncate(axisTitles[1], to: width / 2 - 1, asciiOnly: style == .ascii)
                line.append(String(repeating: " ", count: max(1, width - DisplayText.width(leftTitle) - DisplayText.width(rightTitle))))
                line.append(rightTitle, .series(firstSeries(on: 1, axisOf)))
            }
            lines.append(line)
        }
        for row in 0..<plotRows {
            var line = StyledLine()
            let tick = tickText[0][row]
            line.append(DisplayText.padLeft(tick ?? "", to: leftLabelWidth) + " ")
            line.append(String(tick == nil ? frame.vertical : (row == zeroRow ? frame.zeroTick : frame.leftTick)))
            for column in 0..<plotColumns {
                var mask: UInt8 = 0
                var top = -1
                for i in canvases.indices {
                    let m = canvases[i].mask(row: row, column: column)
                    if m != 0 { mask |= m; if top < 0 { top = i } }
                }
                if top >= 0 {
                    line.append(style.glyph(mask, series: top), .series(top))
                } else if row == zeroRow {
                    line.append(frame.zeroLine, .dim)
                } else {
                    line.append(" ")
                }
            }
            if twoAxes {
                let rightTick = tickText[1][row]
                line.append(rightTick == nil ? frame.vertical : frame.rightTick)
                line.append(" " + (rightTick ?? ""))
            }
            lines.append(line)
        }
        // The x axis with its ticks, then the labels.
        let xLabels = kind == .number
            ? NumberAxis.labels(from: x0, to: x1, columns: plotColumns, subColumns: style.subColumns,
                                leftRoom: leftMargin, rightRoom: rightMargin)
            : TimeAxis.labels(from: x0, to: x1, kind: kind, columns: plotColumns, subColumns: style.subColumns,
                              leftRoom: leftMargin, rightRoom: rightMargin)
        do {
            var axis = [Character](repeating: frame.horizontal, count: plotColumns)
            for label in xLabels where label.column >= 0 && label.column < plotColumns { axis[label.column] = frame.bottomTick }
            var line = StyledLine()
            line.append(String(repeating: " ", count: leftLabelWidth + 1) + String(frame.cornerLeft) + String(axis))
            if twoAxes { line.append(frame.cornerRight) }
            lines.append(line)
            var text = [Character](repeating: " ", count: width)
            for label in xLabels {
                for (k, c) in label.text.enumerated() {
                    let at = leftMargin + label.start + k
                    if at >= 0 && at < width { text[at] = c }
                }
            }
            var labelLine = StyledLine()
            labelLine.append(String(text))
            lines.append(labelLine)
        }
        lines.append(contentsOf: legend)
        return lines.map { $0.render(color: options.color) + "\n" }.joined()
    }

    /// The pattern of series `i` when colour is off.
    static func pattern(_ i: Int, color: Bool) -> DotCanvas.Pattern {
        if color { return .solid }
        return [DotCanvas.Pattern.solid, .leftOnly, .rightOnly][i % 3]
    }

    static func firstSeries(on axis: Int, _ axisOf: [Int]) -> Int {
        axisOf.firstIndex(of: axis) ?? 0
    }

    /// The series without points whose x is not finite, and with non-finite y as missing.
    static func finitePoints(_ s: ChartSeries) -> ChartSeries {
        guard s.xs.contains(where: { !$0.isFinite }) || s.ys.contains(where: { $0.isInfinite }) || s.xs.count != s.ys.count else { return s }
        var clean = ChartSeries(name: s.name, unit: s.unit, xs: [], ys: [])
        for i in 0..<min(s.xs.count, s.ys.count) where s.xs[i].isFinite {
            clean.xs.append(s.xs[i])
            clean.ys.append(s.ys[i].isFinite ? s.ys[i] : .nan)
        }
        return clean
    }

    /// The series with its points in x order (most input already is).
    static func sortedByX(_ s: ChartSeries) -> ChartSeries {
        var sorted = true
        for i in s.xs.indices.dropFirst() where s.xs[i] < s.xs[i - 1] { sorted = false; break }
        if sorted { return s }
        let order = s.xs.indices.sorted { s.xs[$0] < s.xs[$1] }
        return ChartSeries(name: s.name, unit: s.unit, xs: order.map { s.xs[$0] }, ys: order.map { s.ys[$0] })
    }

    /// The usual distance between neighbouring points (the median of up to
    /// 1,000 sampled steps); a step over 1.5 times this is a gap.
    static func typicalStep(_ xs: [Double]) -> Double? {
        guard xs.count >= 3 else { return nil }
        let stride = max(1, (xs.count - 1) / 1000)
        var steps: [Double] = []
        var i = 0
        while i + 1 < xs.count {
            let d = xs[i + 1] - xs[i]
            if d > 0 { steps.append(d) }
            i += stride
        }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        return steps[steps.count / 2]
    }

    static func plot(_ s: ChartSeries, xMap: XMap, yMap: YMap, canvas: DotCanvas) -> DotCanvas {
        let gapLimit = typicalStep(s.xs).map { $0 * 1.5 } ?? .infinity
        var plotter = LinePlotter(canvas: canvas)
        var previousX = -Double.infinity
        for i in s.xs.indices {
            let x = s.xs[i], y = s.ys[i]
            if x - previousX > gapLimit { plotter.breakLine() }
            previousX = x
            if y.isNaN { plotter.breakLine(); continue }
            plotter.add(x: xMap.dot(x), y: yMap.dot(y))
        }
        return plotter.finish()
    }

    static func legendLines(series: [ChartSeries], axisOf: [Int], twoAxes: Bool, options: ChartOptions) -> [StyledLine] {
        let style = options.style
        var lines: [StyledLine] = []
        var line = StyledLine()
        for (i, s) in series.enumerated() {
            var sampleCanvas = DotCanvas(columns: 2, rows: 1, style: style, pattern: pattern(i, color: options.color))
            for x in 0..<(2 * style.subColumns) { sampleCanvas.span(x: x, min(1, style.subRows - 1), min(1, style.subRows - 1)) }
            let sample = String([style.glyph(sampleCanvas.mask(row: 0, column: 0), series: i),
                                 style.glyph(sampleCanvas.mask(row: 0, column: 1), series: i)])
            var name = DisplayText.escapeControls(s.name)
            if twoAxes { name += axisOf[i] == 0 ? " (left)" : " (right)" }
            name = DisplayText.truncate(name, to: max(1, options.width - 3), asciiOnly: style == .ascii)
            let itemWidth = 3 + DisplayText.width(name)
            if line.width > 0 && line.width + 3 + itemWidth > options.width {
                lines.append(line)
                line = StyledLine()
            }
            if line.width > 0 { line.append("   ") }
            line.append(sample, .series(i))
            line.append(" " + name)
        }
        if line.width > 0 { lines.append(line) }
        return lines
    }
}

/// Maps y values of one axis onto dot rows (0 at the top): the scale's high
/// end on the middle of the top cell row, its low end on the middle of the
/// bottom one, so the top and bottom ticks sit exactly on their rows.
struct YMap {
    let low: Double, high: Double
    let rows: Int, subRows: Int

    func dot(_ y: Double) -> Int {
        let dots = rows * subRows
        // Halves keep the arithmetic finite for values near ±Double.greatestFiniteMagnitude.
        let fraction = high > low ? (high / 2 - y / 2) / (high / 2 - low / 2) : 0.5
        let position = Double(subRows) / 2 + fraction * Double(dots - subRows)
        guard position.isFinite else { return dots / 2 }
        return min(max(Int(position.rounded(.down)), 0), dots - 1)
    }

    /// The cell row a value is drawn in.
    func row(_ y: Double) -> Int { dot(y) / subRows }
}
