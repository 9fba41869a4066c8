/// A parsed JSON value. Objects keep their keys in the order written, which
/// is the column order of a plugin's output rows.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number written without a fraction or exponent that fits 64 bits.
    case integer(Int64)
    /// Any other number; `NaN`, `Infinity` and `-Infinity` (which Python's
    /// json module writes) become non-finite doubles when the parser allows them.
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// For messages: `"DK1"`, `12`, `an object`.
    var described: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s):
            let cut = s.count > 60 ? String(s.prefix(60)) + "…" : s
            return "\"" + cut + "\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// For messages about types: "a string", "a number".
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "true/false"
        case .integer, .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object's members in the order written; keys are unique (the
/// parser rejects repeats).
struct JSONObject: Sendable, Hashable {
    var keys: [String]
    var values: [JSONValue]

    init(keys: [String] = [], values: [JSONValue] = []) {
        self.keys = keys
        self.values = values
    }

    subscript(_ key: String) -> JSONValue? {
        keys.firstIndex(of: key).map { values[$0] }
    }

    var count: Int { keys.count }
}
