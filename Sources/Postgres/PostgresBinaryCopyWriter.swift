import Foundation

/// Writes rows for `COPY ... FROM STDIN (FORMAT binary)`.
///
/// The binary format spares both ends the text: nothing is escaped here, and
/// the server parses no numbers or timestamps (a `json` field is still checked
/// by the server). It is the format for bulk loads that must be fast.
///
/// Each field goes in its column's binary form, so the method must match the
/// column's type exactly — `appendInt4` for `integer`, `appendInt8` for
/// `bigint`, `appendFloat8` for `double precision` … — or the server refuses
/// the row ("incorrect binary data format"). A row is ended with `endRow()`;
/// the buffer goes to the server 256 KB at a time.
///
///     try connection.copyInBinary("COPY t (id, name, at) FROM STDIN (FORMAT binary)") { writer in
///         for item in items {
///             writer.appendInt8(item.id)
///             writer.appendText(item.name)      // String? — nil is NULL
///             writer.appendTimestamptz(item.at)
///             try writer.endRow()
///         }
///     }
public struct PostgresBinaryCopyWriter {
    static let flushThreshold = 256 * 1024
    /// "PGCOPY\n\xFF\r\n\0", then the flags field and the header extension length (both 0).
    static let header: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00,
                                  0, 0, 0, 0, 0, 0, 0, 0]
    /// Seconds from 1970-01-01 to PostgreSQL's epoch, 2000-01-01 UTC.
    static let postgresEpoch: Double = 946_684_800

    private var buffer: [UInt8] = []
    /// Where the field count of the row being written goes (it is known at `endRow`).
    private var rowStart = -1
    private var fieldsInRow = 0
    /// Rows ended so far.
    public private(set) var rowCount = 0
    private let send: (UnsafeRawBufferPointer) throws -> Void

    init(send: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.send = send
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        buffer.append(contentsOf: Self.header)
    }

    // MARK: - Fields

    public mutating func appendNull() {
        beginField()
        appendBigEndian(Int32(-1))
    }

    /// An `integer` field.
    public mutating func appendInt4(_ value: Int32) {
        beginField()
        appendBigEndian(Int32(4))
        appendBigEndian(value)
    }

    /// A `bigint` field.
    public mutating func appendInt8(_ value: Int64) {
        beginField()
        appendBigEndian(Int32(8))
        appendBigEndian(value)
    }

    /// A `double precision` field (NaN and infinities included).
    public mutating func appendFloat8(_ value: Double) {
        beginField()
        appendBigEndian(Int32(8))
        appendBigEndian(value.bitPattern)
    }

    /// A `boolean` field.
    public mutating func appendBool(_ value: Bool) {
        beginField()
        appendBigEndian(Int32(1))
        buffer.append(value ? 1 : 0)
    }

    /// A `timestamptz` (or `timestamp`) field, rounded to the microsecond.
    /// Beyond PostgreSQL's range it is `infinity` or `-infinity`.
    public mutating func appendTimestamptz(_ value: Date) {
        beginField()
        appendBigEndian(Int32(8))
        appendBigEndian(Self.postgresMicroseconds(value))
    }

    /// A `text` (or `varchar`) field.
    public mutating func appendText(_ value: String) {
        var value = value
        value.withUTF8 { appendBytes($0) }
    }

    /// A `text` field given as UTF-8 bytes (checked by the server).
    public mutating func appendText(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        appendBytes(bytes)
    }

    /// A `json` field: its binary form is its UTF-8 text (checked by the server).
    /// (Not for `jsonb`, whose binary form starts with a version byte.)
    public mutating func appendJSON(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        appendBytes(bytes)
    }

    /// A `bytea` field: the bytes as they are.
    public mutating func appendBytea(_ bytes: UnsafeBufferPointer<UInt8>) {
        appendBytes(bytes)
    }

    /// Optional values: nil is NULL.
    public mutating func appendInt4(_ value: Int32?) { if let value { appendInt4(value) } else { appendNull() } }
    public mutating func appendInt8(_ value: Int64?) { if let value { appendInt8(value) } else { appendNull() } }
    public mutating func appendFloat8(_ value: Double?) { if let value { appendFloat8(value) } else { appendNull() } }
    public mutating func appendText(_ value: String?) { if let value { appendText(value) } else { appendNull() } }

    // MARK: - Rows

    /// Ends the current row; sends the buffer when it is full.
    public mutating func endRow() throws {
        let start = rowStart >= 0 ? rowStart : beginRow()
        let count = UInt16(fieldsInRow)
        buffer[start] = UInt8(count >> 8)
        buffer[start + 1] = UInt8(count & 0xFF)
        rowStart = -1
        fieldsInRow = 0
        rowCount += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Sends what is buffered (also done by `copyInBinary` at the end).
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try send($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// The trailer that ends the data (a field count of -1).
    mutating func appendTrailer() {
        appendBigEndian(Int16(-1))
    }

    /// Fields of the row not yet ended (for `copyInBinary` to refuse a half row).
    var hasUnfinishedRow: Bool { fieldsInRow > 0 }

    /// The server's value for `date`: microseconds since 2000-01-01 UTC, or
    /// the `infinity` sentinels outside the range PostgreSQL can hold.
    static func postgresMicroseconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970 - postgresEpoch
        // PostgreSQL holds 4713 BC ... 294276 AD; distantPast and distantFuture are inside.
        guard seconds.isFinite, abs(seconds) < 9.2e12 else { return seconds < 0 ? Int64.min : Int64.max }
        return Int64((seconds * 1_000_000).rounded())
    }

    // MARK: - Bytes

    @inline(__always)
    private mutating func beginField() {
        if rowStart < 0 { _ = beginRow() }
        fieldsInRow += 1
    }

    /// Reserves the row's field count; returns where it goes.
    private mutating func beginRow() -> Int {
        rowStart = buffer.count
        buffer.append(0)
        buffer.append(0)
        return rowStart
    }

    @inline(__always)
    private mutating func appendBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
        beginField()
        appendBigEndian(Int32(bytes.count))
        buffer.append(contentsOf: bytes)
    }

    @inline(__always)
    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { buffer.append(contentsOf: $0) }
    }
}
