import Basics
import Foundation

/// One value going to or coming from PostgreSQL.
///
/// Results decode by column type: text/varchar/char/name → `.text`;
/// int2/int4/int8/oid → `.int`; float4/float8/numeric → `.double` (the exact
/// numeric text stays available from `PostgresRow.text(_:)`); bool → `.bool`;
/// timestamptz/timestamp → `.timestamp` (a timestamp without zone is read as
/// UTC); date → `.date`; json/jsonb → `.json` (the JSON text); bytea → `.bytes`;
/// SQL NULL → `.null`; every other type → `.text` with the server's text.
public enum PostgresValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case text(String)
    case timestamp(Date)
    case date(PostgresDate)
    /// JSON text; as a parameter its type is left for the server to infer, so it
    /// fits json, jsonb and text columns alike.
    case json(String)
    case bytes([UInt8])

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var int: Int64? {
        if case .int(let value) = self { return value }
        return nil
    }

    /// `.double`, or `.int` widened.
    public var double: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: return nil
        }
    }

    /// `.text` or `.json`.
    public var string: String? {
        switch self {
        case .text(let value), .json(let value): return value
        default: return nil
        }
    }

    public var timestamp: Date? {
        if case .timestamp(let value) = self { return value }
        return nil
    }

    public var date: PostgresDate? {
        if case .date(let value) = self { return value }
        return nil
    }
}

extension PostgresValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral {
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .text(value) }
}

extension PostgresValue: CustomStringConvertible {
    /// The value as PostgreSQL's text form would show it; NULL as `NULL`.
    public var description: String {
        parameterText ?? "NULL"
    }
}

// MARK: - Parameters: text format, with a type OID or 0 for "let the server infer"

extension PostgresValue {
    /// The text sent for this value, nil for NULL.
    var parameterText: String? {
        switch self {
        case .null: return nil
        case .bool(let value): return value ? "t" : "f"
        case .int(let value): return String(value)
        case .double(let value): return Self.text(of: value)
        case .text(let value), .json(let value): return value
        case .timestamp(let value): return TimestampText.string(value)
        case .date(let value): return value.postgresText
        case .bytes(let value): return Self.byteaHex(value)
        }
    }

    /// Typed parameters where the type is unambiguous; text and JSON are left
    /// unknown (0) so they fit whatever column or cast they meet.
    var parameterTypeOID: UInt32 {
        switch self {
        case .null, .text, .json: return 0
        case .bool: return PostgresType.bool
        case .int: return PostgresType.int8
        case .double: return PostgresType.float8
        case .timestamp: return PostgresType.timestamptz
        case .date: return PostgresType.date
        case .bytes: return PostgresType.bytea
        }
    }

    /// The shortest text that reads back as the same Double; PostgreSQL's
    /// spellings of the non-finite values.
    static func text(of value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return value.description
    }

    static func byteaHex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

// MARK: - Results: the server's text for a column type

extension PostgresValue {
    /// A cell's text as the server wrote it (text format) decoded by the
    /// column's type OID, as results decode it; nil text is NULL.
    public static func parse(_ text: String?, typeOID: UInt32) throws -> PostgresValue {
        try decode(text, typeOID: typeOID, column: "?column?")
    }

    /// Decodes a cell's text by its column's type OID; nil text is NULL.
    /// Throws `.decoding` when the text does not fit the type.
    static func decode(_ text: String?, typeOID: UInt32, column: String) throws -> PostgresValue {
        guard let text else { return .null }
        func failure(_ expected: String) -> PostgresError {
            PostgresError(.decoding, "Column \"\(column)\" holds \"\(text.prefix(40))\", which is not a valid \(expected).")
        }
        switch typeOID {
        case PostgresType.bool:
            switch text {
            case "t": return .bool(true)
            case "f": return .bool(false)
            default: throw failure("boolean")
            }
        case PostgresType.int2, PostgresType.int4, PostgresType.int8, PostgresType.oid:
            guard let value = Int64(text) else { throw failure("integer") }
            return .int(value)
        case PostgresType.float4, PostgresType.float8, PostgresType.numeric:
            guard let value = Double(text) else { throw failure("number") }
            return .double(value)
        case PostgresType.timestamptz, PostgresType.timestamp:
            guard let value = TimestampText.parse(text) else { throw failure("timestamp") }
            return .timestamp(value)
        case PostgresType.date:
            if text == "infinity" || text == "-infinity" { return .text(text) }
            guard let value = Day(postgresText: text) else { throw failure("date") }
            return .date(value)
        case PostgresType.json, PostgresType.jsonb:
            return .json(text)
        case PostgresType.bytea:
            guard let value = decodeByteaHex(text) else { throw failure("bytea (hex format)") }
            return .bytes(value)
        default:
            return .text(text)
        }
    }

    static func decodeByteaHex(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        func nibble(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Type OIDs of the built-in types this module decodes (from pg_type.dat; fixed across versions).
public enum PostgresType {
    public static let bool: UInt32 = 16
    public static let bytea: UInt32 = 17
    public static let name: UInt32 = 19
    public static let int8: UInt32 = 20
    public static let int2: UInt32 = 21
    public static let int4: UInt32 = 23
    public static let text: UInt32 = 25
    public static let oid: UInt32 = 26
    public static let json: UInt32 = 114
    public static let float4: UInt32 = 700
    public static let float8: UInt32 = 701
    public static let bpchar: UInt32 = 1042
    public static let varchar: UInt32 = 1043
    public static let date: UInt32 = 1082
    public static let timestamp: UInt32 = 1114
    public static let timestamptz: UInt32 = 1184
    public static let numeric: UInt32 = 1700
    public static let jsonb: UInt32 = 3802
}

extension PostgresValue {
    /// A one-dimensional array parameter, sent as PostgreSQL's array literal
    /// text (`{"a","b",NULL}`); cast it in SQL, e.g. `$1::text[]` or `$1::date[]`.
    /// Every element is quoted and escaped, so values never become SQL.
    public static func array(_ elements: [String?]) -> PostgresValue {
        var literal = "{"
        for (i, element) in elements.enumerated() {
            if i > 0 { literal += "," }
            guard let element else { literal += "NULL"; continue }
            literal += "\""
            for ch in element.unicodeScalars {
                if ch == "\"" || ch == "\\" { literal += "\\" }
                literal.unicodeScalars.append(ch)
            }
            literal += "\""
        }
        return .text(literal + "}")
    }
}
