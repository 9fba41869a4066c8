/// A JSON value as EnergiFlow keeps it: objects keep their members in order
/// (as the API wrote them, as a plugin ordered its columns) and numbers keep
/// their original text, so a record written back out is byte-for-byte what
/// the API sent (compact form), and `1` and `1.0` stay told apart.
///
/// Equality is structural and order-sensitive; numbers compare by text
/// (`1.0` and `1` differ). With duplicate keys, `subscript(key)` returns the first.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// The member value for `key` when this is an object holding it.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    public var numberValue: JSONNumber? {
        if case .number(let n) = self { return n }
        return nil
    }

    /// The number as a Double when this is a number.
    public var doubleValue: Double? { numberValue?.double }

    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var objectMembers: [JSONMember]? {
        if case .object(let m) = self { return m }
        return nil
    }

    /// A short name of the value's type, for messages ("a string", "an array").
    public var typeDescription: String { kind.typeDescription }

    /// The value's type, as the scanner names it.
    public var kind: JSONScanner.ValueKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }

    /// The value for messages: `"DK1"` (cut after 60 characters), `12`,
    /// `true`, `null`, `an array`, `an object`.
    public var described: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): n.text
        case .string(let s): "\"" + (s.count > 60 ? String(s.prefix(60)) + "…" : s) + "\""
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension [JSONMember] {
    /// The value of the first member named `key`.
    public subscript(_ key: String) -> JSONValue? {
        first(where: { $0.key == key })?.value
    }

    /// The members' keys in order.
    public var keys: [String] { map(\.key) }
}

/// One member of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
