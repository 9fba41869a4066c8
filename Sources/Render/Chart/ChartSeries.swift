import Foundation
import Tabular

/// One line of a chart: x positions (seconds since 1970, as
/// `Value.timeCoordinate` gives them) and y values, NaN where missing.
public struct ChartSeries: Sendable {
    public var name: String
    /// The unit of the values; series with the same unit share an axis.
    public var unit: String?
    public var xs: [Double]
    public var ys: [Double]

    public init(name: String, unit: String?, xs: [Double], ys: [Double]) {
        self.name = name
        self.unit = unit
        self.xs = xs
        self.ys = ys
    }
}

/// What the x values are, which decides how the axis is labelled.
public enum ChartXKind: Sendable, Equatable {
    /// Instants, labelled in the given zone (hours, days, months, years).
    case instant(TimeZone)
    /// Calendar days at their UTC midnight (`Value.timeCoordinate` of a
    /// `.day`), labelled as dates, never finer than a day.
    case day
    /// Plain numbers (an hour of the day 0–23, a week number), labelled with round numbers.
    case number
}

extension ChartRenderer {
    /// Series from rows: one per y column, or per (y column, `by` value).
    static func series(from rowSet: RowSet, options: ChartOptions) throws -> (series: [ChartSeries], kind: ChartXKind) {
        let schema = rowSet.schema
        let xIndex: Int
        if let x = options.x {
            guard let i = schema.index(of: x) else { throw unknown(x, role: "x", in: schema) }
            guard schema.columns[i].isTemporal || schema.columns[i].isNumeric else {
                throw RenderError(.wrongColumnType, "x=\(x) is \(schema.columns[i].type.rawValue); a line chart's x is a time, a day or a number")
            }
            xIndex = i
        } else {
            guard let i = defaultX(schema) else {
                throw RenderError(.wrongColumnType, "nothing to put on the x axis: the rows have no time or day column (columns: \(schema.names.joined(separator: ", ")))")
            }
            xIndex = i
        }
        let byIndex: Int?
        if let by = options.by {
            guard let i = schema.index(of: by) else { throw unknown(by, role: "by", in: schema) }
            byIndex = i
        } else {
            byIndex = nil
        }
        let yIndices = try yColumns(options.y, schema: schema, excluding: [xIndex, byIndex].compactMap { $0 })
        let kind: ChartXKind
        switch schema.columns[xIndex].type {
        case .day: kind = .day
        case .time: kind = .instant(options.timeZone)
        default: kind = .number
        }

        // Group keys, sorted so series order does not depend on row order.
        var groupOf = [Int](repeating: 0, count: rowSet.rows.count)
        var groupNames = [""]
        if let byIndex {
            var keys: [Value] = []
            var index: [Value: Int] = [:]
            for (r, row) in rowSet.rows.enumerated() {
                let key = byIndex < row.count ? row[byIndex] : .null
                // A few groups is the usual case: a linear look is cheaper than hashing.
                if keys.count <= 8, let g = keys.firstIndex(of: key) { groupOf[r] = g; continue }
                let g: Int
                if let found = index[key] { g = found } else { g = keys.count; keys.append(key); index[key] = g }
                groupOf[r] = g
            }
            let order = keys.indices.sorted { Value.compare(keys[$0], keys[$1]) == .orderedAscending }
            var rank = [Int](repeating: 0, count: keys.count)
            for (position, g) in order.enumerated() { rank[g] = position }
            for r in groupOf.indices { groupOf[r] = rank[groupOf[r]] }
            groupNames = order.map { groupName(keys[$0], timeZone: options.timeZone) }
        }

        // One pass over the rows fills every series: series k × groups + g.
        let groups = groupNames.count
        var xs = [[Double]](repeating: [], count: yIndices.count * groups)
        var ys = [[Double]](repeating: [], count: yIndices.count * groups)
        if groups == 1 {
            for k in xs.indices { xs[k].reserveCapacity(rowSet.rows.count); ys[k].reserveCapacity(rowSet.rows.count) }
        }
        for (r, row) in rowSet.rows.enumerated() {
            guard xIndex < row.count, let x = row[xIndex].timeCoordinate ?? row[xIndex].number else { continue }
            let g = groupOf[r]
            for (k, yIndex) in yIndices.enumerated() {
                let y = yIndex < row.count ? (row[yIndex].number ?? .nan) : .nan
                xs[k * groups + g].append(x)
                ys[k * groups + g].append(y.isFinite ? y : .nan)
            }
        }
        var series: [ChartSeries] = []
        for (k, yIndex) in yIndices.enumerated() {
            let column = schema.columns[yIndex]
            for g in 0..<groups {
                let name: String
                if byIndex == nil { name = column.name } else if yIndices.count == 1 { name = groupNames[g] } else { name = groupNames[g] + " " + column.name }
                series.append(ChartSeries(name: name, unit: column.unit, xs: xs[k * groups + g], ys: ys[k * groups + g]))
            }
        }
        return (series, kind)
    }

    /// The x when none is named: the first time or day column; else (a
    /// profile such as `summarize avg(price) by hour(time)`) the first
    /// column when it is a number and another number column follows.
    public static func defaultX(_ schema: Schema) -> Int? {
        if let i = schema.columns.firstIndex(where: \.isTemporal) { return i }
        if let first = schema.columns.first, first.isNumeric, schema.columns.dropFirst().contains(where: \.isNumeric) { return 0 }
        return nil
    }

    /// The y columns asked for, or the defaults.
    static func yColumns(_ names: [String], schema: Schema, excluding: [Int]) throws -> [Int] {
        if !names.isEmpty {
            return try names.map { name in
                guard let i = schema.index(of: name) else { throw unknown(name, role: "y", in: schema) }
                guard schema.columns[i].isNumeric else {
                    throw RenderError(.wrongColumnType, "y=\(name) is \(schema.columns[i].type.rawValue); a chart draws number columns")
                }
                return i
            }
        }
        let numeric = schema.columns.indices.filter { schema.columns[$0].isNumeric && !excluding.contains($0) }
        func best(_ word: String, prefer: String) -> Int? {
            let matches = numeric.filter { schema.columns[$0].name.lowercased().contains(word) }
            return matches.first { schema.columns[$0].name.lowercased().contains(prefer) } ?? matches.first
        }
        let picks = [best("price", prefer: "avg"), best("production", prefer: "total")].compactMap { $0 }
        if !picks.isEmpty { return picks }
        guard let first = numeric.first else {
            throw RenderError(.wrongColumnType, "nothing to draw: the rows have no number column (columns: \(schema.names.joined(separator: ", ")))")
        }
        return [first]
    }

    static func unknown(_ name: String, role: String, in schema: Schema) -> RenderError {
        RenderError(.unknownColumn, "\(role)=\(name): no such column; the rows have \(schema.names.joined(separator: ", "))")
    }

    static func groupName(_ value: Value, timeZone: TimeZone) -> String {
        switch value {
        case .time(let date): return CellFormat.timeFormat(seconds: false, offset: false).string(date, in: timeZone)
        case .text(let s): return DisplayText.escapeControls(s)
        default: return value.description
        }
    }
}
