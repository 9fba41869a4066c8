import Basics
import Foundation

/// Writes rows for `COPY ... FROM STDIN` in PostgreSQL's text format.
///
/// Fields are appended one by one and a row is ended with `endRow()`; the
/// writer puts the tabs, escapes text (backslash, tab, newline, carriage
/// return), writes NULL as `\N`, and hands the server 256 KB at a time. Values
/// go straight into one byte buffer: appending a number or timestamp allocates
/// nothing, appending text copies its UTF-8 bytes once.
///
///     try connection.copyIn("COPY t (id, name, at) FROM STDIN") { writer in
///         for item in items {
///             writer.append(item.id)
///             writer.append(item.name)      // String? — nil is NULL
///             writer.append(item.at)
///             try writer.endRow()
///         }
///     }
public struct PostgresCopyWriter {
    static let flushThreshold = 256 * 1024

    private var buffer: [UInt8] = []
    private var fieldsInRow = 0
    /// Rows ended so far.
    public private(set) var rowCount = 0
    private let send: (UnsafeRawBufferPointer) throws -> Void

    init(send: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        self.send = send
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    // MARK: - Fields

    public mutating func appendNull() {
        separate()
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "N"))
    }

    public mutating func append(_ value: Int64) {
        separate()
        appendDecimal(value)
    }

    public mutating func append(_ value: Int) {
        append(Int64(value))
    }

    public mutating func append(_ value: Double) {
        separate()
        if value.isFinite, value == value.rounded(.towardZero), abs(value) < 1e15, !(value == 0 && value.sign == .minus) {
            // Whole numbers (common for MWh and prices in cents) without Double.description.
            appendDecimal(Int64(value))
        } else {
            buffer.append(contentsOf: PostgresValue.text(of: value).utf8)
        }
    }

    public mutating func append(_ value: Bool) {
        separate()
        buffer.append(value ? UInt8(ascii: "t") : UInt8(ascii: "f"))
    }

    /// A text (or JSON) field, escaped.
    public mutating func append(_ value: String) {
        separate()
        appendEscaped(value)
    }

    /// A text (or JSON) field given as UTF-8 bytes, escaped; saves building a
    /// String for payloads that arrive as bytes (Kafka message values).
    public mutating func append(utf8 bytes: [UInt8]) {
        separate()
        bytes.withUnsafeBufferPointer { appendEscaped($0) }
    }

    /// A timestamptz field, in UTC with microseconds.
    public mutating func append(_ value: Date) {
        separate()
        TimestampText.append(value, to: &buffer)
    }

    public mutating func append(_ value: PostgresDate) {
        separate()
        buffer.append(contentsOf: value.postgresText.utf8)
    }

    public mutating func append(_ value: PostgresValue) {
        switch value {
        case .null: appendNull()
        case .bool(let value): append(value)
        case .int(let value): append(value)
        case .double(let value): append(value)
        case .text(let value), .json(let value): append(value)
        case .timestamp(let value): append(value)
        case .date(let value): append(value)
        case .bytes(let value):
            separate()
            // In COPY text format the bytea's own backslash is escaped too.
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(contentsOf: PostgresValue.byteaHex(value).utf8)
        }
    }

    /// Optional values: nil is NULL.
    public mutating func append(_ value: String?) { if let value { append(value) } else { appendNull() } }
    public mutating func append(_ value: Int64?) { if let value { append(value) } else { appendNull() } }
    public mutating func append(_ value: Int?) { if let value { append(value) } else { appendNull() } }
    public mutating func append(_ value: Double?) { if let value { append(value) } else { appendNull() } }
    public mutating func append(_ value: Bool?) { if let value { append(value) } else { appendNull() } }
    public mutating func append(_ value: Date?) { if let value { append(value) } else { appendNull() } }
    public mutating func append(_ value: PostgresDate?) { if let value { append(value) } else { appendNull() } }

    // MARK: - Rows

    /// Ends the current row; sends the buffer when it is full.
    public mutating func endRow() throws {
        buffer.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
        rowCount += 1
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// A whole row at once.
    public mutating func appendRow(_ values: [PostgresValue]) throws {
        for value in values { append(value) }
        try endRow()
    }

    /// Sends what is buffered (also done by `copyIn` at the end).
    mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try send($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Fields of the row not yet ended (for `copyIn` to refuse a half row).
    var hasUnfinishedRow: Bool { fieldsInRow > 0 }

    // MARK: - Bytes

    @inline(__always)
    private mutating func separate() {
        if fieldsInRow > 0 { buffer.append(UInt8(ascii: "\t")) }
        fieldsInRow += 1
    }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { buffer.append(UInt8(ascii: "-")) }
        DecimalDigits.append(value.magnitude, to: &buffer)
    }

    private mutating func appendEscaped(_ value: String) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { bytes in
            appendEscaped(bytes)
        }
        if done == nil {
            let bytes = Array(value.utf8)
            bytes.withUnsafeBufferPointer { appendEscaped($0) }
        }
    }

    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<bytes.count {
            let escaped: UInt8
            switch bytes[index] {
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            default: continue
            }
            if runStart < index { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(escaped)
            runStart = index + 1
        }
        if runStart < bytes.count { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
    }
}
