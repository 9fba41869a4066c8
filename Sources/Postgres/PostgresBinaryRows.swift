import Foundation

/// Rows in PostgreSQL's binary COPY format, encoded ahead of the COPY that
/// sends them (`PostgresBinaryCopyWriter.appendRows`): a program can build a
/// batch on one thread and send it, whole or a range of rows at a time, from
/// another. `PostgresBinaryCopyWriter` encodes its fields with this too.
///
/// Each field must be appended in its column's binary form, exactly: see
/// `PostgresBinaryCopyWriter`. A row is ended with `endRow()`.
public struct PostgresBinaryRows: Sendable {
    /// The rows, back to back: per row a field count, then per field its length and bytes.
    public private(set) var bytes: [UInt8] = []
    /// Where each ended row starts in `bytes`.
    private var rowStarts: [Int] = []
    /// Where the field count of the row being written goes (it is known at `endRow`).
    private var openRow = -1
    private var fieldsInRow = 0

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// Rows ended so far.
    public var count: Int { rowStarts.count }
    public var isEmpty: Bool { rowStarts.isEmpty }
    /// Fields appended to a row not yet ended.
    public var hasUnfinishedRow: Bool { fieldsInRow > 0 }

    /// The bytes of rows `range`.
    public func byteRange(ofRows range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else { return 0..<0 }
        let end = range.upperBound < rowStarts.count ? rowStarts[range.upperBound] : (openRow >= 0 ? openRow : bytes.count)
        return rowStarts[range.lowerBound]..<end
    }

    /// A copy holding rows `range` only.
    public func rows(_ range: Range<Int>) -> PostgresBinaryRows {
        var part = PostgresBinaryRows(capacity: byteRange(ofRows: range).count)
        let bytesRange = byteRange(ofRows: range)
        part.bytes.append(contentsOf: bytes[bytesRange])
        part.rowStarts = rowStarts[range].map { $0 - bytesRange.lowerBound }
        return part
    }

    /// Field `column` (0-based) of row `row`; nil when it is NULL or out of range.
    public func field(_ column: Int, ofRow row: Int) -> ArraySlice<UInt8>? {
        guard row >= 0, row < rowStarts.count else { return nil }
        var i = rowStarts[row]
        let fields = Int(readBigEndian(Int16.self, at: i))
        guard column >= 0, column < fields else { return nil }
        i += 2
        for _ in 0..<column {
            let length = Int(readBigEndian(Int32.self, at: i))
            i += 4 + max(0, length)
        }
        let length = Int(readBigEndian(Int32.self, at: i))
        guard length >= 0 else { return nil }
        return bytes[(i + 4)..<(i + 4 + length)]
    }

    /// Forgets every row, keeping the memory.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        rowStarts.removeAll(keepingCapacity: true)
        openRow = -1
        fieldsInRow = 0
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
        bytes.append(value ? 1 : 0)
    }

    /// A `timestamptz` (or `timestamp`) field, rounded to the microsecond;
    /// beyond PostgreSQL's range it is `infinity` or `-infinity`.
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

    /// A `text` field of exactly `length` UTF-8 bytes that `write` puts at the
    /// pointer it is given and counts; saves building a String first.
    /// Returns where the text lies in `bytes`.
    @discardableResult
    public mutating func appendText(length: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) -> Range<Int> {
        beginField()
        appendBigEndian(Int32(length))
        let start = bytes.count
        var written = 0
        bytes.append(contentsOf: repeatElement(0, count: length))
        bytes.withUnsafeMutableBufferPointer { buffer in written = write(buffer.baseAddress! + start) }
        precondition(written == length, "appendText(length:) wrote \(written) bytes, not \(length)")
        return start..<(start + length)
    }

    /// A `json` field: its binary form is its UTF-8 text (checked by the
    /// server). Not for `jsonb`, whose binary form starts with a version byte.
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

    /// Ends the current row.
    public mutating func endRow() {
        let start = openRow >= 0 ? openRow : beginRow()
        let count = UInt16(fieldsInRow)
        bytes[start] = UInt8(count >> 8)
        bytes[start + 1] = UInt8(count & 0xFF)
        rowStarts.append(start)
        openRow = -1
        fieldsInRow = 0
    }

    /// The server's value for `date`: microseconds since 2000-01-01 UTC, or
    /// the `infinity` sentinels outside the range PostgreSQL can hold.
    static func postgresMicroseconds(_ date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970 - 946_684_800
        // PostgreSQL holds 4713 BC ... 294276 AD; distantPast and distantFuture are inside.
        guard seconds.isFinite, abs(seconds) < 9.2e12 else { return seconds < 0 ? Int64.min : Int64.max }
        return Int64((seconds * 1_000_000).rounded())
    }

    // MARK: - Bytes

    @inline(__always)
    private mutating func beginField() {
        if openRow < 0 { _ = beginRow() }
        fieldsInRow += 1
    }

    /// Reserves the row's field count; returns where it goes.
    private mutating func beginRow() -> Int {
        openRow = bytes.count
        bytes.append(0)
        bytes.append(0)
        return openRow
    }

    @inline(__always)
    private mutating func appendBytes(_ field: UnsafeBufferPointer<UInt8>) {
        beginField()
        appendBigEndian(Int32(field.count))
        bytes.append(contentsOf: field)
    }

    @inline(__always)
    private mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    private func readBigEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        var value = T.zero
        for k in 0..<MemoryLayout<T>.size { value = value << 8 | T(truncatingIfNeeded: bytes[offset + k]) }
        return value
    }
}
