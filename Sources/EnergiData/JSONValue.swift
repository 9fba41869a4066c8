/// A JSON value as EnergiFlow keeps it: objects keep their members in order
/// (as the API wrote them) and numbers keep their original text, so a record
/// written back out is byte-for-byte what the API sent (compact form).
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
    public var typeDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
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

/// A JSON number: its text exactly as written (always valid JSON number
/// grammar) and its value as a Double.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    public let text: String
    public let double: Double

    /// A number from JSON number text (`-12.5`, `1e-05`); nil when the text is
    /// not JSON number grammar or does not fit a finite Double.
    public init?(text: String) {
        var text = text
        let parsed: Double? = text.withUTF8 { buffer -> Double? in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return nil }
            var scanner = JSONScanner(base: base, count: buffer.count, maxDepth: 1)
            guard let range = try? scanner.scanNumber(), range.upperBound == buffer.count else { return nil }
            return DecimalText.double(base, range)
        }
        guard let parsed, parsed.isFinite else { return nil }
        self.text = text
        self.double = parsed
    }

    /// A number from a finite Double, written in Swift's shortest round-trip
    /// form (`0.1`, `1e-05`); nil for NaN and infinities.
    public init?(_ double: Double) {
        guard double.isFinite else { return nil }
        if double == double.rounded(), abs(double) < 1e15 {
            self.text = String(Int64(double))
        } else {
            self.text = "\(double)"
        }
        self.double = double
    }

    public init(_ int: Int) {
        self.text = String(int)
        self.double = Double(int)
    }

    /// Text and value known to agree (from the scanner).
    init(uncheckedText text: String, double: Double) {
        self.text = text
        self.double = double
    }

    public var description: String { text }

    public static func == (a: JSONNumber, b: JSONNumber) -> Bool { a.text == b.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}
