import Basics
import Foundation
import Tabular

/// Options for `BarRenderer`.
public struct BarOptions: Sendable {
    /// The whole output's width in terminal cells.
    public var width: Int
    public var color: Bool
    /// Digits after the point; nil to choose from the values (as tables do).
    public var decimals: Int?
    /// Shown after each value (`1234.5 MWh`).
    public var unit: String?
    /// How a missing value reads.
    public var nullText: String

    public init(width: Int = 80, color: Bool = false, decimals: Int? = nil, unit: String? = nil, nullText: String = "·") {
        self.width = width
        self.color = color
        self.decimals = decimals
        self.unit = unit
        self.nullText = nullText
    }
}

/// Horizontal bars (the `bar` stage): labels left, bars in the middle,
/// values right-aligned, fitting the width:
///
///     OffshoreWindPower  ██████████████████████████▌  2345.6 MWh
///     Biomass            █████████████▊               1234.5 MWh
///     SolarPower         ▏                               0.3 MWh
///
/// Positive bars grow right from the left edge (or from the axis) with 1/8
/// cell precision (▏▎▍▌▋▊▉█). Negative values grow left from an axis `│`
/// placed so both sides share one scale; Unicode has no left-growing eighth
/// blocks, so they have 1/2 cell precision (`▐`), and a non-zero value too
/// small for half a cell still shows as `▕`. Long labels are cut with `…`.
public enum BarRenderer {
    public static func render(labels: [String], values: [Double?], options: BarOptions = BarOptions()) -> String {
        let count = min(labels.count, values.count)
        guard count > 0 else { return "" }
        let finite = values.prefix(count).compactMap { $0 }.filter(\.isFinite)
        let decimals = options.decimals ?? CellFormat.decide(
            for: Column("value", .double, unit: options.unit), values: finite.map(Value.double), timeZone: .utc).decimals
        let suffix = options.unit.map { " " + DisplayText.escapeControls($0) } ?? ""
        let valueTexts = values.prefix(count).map { v in v.map { CellFormat.fixed($0, decimals: decimals) + suffix } ?? options.nullText }
        let valueWidth = valueTexts.map { DisplayText.width($0) }.max() ?? 0
        let labelTexts = labels.prefix(count).map { DisplayText.escapeControls($0) }
        let naturalLabelWidth = labelTexts.map { DisplayText.width($0) }.max() ?? 0
        // Labels take what they need, up to a third of the width; bars the rest.
        var labelWidth = min(naturalLabelWidth, max(4, options.width / 3))
        var barWidth = options.width - labelWidth - valueWidth - 4
        if barWidth < 4 {
            labelWidth = max(1, labelWidth - (4 - barWidth))
            barWidth = max(1, options.width - labelWidth - valueWidth - 4)
        }

        let maxPositive = finite.filter { $0 > 0 }.max() ?? 0
        let maxNegative = -(finite.filter { $0 < 0 }.min() ?? 0)
        let hasNegative = maxNegative > 0
        // Cells for a value: its share of the whole range (halves keep the
        // sum finite near Double's limits) times the usable cells.
        let usable = Double(hasNegative ? barWidth - 1 : barWidth)
        func cells(_ magnitude: Double) -> Double {
            let share = (magnitude / 2) / (maxPositive / 2 + maxNegative / 2)
            return (share.isFinite ? min(max(share, 0), 1) : 0) * usable
        }
        let leftCells = hasNegative ? min(barWidth - 1, Int(cells(maxNegative).rounded(.up))) : 0
        let rightCells = hasNegative ? barWidth - 1 - leftCells : barWidth

        var out = ""
        for i in 0..<count {
            let label = DisplayText.padRight(DisplayText.truncate(labelTexts[i], to: labelWidth), to: labelWidth)
            var negative = "", positive = ""
            if let v = values[i], v.isFinite, v != 0 {
                if v > 0 { positive = positiveBar(cells(v), maxCells: rightCells) } else { negative = negativeBar(cells(-v), maxCells: leftCells) }
            }
            let leftPadding = String(repeating: " ", count: max(0, leftCells - DisplayText.width(negative)))
            let rightPadding = String(repeating: " ", count: max(0, rightCells - DisplayText.width(positive)))
            let bar = leftPadding + ANSI.apply(negative, .red, if: options.color) + (hasNegative ? "│" : "")
                + ANSI.apply(positive, .cyan, if: options.color) + rightPadding
            let value = DisplayText.padLeft(valueTexts[i], to: valueWidth)
            out += label + "  " + bar + "  " + value + "\n"
        }
        return out
    }

