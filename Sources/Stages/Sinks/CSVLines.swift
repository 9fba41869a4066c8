import Postgres
import Query
import Render
import Tabular

/// CSV lines made straight from the cells PostgreSQL sends, field for field
/// as `CSVWriter` writes the rows (the tests compare the two byte for byte),
/// without making values: the statement selects each column in its plain
/// type, the transaction fixes the text formats (ISO dates in the
/// pipeline's zone, shortest exact doubles), and `append` only rearranges
/// bytes: text quoted when it holds a comma, a quote, CR or LF or is empty;
/// numbers as the server writes them (non-finite as null); times
/// `YYYY-MM-DDTHH:MM:SS±HH:MM`; true/false; null as an empty field. A cell
/// in a form it does not expect (a year BC, infinity) is decoded and
/// written as the row writer would.
struct CSVLines {
    let types: [ValueType]
    let writer: CSVWriter
    let terminator: [UInt8]

    init(_ schema: Schema, context: ExecutionContext, terminator: String) {
        types = schema.columns.map(\.type)
        writer = CSVWriter(schema: schema, timeZone: context.timeZone)
        self.terminator = Array(terminator.utf8)
    }

    /// The statement's SELECT list: each column in the type its text is read as.
    static func select(_ schema: Schema) -> String {
        guard !schema.columns.isEmpty else { return "NULL" }
        return schema.columns.map { column in
            let c = SQLWriter.identifier(column.name)
            let type: String
            switch column.type {
            case .text: type = "text"
            case .int: type = "bigint"
            case .double: type = "float8"
            case .bool: type = "boolean"
            case .day: type = "date"
            case .time: type = "timestamptz"
            }
            return "(\(c))::\(type) AS \(c)"
        }.joined(separator: ", ")
    }

    /// What the transaction needs for the cells to read as `append` expects.
    static func settings(_ context: ExecutionContext) -> [(String, String)] {
        [("TimeZone", context.timeZone.sqlName), ("extra_float_digits", "1"), ("DateStyle", "ISO, YMD")]
    }

    /// Appends the line of one row's cells, and the terminator.
    func append(_ cells: [UnsafeRawBufferPointer?], to bytes: inout [UInt8]) throws {
        for (index, type) in types.enumerated() {
            if index > 0 { bytes.append(Self.comma) }
            guard index < cells.count, let cell = cells[index] else { continue }
            switch type {
            case .text: Self.appendText(cell, to: &bytes)
            case .int: bytes.append(contentsOf: cell)
            case .double:
                // NaN, Infinity, -Infinity: the row writer leaves non-finite numbers empty.
                if let first = cell.first, first == Self.upperN || first == Self.upperI || (first == Self.minus && cell.count > 1 && cell[1] == Self.upperI) {
                    continue
                }
                bytes.append(contentsOf: cell)
            case .bool: bytes.append(contentsOf: cell.first == Self.lowerT ? Self.trueBytes : Self.falseBytes)
            case .day:
                if cell.count == 10 && cell[4] == Self.minus { bytes.append(contentsOf: cell) } else { try appendDecoded(cell, type, to: &bytes) }
            case .time:
                if !Self.appendTime(cell, to: &bytes) { try appendDecoded(cell, type, to: &bytes) }
            }
        }
        bytes.append(contentsOf: terminator)
    }

    /// `2024-10-27 02:00:00+01` (or `…:00.5+05:30`) as `2024-10-27T02:00:00+01:00`;
    /// false for any other form.
    static func appendTime(_ cell: UnsafeRawBufferPointer, to bytes: inout [UInt8]) -> Bool {
        guard cell.count >= 22, cell[4] == minus, cell[10] == space, cell[13] == colon, cell[16] == colon else { return false }
        var sign = 19
        if cell[sign] == point {
            sign += 1
            while sign < cell.count, cell[sign] >= zero, cell[sign] <= nine { sign += 1 }
        }
        guard sign + 3 <= cell.count, cell[sign] == plus || cell[sign] == minus else { return false }
        // After the offset's hours only ":MM" and ":SS" may follow (" BC" may not).
        let rest = cell.count - (sign + 3)
        guard rest == 0 || ((rest == 3 || rest == 6) && cell[sign + 3] == colon) else { return false }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: cell[0..<10]))
        bytes.append(letterT)
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: cell[11..<19]))
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: cell[sign..<sign + 3]))
        if rest == 0 {
            bytes.append(contentsOf: [colon, zero, zero])
        } else {
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: cell[sign + 3..<sign + 6]))
        }
        return true
    }

    /// Text quoted as `CSVWriter.quoted` does it.
    static func appendText(_ cell: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        let needsQuotes = cell.isEmpty || cell.contains { $0 == comma || $0 == quote || $0 == carriageReturn || $0 == lineFeed }
        guard needsQuotes else {
            bytes.append(contentsOf: cell)
            return
        }
        bytes.append(quote)
        for byte in cell {
            bytes.append(byte)
            if byte == quote { bytes.append(quote) }
        }
        bytes.append(quote)
    }

    /// The cell decoded as the rows are, written as the row writer writes it.
    func appendDecoded(_ cell: UnsafeRawBufferPointer, _ type: ValueType, to bytes: inout [UInt8]) throws {
        let oid = type == .time ? PostgresType.timestamptz : PostgresType.date
        let value = try PostgresValue.parse(String(decoding: cell, as: UTF8.self), typeOID: oid)
        bytes.append(contentsOf: writer.field(PostgresRows.value(value, as: type)).utf8)
    }

    static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), carriageReturn = UInt8(ascii: "\r")
    static let lineFeed = UInt8(ascii: "\n"), minus = UInt8(ascii: "-"), plus = UInt8(ascii: "+")
    static let space = UInt8(ascii: " "), colon = UInt8(ascii: ":"), point = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9"), letterT = UInt8(ascii: "T")
    static let upperN = UInt8(ascii: "N"), upperI = UInt8(ascii: "I"), lowerT = UInt8(ascii: "t")
    static let trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)
}
