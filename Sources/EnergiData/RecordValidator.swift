import Basics
import Foundation

/// Checks one Kafka message (topic or dataset, value bytes) and turns it into
/// rows to store, or a rejection with a reason a person understands.
///
/// A message is accepted when:
/// - it has a value of at most `maxValueBytes` bytes that is strict JSON
///   (see `JSONValue.parse`) holding one object, storable as PostgreSQL `jsonb`
///   (no `\u0000`, numbers within ±1e308);
/// - the dataset's UTC time field is present and a valid time on the dataset's
///   interval boundary (whole hour, or quarter hour for DayAheadPrices), and
///   plausible (`PlausibleTimes`: from 1990 to a year ahead); the local time
///   field, when not null, is a valid time;
/// - `PriceArea` is present, text, and known or well-formed (`PriceArea`);
/// - every documented field present has its type (numbers are JSON numbers,
///   not strings; text is text; either may be null unless required below);
///   fields the dataset does not document are allowed and kept in the payload;
///   no field the validator reads occurs twice;
/// - prices: the EUR price is a number (a null EUR price is rejected: there
///   would be nothing to store); DKK may be null or absent;
/// - DeclarationProduction: ProductionType, FuelAllocationMethod, DeliveryType
///   and Version are text, FuelAllocationMethod is All, Total, 125% or 200%,
///   and Production_MWh is a number;
/// - wide datasets: at least one production column is present. Null columns
///   are skipped (not stored as zero); every other one becomes a row.
///
/// It is a value type with no shared state: use one from several threads.
public struct RecordValidator: Sendable {
    public static let defaultMaxValueBytes = 1_048_576

    public var maxValueBytes: Int
    /// Which dataset each topic carries.
    public var topics: [String: Dataset]
    /// The event times a record may have.
    public var plausibleTimes: PlausibleTimes

    public init(maxValueBytes: Int = RecordValidator.defaultMaxValueBytes,
                topics: [String: Dataset] = Dataset.defaultTopics, plausibleTimes: PlausibleTimes = PlausibleTimes()) {
        self.maxValueBytes = maxValueBytes
        self.topics = topics
        self.plausibleTimes = plausibleTimes
    }

    /// The dataset of `topic`: configured topics first, then default topic names (ignoring case).
    public func dataset(forTopic topic: String) -> Dataset? {
        topics[topic] ?? Dataset(topic: topic)
    }

    /// Validates a message of `topic`; `value` nil is a Kafka message without value.
    public func validate(_ value: [UInt8]?, topic: String) -> ValidationResult {
        guard let dataset = dataset(forTopic: topic) else { return .rejected(Self.unknownTopic(topic)) }
        return validate(value, dataset: dataset)
    }

    /// Validates a message value of `dataset`. Accepted rows share `value` as their payload.
    public func validate(_ value: [UInt8]?, dataset: Dataset) -> ValidationResult {
        guard let value else { return .rejected(Self.emptyValue) }
        return value.withUnsafeBytes { bytes in collect(bytes, dataset: dataset) { value } }
    }

    /// Validates bytes owned by someone else (e.g. a librdkafka message);
    /// they are copied only when the message is accepted.
    public func validate(bytes: UnsafeRawBufferPointer, dataset: Dataset) -> ValidationResult {
        collect(bytes, dataset: dataset) { [UInt8](bytes) }
    }

    /// Validates a message of `topic` in place, without building arrays or
    /// copying: hands each row of an accepted message to `row` (none for a
    /// wide record whose production columns are all null) and returns nil, or
    /// returns the reason the message is rejected (and hands over no row).
    /// The store consumer's hot path.
    public func validate(bytes: UnsafeRawBufferPointer, topic: String, row: (ObservationView) -> Void) -> Rejection? {
        guard let dataset = dataset(forTopic: topic) else { return Self.unknownTopic(topic) }
        return validate(bytes: bytes, dataset: dataset, row: row)
    }

    private static func unknownTopic(_ topic: String) -> Rejection {
        Rejection(.unknownTopic, "unknown topic \(quoted(topic)): no dataset is configured for it")
    }

