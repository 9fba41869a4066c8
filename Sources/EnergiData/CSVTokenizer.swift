import Foundation

/// Splits CSV bytes into rows of field ranges (RFC 4180 quoting: `"a;b"`,
/// `"say ""hi"""`, newlines inside quotes). Line ends may be LF, CRLF or CR.
/// Empty lines are skipped. It does not own the bytes.
///
/// The bytes may be a window of a larger file: unless `isFinal`, a row that
/// runs into their end (or a CR that may be half of a CRLF) is `.needMore`,
/// and the caller starts again at the same row with more bytes.
struct CSVTokenizer {
    struct Field {
        /// The field's content; for a quoted field, between the quotes.
        var range: Range<Int>
        var quoted: Bool
        /// A quoted field holding `""` (an escaped quote) that must be unescaped.
        var hasEscapedQuote: Bool
    }

    enum Row {
        case fields(line: Int)
        case malformed(line: Int, reason: String)
        case end
        /// The row runs past the bytes given, which are not the end of the input.
        case needMore
    }

    let base: UnsafePointer<UInt8>
    let count: Int
    let separator: UInt8
    /// The bytes end where the input ends.
    let isFinal: Bool
    var position: Int
    /// The 1-based line the tokenizer is on.
    var line: Int

    init(base: UnsafePointer<UInt8>, count: Int, separator: UInt8, start: Int, line: Int = 1, isFinal: Bool = true) {
        self.base = base
        self.count = count
        self.separator = separator
        self.position = start
        self.line = line
        self.isFinal = isFinal
    }

    /// Reads the next non-empty row into `fields` (cleared first).
    mutating func next(into fields: inout [Field]) -> Row {
        fields.removeAll(keepingCapacity: true)
        while position < count {
            // Skip empty lines.
            if base[position] == 0x0A { line += 1; position += 1; continue }
            if base[position] == 0x0D {
                if position + 1 == count && !isFinal { return .needMore }
                position += (position + 1 < count && base[position + 1] == 0x0A) ? 2 : 1
                line += 1
                continue
            }
            break
        }
        guard position < count else { return isFinal ? .end : .needMore }
        let rowLine = line
        while true {
            if position < count, base[position] == 0x22 {
                // Quoted field.
                let start = position + 1
                var i = start
                var escaped = false
                var closed = false
                while i < count {
                    let b = base[i]
                    if b == 0x22 {
                        if i + 1 < count, base[i + 1] == 0x22 { escaped = true; i += 2; continue }
                        if i + 1 == count && !isFinal { return .needMore } // `""` split by the end?
                        closed = true
                        break
                    }
                    if b == 0x0A || (b == 0x0D && !(i + 1 < count && base[i + 1] == 0x0A)) { line += 1 }
                    i += 1
                }
                guard closed else {
                    guard isFinal else { return .needMore }
                    position = count
                    return .malformed(line: rowLine, reason: "a quoted field is not closed before the end of the file")
                }
                fields.append(Field(range: start..<i, quoted: true, hasEscapedQuote: escaped))
                position = i + 1
                guard position >= count || base[position] == separator || base[position] == 0x0A || base[position] == 0x0D else {
                    guard skipRestOfLine() else { return .needMore }
                    return .malformed(line: rowLine, reason: "text after the closing quote of field \(fields.count)")
                }
            } else {
                let start = position
                position = fieldEnd(from: position)
                fields.append(Field(range: start..<position, quoted: false, hasEscapedQuote: false))
            }
            // After a field: separator, line end or end of file.
            if position >= count { return isFinal ? .fields(line: rowLine) : .needMore }
            let b = base[position]
            position += 1
            if b == separator { continue }
            if b == 0x0D {
                if position == count && !isFinal { return .needMore }
                if position < count, base[position] == 0x0A { position += 1 }
            }
            line += 1
            return .fields(line: rowLine)
        }
    }

    /// Where an unquoted field starting at `i` ends: the first separator, LF
    /// or CR, or the end of the bytes. Eight bytes at a time (SWAR): fields
    /// are short, and most end within the first word.
    @inline(__always) private func fieldEnd(from start: Int) -> Int {
        var i = start
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let sep = ones &* UInt64(separator)
        while i + 8 <= count {
            let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let a = v ^ sep, b = v ^ (ones &* 0x0A), c = v ^ (ones &* 0x0D)
            // A zero byte in a, b or c marks a match; the lowest flag is exact.
            let found = (((a &- ones) & ~a) | ((b &- ones) & ~b) | ((c &- ones) & ~c)) & high
            if found != 0 { return i + found.trailingZeroBitCount >> 3 }
            i += 8
        }
        while i < count {
            let b = base[i]
            if b == separator || b == 0x0A || b == 0x0D { return i }
            i += 1
        }
        return i
    }

    /// Passes over the next row without splitting it into fields (for
    /// indexing a file): the same rows, lines and malformed rows as `next`,
    /// quicker for rows without quotes.
    mutating func skip(_ fields: inout [Field]) -> Row {
        while position < count {
            if base[position] == 0x0A { line += 1; position += 1; continue }
            if base[position] == 0x0D {
                if position + 1 == count && !isFinal { return .needMore }
                position += (position + 1 < count && base[position + 1] == 0x0A) ? 2 : 1
                line += 1
                continue
            }
            break
        }
        guard position < count else { return isFinal ? .end : .needMore }
        let rowLine = line
        let start = position
        guard let end = memchr(base + position, 0x0A, count - position).map({ UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) - base }) else {
            return next(into: &fields)
        }
        // No quote and no CR before the LF: the row ends at the LF.
        if memchr(base + start, 0x22, end - start) != nil || memchr(base + start, 0x0D, end - start) != nil {
            return next(into: &fields)
        }
        position = end + 1
        line += 1
        return .fields(line: rowLine)
    }

    /// Moves to the end of the line; false when the bytes end first and are not final.
    private mutating func skipRestOfLine() -> Bool {
        while position < count, base[position] != 0x0A, base[position] != 0x0D { position += 1 }
        return position < count || isFinal
    }

    /// The text of a field, quotes unescaped.
    func text(_ field: Field) -> String {
        let buffer = UnsafeBufferPointer(start: base + field.range.lowerBound, count: field.range.count)
        guard field.hasEscapedQuote else { return String(decoding: buffer, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(buffer.count)
        var previousQuote = false
        for b in buffer {
            if b == 0x22 && previousQuote { previousQuote = false; continue }
            previousQuote = b == 0x22
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The range of a field without surrounding spaces and tabs.
    func trimmed(_ field: Field) -> Range<Int> {
        var lo = field.range.lowerBound, hi = field.range.upperBound
        while lo < hi, base[lo] == 0x20 || base[lo] == 0x09 { lo += 1 }
        while hi > lo, base[hi - 1] == 0x20 || base[hi - 1] == 0x09 { hi -= 1 }
        return lo..<hi
    }
}
