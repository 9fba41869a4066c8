import Foundation

/// One Energi Data Service record as the API returns it: the dataset and its
/// fields in order. It is what the producer sends: `messageValue` (the compact
/// JSON) keyed by `messageKey` (the natural key, see `NaturalKey`).
///
/// Creating one checks only what the key needs: the dataset's UTC time field
/// (a valid time on the interval boundary), PriceArea (text) and, for
/// DeclarationProduction, the other key fields (text). Everything else is the
/// consumer's `RecordValidator`'s job.
public struct EnergiRecord: Sendable, Hashable {
    public let dataset: Dataset
    public let fields: [JSONMember]
    /// The event's UTC time (from the dataset's `timeField`).
    public let time: Date
    /// The price area (`PriceArea`).
    public let area: String
    /// The natural key; for wide datasets without the column part.
    public let messageKey: String

    public init(dataset: Dataset, fields: [JSONMember]) throws(EnergiDataError) {
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
        self.fields = fields
        self.time = stamp.date
        self.area = area
        self.messageKey = NaturalKey.make(dataset: dataset, time: stamp, area: area, parts: parts)
    }

    /// A record from a JSON object.
    public init(dataset: Dataset, json: JSONValue) throws(EnergiDataError) {
        guard case .object(let members) = json else {
            throw EnergiRecord.bad(Rejection(.notObject, "a record must be a JSON object, not \(json.typeDescription)"))
        }
        try self.init(dataset: dataset, fields: members)
    }

    /// The first value of the field `name`.
    public subscript(name: String) -> JSONValue? {
        fields.first(where: { $0.key == name })?.value
    }

    /// The record as a JSON object.
    public var json: JSONValue { .object(fields) }

    /// The Kafka message value: the record as compact JSON, fields in order,
    /// numbers as written.
    public var messageValue: [UInt8] { JSONWriter.bytes(members: fields) }

    /// The UTC key time of a `*UTC` field's text, checked against the dataset's interval.
    static func keyTime(_ text: String, dataset: Dataset) -> Result<Timestamp, Rejection> {
        guard let stamp = Timestamp.parse(text) else { return .failure(.notTime(dataset.timeField, quoted(text))) }
        guard stamp.nanosecond == 0, stamp.epochSeconds % Int64(dataset.interval) == 0 else {
            return .failure(.misaligned(dataset.timeField, quoted(text), interval: dataset.interval))
        }
        return .success(stamp)
    }

    static func bad(_ rejection: Rejection) -> EnergiDataError {
        EnergiDataError(.badRecord, rejection.reason)
    }
}
