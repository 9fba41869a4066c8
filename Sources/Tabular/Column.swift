/// The type a column's values have (besides null).
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    case bool, int, double, text, time, day
}

/// A named, typed column, with the unit of its numbers when it has one
/// (e.g. "EUR/MWh", "MWh"); renderers show units in headers and axes.
public struct Column: Sendable, Hashable {
    public var name: String
    public var type: ValueType
    public var unit: String?
    /// What each value counts for when the column is averaged (`avg(price)`
    /// in summarize and rules): nil for a plain mean.
    public var weight: ColumnWeight?

    public init(_ name: String, _ type: ValueType, unit: String? = nil, weight: ColumnWeight? = nil) {
        self.name = name
        self.type = type
        self.unit = unit
        self.weight = weight
    }

    public var isNumeric: Bool { type == .int || type == .double }
    public var isTemporal: Bool { type == .time || type == .day }
}

/// The columns of a row set, in order.
public struct Schema: Sendable, Hashable {
    public var columns: [Column]

    public init(_ columns: [Column]) {
        self.columns = columns
    }

    public var names: [String] { columns.map(\.name) }

    /// The position of the column called `name`, if there is one.
    public func index(of name: String) -> Int? {
        columns.firstIndex { $0.name == name }
    }

    public func column(named name: String) -> Column? {
        index(of: name).map { columns[$0] }
    }
}

/// What one value of a column counts for in an average, so averages agree
/// with the store's own time-weighted ones: a 15-minute price counts a
/// quarter of an hourly one, a 25-hour Danish day more than a 23-hour one.
public enum ColumnWeight: Sendable, Hashable {
    /// The number in this other column of the same row (e.g. `minutes`).
    case column(String)
    /// The length in hours (23, 24 or 25) of the Danish day in this day column of the same row.
    case danishDayHours(String)

    /// The column the weight is read from.
    public var column: String {
        switch self {
        case .column(let name), .danishDayHours(let name): return name
        }
    }
}