    /// Bars for one label column and one number column of `rowSet` (by default
    /// the first text column and the first number column), with a header.
    public static func render(_ rowSet: RowSet, label: String? = nil, value: String? = nil,
                              options: BarOptions = BarOptions()) throws -> String {
        let schema = rowSet.schema
        func find(_ name: String?, role: String, _ fallback: (Column) -> Bool) throws -> Int {
            if let name {
                guard let i = schema.index(of: name) else {
                    throw RenderError(.unknownColumn, "\(role)=\(name): no such column; the rows have \(schema.names.joined(separator: ", "))")
                }
                return i
            }
            guard let i = schema.columns.firstIndex(where: fallback) else {
                throw RenderError(.wrongColumnType, "bar needs a \(role) column; the rows have \(schema.names.joined(separator: ", "))")
            }
            return i
        }
        let valueIndex = try find(value, role: "value", \.isNumeric)
        guard schema.columns[valueIndex].isNumeric else {
            throw RenderError(.wrongColumnType, "value=\(schema.columns[valueIndex].name) is \(schema.columns[valueIndex].type.rawValue); bars need numbers")
        }
        let labelIndex = try find(label, role: "label") { $0.type == .text || $0.isTemporal }
        let column = schema.columns[valueIndex]
        var options = options
        if options.unit == nil { options.unit = column.unit }
        if options.decimals == nil {
            options.decimals = CellFormat.decide(for: column, values: rowSet.rows.map { $0.count > valueIndex ? $0[valueIndex] : .null },
                                                 timeZone: .utc).decimals
        }
        let labelFormat = CellFormat.decide(for: schema.columns[labelIndex], values: rowSet.rows.map { $0.count > labelIndex ? $0[labelIndex] : .null },
                                            timeZone: .copenhagen)
        let labels = rowSet.rows.map { row in
            labelFormat.text(labelIndex < row.count ? row[labelIndex] : .null, timeZone: .copenhagen, nullText: options.nullText)
        }
        let values = rowSet.rows.map { row in valueIndex < row.count ? row[valueIndex].number : nil }
        let body = render(labels: labels, values: values, options: options)
        let leftHeader = DisplayText.escapeControls(schema.columns[labelIndex].name)
        let rightHeader = DisplayText.escapeControls(column.name)
        let gap = max(2, options.width - DisplayText.width(leftHeader) - DisplayText.width(rightHeader))
        let header = DisplayText.truncate(leftHeader + String(repeating: " ", count: gap) + rightHeader, to: options.width)
        return ANSI.apply(header, .bold, if: options.color) + "\n" + body
    }

    static let eighths: [String] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    /// `cells` (fractional) of bar growing right, in eighths of a cell.
    static func positiveBar(_ cells: Double, maxCells: Int) -> String {
        var units = min(Int((cells * 8).rounded()), maxCells * 8)
        if units == 0 && cells > 0 && maxCells > 0 { units = 1 }
        return String(repeating: "█", count: units / 8) + eighths[units % 8]
    }

    /// `cells` of bar growing left, in halves of a cell.
    static func negativeBar(_ cells: Double, maxCells: Int) -> String {
        let halves = min(Int((cells * 2).rounded()), maxCells * 2)
        if halves == 0 { return cells > 0 && maxCells > 0 ? "▕" : "" }
        return (halves % 2 == 1 ? "▐" : "") + String(repeating: "█", count: halves / 2)
    }
}
