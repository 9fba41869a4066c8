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

    public init(_ name: String, _ type: ValueType, unit: String? = nil) {
        self.name = name
        self.type = type
        self.unit = unit
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