    /// Validates and collects the rows, with `payload()` (asked once) as their payload.
    private func collect(_ bytes: UnsafeRawBufferPointer, dataset: Dataset, payload: () -> [UInt8]) -> ValidationResult {
        var rows: [StoredObservation] = []
        var shared: [UInt8]?
        let rejection = validate(bytes: bytes, dataset: dataset) { view in
            if shared == nil { shared = payload() }
            rows.append(StoredObservation(view, payload: shared ?? []))
        }
        if let rejection { return .rejected(rejection) }
        return .accepted(rows)
    }

    public static let emptyValue = Rejection(.empty, "empty message (no value)")

    // MARK: The work

    /// Where a documented field's value was found.
    struct Slot {
        var kind: JSONScanner.ValueKind
        var start: Int
        var end: Int
        var present: Bool
    }

    /// `validate(bytes:topic:row:)` for a message known to be of `dataset`:
    /// the validator itself, one pass over the bytes, then the checks and the rows.
    public func validate(bytes: UnsafeRawBufferPointer, dataset: Dataset, row: (ObservationView) -> Void) -> Rejection? {
        let count = bytes.count
        guard let p = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count > 0 else { return Self.emptyValue }
        guard count <= maxValueBytes else {
            return Rejection(.tooLarge, "value too large (\(count) bytes; limit \(maxValueBytes))")
        }
        let table = FieldTable.of(dataset)
        return withUnsafeTemporaryAllocation(of: Slot.self, capacity: table.count) { slots -> Rejection? in
            for k in 0..<table.count { slots[k] = Slot(kind: .null, start: 0, end: 0, present: false) }
            var scanner = JSONScanner(base: p, count: count, maxDepth: JSONValue.defaultMaxDepth)
            var duplicate = -1
            var anyProductionColumn = false
            do {
                scanner.skipWhitespace()
                guard scanner.peek() == 0x7B else {
                    let kind = try scanner.skipValue(depth: 0)
                    try scanner.expectEnd()
                    return Rejection(.notObject, "not a JSON object: the value is \(kind.typeDescription)")
                }
                scanner.position += 1
                scanner.skipWhitespace()
                if scanner.peek() == 0x7D {
                    scanner.position += 1
                } else {
                    var hint = 0
                    while true {
                        scanner.skipWhitespace()
                        let key = try scanner.scanString()
                        try scanner.expect(0x3A, .colon)
                        scanner.skipWhitespace()
                        let start = scanner.position
                        let kind = try scanner.skipValue(depth: 1)
                        let index = Self.lookup(table, p, key, hint: hint)
                        if index >= 0 {
                            if slots[index].present, duplicate < 0 { duplicate = index }
                            slots[index] = Slot(kind: kind, start: start, end: scanner.position, present: true)
                            hint = index + 1
                            if case .production = table.roles[index] { anyProductionColumn = true }
                        }
                        scanner.skipWhitespace()
                        if scanner.peek() == 0x2C { scanner.position += 1; continue }
                        try scanner.expect(0x7D, .commaOrBrace)
                        break
                    }
                }
                try scanner.expectEnd()
            } catch {
                return Rejection(.notJSON, "not JSON: \(error)")
            }
            if duplicate >= 0 {
                let name = table.names[duplicate]
                return Rejection(.duplicateField, "field \(name) occurs twice", field: name)
            }
            if scanner.sawNullEscape {
                return Rejection(.unstorable, "a string holds \\u0000, which PostgreSQL jsonb cannot store")
            }
            if scanner.sawHugeNumber {
                return Rejection(.unstorable, "a number is out of range (beyond ±1e308 or an exponent beyond ±1000)")
            }
            let fields = Fields(p: p, table: table, slots: slots, plausible: plausibleTimes)
            return fields.rows(anyProductionColumn: anyProductionColumn, payload: UnsafeBufferPointer(start: p, count: count), emit: row)
        }
    }

    /// The field index of a scanned key, decoding it first if it has escapes.
    @inline(__always)
    private static func lookup(_ table: FieldTable, _ p: UnsafePointer<UInt8>, _ key: JSONScanner.StringSpan, hint: Int) -> Int {
        if !key.escaped {
            return table.index(of: p + key.start, length: key.end - key.start, hint: hint)
        }
        var name = JSONParser.decode(p, key)
        return name.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return -1 }
            return table.index(of: base, length: buffer.count, hint: hint)
        }
    }
}
