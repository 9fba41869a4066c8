import Basics

/// Why a record was not stored: a code to branch on and a reason a person
/// understands (it goes to `energi_rejects.reason`).
public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The message has no value (a tombstone) or zero bytes.
        case empty
        /// Larger than the validator's limit.
        case tooLarge
        /// The bytes are not JSON.
        case notJSON
        /// JSON, but not an object.
        case notObject
        /// The topic maps to no dataset.
        case unknownTopic
        /// A required field is absent.
        case missingField
        /// A required field is null.
        case nullField
        /// A field has the wrong JSON type (e.g. a string where a number belongs).
        case wrongType
        /// A time field does not hold a valid time.
        case badTime
        /// The key time is not on the dataset's interval boundary.
        case misalignedTime
        /// The key time is one no Energi Data Service dataset can hold (before 1990, or over a year ahead).
        case implausibleTime
        /// The area is neither known nor well-formed (see `PriceArea`).
        case unknownArea
        /// A field holds a value outside its documented set (e.g. FuelAllocationMethod).
        case badValue
        /// A field the validator reads occurs twice.
        case duplicateField
        /// A wide record has none of its dataset's production columns.
        case noProduction
        /// Valid JSON that PostgreSQL `jsonb` cannot store (`\u0000`, numbers beyond ±1e308).
        case unstorable
    }

    public let code: Code
    public let reason: String
    /// The field the reason is about, when it is about one.
    public let field: String?

    public init(_ code: Code, _ reason: String, field: String? = nil) {
        self.code = code
        self.reason = reason
        self.field = field
    }

    public var description: String { reason }

    // MARK: Reasons shared by the validator and EnergiRecord

    static func missing(_ field: String) -> Rejection {
        Rejection(.missingField, "missing field \(field)", field: field)
    }

    static func null(_ field: String, _ why: String = "") -> Rejection {
        Rejection(.nullField, "\(field) is null" + why, field: field)
    }

    static func notText(_ field: String, _ shown: String) -> Rejection {
        Rejection(.wrongType, "\(field) is not text: \(shown)", field: field)
    }

    static func notNumber(_ field: String, _ shown: String) -> Rejection {
        Rejection(.wrongType, "\(field) is not a number: \(shown)", field: field)
    }

    static func notTime(_ field: String, _ shown: String) -> Rejection {
        Rejection(.badTime, "\(field) is not a time: \(shown)", field: field)
    }

    static func implausible(_ field: String, _ shown: String) -> Rejection {
        Rejection(.implausibleTime, "\(field) \(shown) is not a time Energi Data Service data can have (from \(PlausibleTimes.earliestText) to a year ahead of now)", field: field)
    }

    static func misaligned(_ field: String, _ shown: String, interval: Int) -> Rejection {
        Rejection(.misalignedTime, "\(field) is not on a \(interval / 60)-minute boundary: \(shown)", field: field)
    }

    static func area(_ area: String) -> Rejection {
        Rejection(.unknownArea, PriceArea.problem(area), field: "PriceArea")
    }

    /// How a JSON value is shown in a reason: strings quoted, the rest as
    /// compact JSON, cut to about 60 characters.
    static func show(_ value: JSONValue) -> String {
        if case .string(let s) = value { return quoted(s) }
        let text = value.compactString
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }

    /// A raw JSON value (already validated) shown the same way.
    static func show(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> String {
        let cut = min(range.count, 64)
        var text = String(decoding: UnsafeBufferPointer(start: p + range.lowerBound, count: cut), as: UTF8.self)
        if cut < range.count { text += "…" }
        return text
    }
}
