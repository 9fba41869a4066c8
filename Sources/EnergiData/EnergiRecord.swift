import Basics
import Foundation

/// One Energi Data Service record as the API returns it: the dataset and its
/// fields in order. It is what the producer sends: `messageValue` (the compact
/// JSON) keyed by `messageKey` (the natural key, see `NaturalKey`).
///
/// The record is kept as those bytes: `fields` reads them back when asked
/// (for tests, the demo and tools), so a reader that writes the bytes
/// straight from a file never builds field values it does not need.
///
/// Creating one checks only what the key needs: the dataset's UTC time field
/// (a valid time on the interval boundary), PriceArea (text) and, for
/// DeclarationProduction, the other key fields (text). Everything else is the
/// consumer's `RecordValidator`'s job.
public struct EnergiRecord: Sendable, Hashable {
    public let dataset: Dataset
    /// The event's UTC time (from the dataset's `timeField`).
    public let time: Date
    /// The PriceArea's text (ask this rather than `self["PriceArea"]`, which reads the fields back).
    public let area: String
    /// The natural key; for wide datasets without the column part.
    public let messageKey: String
    /// The Kafka message value: the record as compact JSON, fields in order,
    /// numbers as written (`JSONWriter.bytes(members: fields)`).
    public let messageValue: [UInt8]

    public init(dataset: Dataset, fields: [JSONMember]) throws(EnergiDataError) {
        try self.init(dataset: dataset, fields: fields, messageValue: JSONWriter.bytes(members: fields))
    }

    private init(dataset: Dataset, fields: [JSONMember], messageValue: [UInt8]) throws(EnergiDataError) {
        func value(_ name: String) throws(EnergiDataError) -> JSONValue {
            guard let v = fields.first(where: { $0.key == name })?.value else { throw EnergiRecord.bad(.missing(name)) }
            return v
        }
        func text(_ name: String) throws(EnergiDataError) -> String {
            switch try value(name) {
            case .string(let s): return s
            case .null: throw EnergiRecord.bad(.null(name))
            case let other: throw EnergiRecord.bad(.notText(name, Rejection.show(other)))
            }
        }
        let timeText = try text(dataset.timeField)
        let stamp: Timestamp
        switch EnergiRecord.keyTime(timeText, dataset: dataset) {
        case .success(let t): stamp = t
        case .failure(let rejection): throw EnergiRecord.bad(rejection)
        }
        let area = try text(dataset.areaField)
        var parts: [String] = []
        for name in dataset.extraKeyFields { parts.append(try text(name)) }
        self.dataset = dataset
        self.time = stamp.date
        self.area = area
        self.messageKey = NaturalKey.make(dataset: dataset, time: stamp, area: area, parts: parts)
        self.messageValue = messageValue
    }

    /// A record a reader wrote and checked itself: `messageValue` is the
    /// compact JSON of its fields, `time` the UTC time field's value parsed
    /// (on the dataset's interval), `area` and `parts` the text of the area
    /// and of the other key fields (the first of each).
    init(dataset: Dataset, messageValue: [UInt8], keyTime time: Timestamp, area: String, parts: [String]) {
        self.dataset = dataset
        self.time = time.date
        self.area = area
        self.messageKey = NaturalKey.make(dataset: dataset, time: time, area: area, parts: parts)
        self.messageValue = messageValue
    }

    /// A record from a JSON object.
    public init(dataset: Dataset, json: JSONValue) throws(EnergiDataError) {
        guard case .object(let members) = json else {
            throw EnergiRecord.bad(Rejection(.notObject, "a record must be a JSON object, not \(json.typeDescription)"))
        }
        try self.init(dataset: dataset, fields: members)
    }

    /// The fields in order, read back from `messageValue`.
    public var fields: [JSONMember] {
        (try? JSONValue.parse(messageValue))?.objectMembers ?? []
    }

    /// The first value of the field `name`.
    public subscript(name: String) -> JSONValue? {
        fields.first(where: { $0.key == name })?.value
    }

    /// The record as a JSON object.
    public var json: JSONValue { .object(fields) }

    /// The UTC key time of a `*UTC` field's text, checked against the dataset's interval.
    static func keyTime(_ text: String, dataset: Dataset) -> Result<Timestamp, Rejection> {
        guard let stamp = Timestamp.parse(text) else { return .failure(.notTime(dataset.timeField, quoted(text))) }
        guard isKeyTime(stamp, dataset: dataset) else {
            return .failure(.misaligned(dataset.timeField, quoted(text), interval: dataset.interval))
        }
        return .success(stamp)
    }

    /// Whether a parsed key time is on the dataset's interval boundary.
    static func isKeyTime(_ stamp: Timestamp, dataset: Dataset) -> Bool {
        stamp.nanosecond == 0 && stamp.epochSeconds % Int64(dataset.interval) == 0
    }

    static func bad(_ rejection: Rejection) -> EnergiDataError {
        EnergiDataError(.badRecord, rejection.reason)
    }
}
