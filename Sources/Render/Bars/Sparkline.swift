import Foundation
import Tabular

/// Sparklines: a row of values as one line of ▁▂▃▄▅▆▇█ (the `spark` stage).
public enum Sparkline {
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One character per value, scaled so `low` is ▁ and `high` is █ (by
    /// default the values' own minimum and maximum). Nil and non-finite
    /// values are spaces; when all values are equal every one is ▄.
    public static func string(_ values: [Double?], low: Double? = nil, high: Double? = nil) -> String {
        let finite = values.compactMap { $0 }.filter(\.isFinite)
        guard let lo = low ?? finite.min(), let hi = high ?? finite.max() else {
            return String(repeating: " ", count: values.count)
        }
        return String(values.map { v -> Character in
            guard let v, v.isFinite else { return " " }
            guard hi > lo else { return "▄" }
            let share = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
            guard share.isFinite else { return "▄" }
            return levels[Int((min(max(share, 0), 1) * 7).rounded())]
        })
    }

    /// `values` averaged into at most `width` buckets (nil when a bucket has
    /// no value), so a long series fits a table cell.
    public static func downsample(_ values: [Double?], to width: Int) -> [Double?] {
        guard width > 0, values.count > width else { return values }
        return (0..<width).map { b in
            let from = b * values.count / width, to = (b + 1) * values.count / width
            let bucket = values[from..<to].compactMap { $0 }.filter(\.isFinite)
            return bucket.isEmpty ? nil : bucket.reduce(0, +) / Double(bucket.count)
        }
    }

    /// One row per group with the shape of its values: the group columns,
    /// then `min` and `max` of `value` (so the scale can be read) and a text
    /// column `name` holding the sparkline. E.g. hourly prices grouped by
    /// `area` (or by `day` and `area`) give each one's price shape.
    ///
    /// Values are taken in the order of `order` when given (else as the rows
    /// come), downsampled to `width` characters. Each group is scaled to its
    /// own minimum and maximum, or all to one scale when `sharedScale`.
    /// Groups appear in the order they are first met.
    public static func summarize(_ rowSet: RowSet, groupBy: [String], value: String, order: String? = nil,
                                 width: Int = 48, name: String = "spark", sharedScale: Bool = false) throws -> RowSet {
        let schema = rowSet.schema
        func index(_ column: String, _ role: String) throws -> Int {
            guard let i = schema.index(of: column) else {
                throw RenderError(.unknownColumn, "\(role)=\(column): no such column; the rows have \(schema.names.joined(separator: ", "))")
            }
            return i
        }
        let groupIndices = try groupBy.map { try index($0, "by") }
        let valueIndex = try index(value, "value")
        guard schema.columns[valueIndex].isNumeric else {
            throw RenderError(.wrongColumnType, "value=\(value) is \(schema.columns[valueIndex].type.rawValue); a sparkline needs numbers")
        }
        let orderIndex = try order.map { try index($0, "order") }

        var keys: [[Value]] = []
        var members: [[Value]: [Int]] = [:]
        for (r, row) in rowSet.rows.enumerated() {
            let key = groupIndices.map { $0 < row.count ? row[$0] : .null }
            if members[key] == nil { keys.append(key) }
            members[key, default: []].append(r)
        }
        var series: [[Double?]] = keys.map { key in
            var rows = members[key] ?? []
            if let orderIndex {
                rows.sort { a, b in
                    Value.compare(rowSet.rows[a][orderIndex], rowSet.rows[b][orderIndex]) == .orderedAscending
                }
            }
            return rows.map { r -> Double? in
                let row = rowSet.rows[r]
                return valueIndex < row.count ? row[valueIndex].number.flatMap { $0.isFinite ? $0 : nil } : nil
            }
        }
        let lows = series.map { $0.compactMap { $0 }.min() }
        let highs = series.map { $0.compactMap { $0 }.max() }
        let sharedLow = lows.compactMap { $0 }.min(), sharedHigh = highs.compactMap { $0 }.max()
        series = series.map { downsample($0, to: width) }

        let unit = schema.columns[valueIndex].unit
        let columns = groupIndices.map { schema.columns[$0] }
            + [Column("min", .double, unit: unit), Column("max", .double, unit: unit), Column(name, .text)]
        let rows = keys.indices.map { g -> [Value] in
            let line = sharedScale ? string(series[g], low: sharedLow, high: sharedHigh) : string(series[g])
            return keys[g] + [lows[g].map(Value.double) ?? .null, highs[g].map(Value.double) ?? .null, .text(line)]
        }
        return RowSet(columns: columns, rows: rows)
    }
}
