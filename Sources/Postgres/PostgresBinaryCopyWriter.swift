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
/// the buffer goes to the server 256 KB at a time. Rows encoded beforehand,
/// perhaps on another thread (`PostgresBinaryRows`), go with `appendRows`.
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
    /// Pre-encoded rows are sent in pieces of at most this many bytes.
    static let chunkBytes = 1 << 20
    /// "PGCOPY\n\xFF\r\n\0", then the flags field and the header extension length (both 0).
    static let header: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00,
                                  0, 0, 0, 0, 0, 0, 0, 0]
    /// A field count of -1.
    static let trailer: [UInt8] = [0xFF, 0xFF]

    private var buffer = PostgresBinaryRows(capacity: Self.flushThreshold + 4096)
    private var headerSent = false
    private var rowsSent = 0
    private let send: (UnsafeRawBufferPointer) throws -> Void

    init(send: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.send = send
    }

    /// Rows ended (or appended pre-encoded) so far.
    public var rowCount: Int { rowsSent + buffer.count }

    // MARK: - Fields (see `PostgresBinaryRows` for each)

    public mutating func appendNull() { buffer.appendNull() }
    public mutating func appendInt4(_ value: Int32) { buffer.appendInt4(value) }
    public mutating func appendInt8(_ value: Int64) { buffer.appendInt8(value) }
    public mutating func appendFloat8(_ value: Double) { buffer.appendFloat8(value) }
    public mutating func appendBool(_ value: Bool) { buffer.appendBool(value) }
    public mutating func appendTimestamptz(_ value: Date) { buffer.appendTimestamptz(value) }
    public mutating func appendText(_ value: String) { buffer.appendText(value) }
    public mutating func appendText(utf8 bytes: UnsafeBufferPointer<UInt8>) { buffer.appendText(utf8: bytes) }
    public mutating func appendJSON(utf8 bytes: UnsafeBufferPointer<UInt8>) { buffer.appendJSON(utf8: bytes) }
    public mutating func appendBytea(_ bytes: UnsafeBufferPointer<UInt8>) { buffer.appendBytea(bytes) }
    public mutating func appendInt4(_ value: Int32?) { buffer.appendInt4(value) }
    public mutating func appendInt8(_ value: Int64?) { buffer.appendInt8(value) }
    public mutating func appendFloat8(_ value: Double?) { buffer.appendFloat8(value) }
    public mutating func appendText(_ value: String?) { buffer.appendText(value) }

    // MARK: - Rows

    /// Ends the current row; sends the buffer when it is full.
    public mutating func endRow() throws {
        buffer.endRow()
        if buffer.bytes.count >= Self.flushThreshold { try flush() }
    }

    /// Sends rows encoded beforehand (all of them, or `range`), as they are.
    /// Their fields must match the COPY's columns as if appended here.
    public mutating func appendRows(_ rows: PostgresBinaryRows, _ range: Range<Int>? = nil) throws {
        precondition(!buffer.hasUnfinishedRow, "appendRows in the middle of a row")
        try flush()
        let selected = range ?? 0..<rows.count
        let bytes = rows.byteRange(ofRows: selected)
        try rows.bytes.withUnsafeBytes { all in
            var start = bytes.lowerBound
            while start < bytes.upperBound {
                let end = min(start + Self.chunkBytes, bytes.upperBound)
                try send(UnsafeRawBufferPointer(rebasing: all[start..<end]))
                start = end
            }
        }
        rowsSent += selected.count
    }

    /// Sends what is buffered (also done by `copyInBinary` at the end), the header first.
    mutating func flush() throws {
        if !headerSent {
            try Self.header.withUnsafeBytes { try send($0) }
            headerSent = true
        }
        guard !buffer.bytes.isEmpty else { return }
        try buffer.bytes.withUnsafeBytes { try send($0) }
        rowsSent += buffer.count
        buffer.removeAll()
    }

    /// Ends the data: what is buffered, then the trailer.
    mutating func finish() throws {
        try flush()
        try Self.trailer.withUnsafeBytes { try send($0) }
    }

    /// Fields of the row not yet ended (for `copyInBinary` to refuse a half row).
    var hasUnfinishedRow: Bool { buffer.hasUnfinishedRow }
}
