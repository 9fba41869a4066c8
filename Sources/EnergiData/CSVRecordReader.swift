/// The rows of a CSV file: the EDS GUI export (`;`, decimal comma) and pandas
/// `to_csv` of API records (`,`, decimal point). Made from the header row;
/// each row becomes a record in the API's JSON form or a reject.
struct CSVRecordReader: RecordItemReader {
    /// How one CSV column is converted.
    struct Column {
        let name: String
        /// The documented kind, or nil for a column the dataset does not document.
        let kind: FieldKind?
        /// For undocumented columns: the time kind its name suggests.
        let guessedTime: FieldKind?
    }

    let dataset: Dataset
    let separator: UInt8
    let columns: [Column]
    private let allowComma: Bool
    private var fields: [CSVTokenizer.Field] = []

    init(dataset: Dataset, separator: UInt8, columns: [Column]) {
        self.dataset = dataset
        self.separator = separator
        self.columns = columns
        allowComma = separator == 0x3B
    }

    // MARK: The header

    /// `;` when the first line has more `;` than `,`, else `,`; nil when the
    /// line runs past the bytes given (and they are not the input's end).
    static func separator(_ view: ByteView, start: Int) -> UInt8? {
        var semicolons = 0, commas = 0
        var i = start
        let p = view.base
        while i < view.count, p[i] != 0x0A, p[i] != 0x0D {
            if p[i] == 0x3B { semicolons += 1 } else if p[i] == 0x2C { commas += 1 }
            i += 1
        }
        if i == view.count && !view.isFinal { return nil }
        return semicolons > commas ? 0x3B : 0x2C
    }

    /// Reads the header row at `cursor`: its names and the line it is on;
    /// nil when it runs past the bytes given.
    static func header(_ view: ByteView, _ cursor: inout ReadCursor, separator: UInt8) throws(EnergiDataError) -> (names: [String], line: Int)? {
        var tokenizer = CSVTokenizer(base: view.base, count: view.count, separator: separator,
                                     start: cursor.offset - view.offset, line: cursor.line, isFinal: view.isFinal)
        var fields: [CSVTokenizer.Field] = []
        let headerLine: Int
        switch tokenizer.next(into: &fields) {
        case .needMore: return nil
        case .end: throw EnergiDataError(.emptyFile, "the file holds nothing")
        case .malformed(let line, let reason): throw EnergiDataError(.unrecognizedFile, "bad header on line \(line): \(reason)", line: line)
        case .fields(let line): headerLine = line
        }
        let names = fields.map { tokenizer.text($0).trimmingASCIIWhitespace() }
        guard names.count >= 2 else {
            throw EnergiDataError(.unrecognizedFile,
                                  "line \(headerLine) is not a CSV header with `;` or `,` between the names: \(RecordFileReader.excerpt(view.base, fields[0].range))",
                                  line: headerLine)
        }
        cursor = ReadCursor(offset: view.offset + tokenizer.position, line: tokenizer.line)
        return (names, headerLine)
    }

    /// The columns of a header, checked: named, not twice, the dataset's key columns present.
    static func plan(_ names: [String], dataset: Dataset, line: Int) throws(EnergiDataError) -> [Column] {
        var columns: [Column] = []
        var seen: Set<String> = []
        for raw in names {
            let name = dataset.canonicalFieldName(raw) ?? raw
            guard !name.isEmpty else {
                throw EnergiDataError(.unrecognizedFile, "column \(columns.count + 1) of the header on line \(line) has no name", line: line)
            }
            guard seen.insert(name).inserted else {
                throw EnergiDataError(.unrecognizedFile, "column \(name) appears twice in the header on line \(line)", line: line)
            }
            let kind = dataset.kind(ofField: name)
            columns.append(Column(name: name, kind: kind, guessedTime: kind == nil ? RecordFileReader.guessedTimeKind(name) : nil))
        }
        for key in dataset.keyFields where !seen.contains(key) {
            throw EnergiDataError(.unrecognizedFile, "the header on line \(line) has no column \(key), which \(dataset.apiName) needs", line: line)
        }
        return columns
    }

    // MARK: Rows

    mutating func next(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) -> RecordItem {
        let p = view.base
        let rowStart = cursor.offset - view.offset
        var tokenizer = CSVTokenizer(base: p, count: view.count, separator: separator, start: rowStart,
                                     line: cursor.line, isFinal: view.isFinal)
        let outcome = tokenizer.next(into: &fields)
        switch outcome {
        case .needMore: return .needMore
        case .end:
            cursor = ReadCursor(offset: view.offset + tokenizer.position, line: tokenizer.line)
            return .end
        case .malformed, .fields: break
        }
        cursor = ReadCursor(offset: view.offset + tokenizer.position, line: tokenizer.line)
        if skipping { return .skipped }
        let line: Int
        switch outcome {
        case .malformed(let l, let reason):
            return .reject(.init(line: l, reason: reason, text: RecordFileReader.excerpt(p, rowStart..<min(tokenizer.position, view.count))))
        case .fields(let l): line = l
        default: return .end
        }
        func reject(_ reason: String) -> RecordItem {
            var end = rowStart
            while end < view.count, p[end] != 0x0A, p[end] != 0x0D { end += 1 }
            return .reject(.init(line: line, reason: reason, text: RecordFileReader.excerpt(p, rowStart..<end)))
        }
        guard fields.count == columns.count else {
            return reject("\(fields.count) fields where the header has \(columns.count)")
        }
        var members: [JSONMember] = []
        members.reserveCapacity(columns.count)
        for (column, field) in zip(columns, fields) {
            switch convert(field, column, tokenizer: tokenizer) {
            case .success(let value): members.append(JSONMember(column.name, value))
            case .failure(let rejection): return reject(rejection.reason)
            }
        }
        do {
            return .record(try EnergiRecord(dataset: dataset, fields: members), line: line)
        } catch {
            return reject(error.message)
        }
    }

    private func convert(_ field: CSVTokenizer.Field, _ column: Column, tokenizer: CSVTokenizer) -> Result<JSONValue, Rejection> {
        let p = tokenizer.base
        let trimmed = tokenizer.trimmed(field)
        if trimmed.isEmpty { return .success(.null) }
        var i = field.range.lowerBound
        while i < field.range.upperBound && p[i] < 0x80 { i += 1 }
        if i < field.range.upperBound, !isValidUTF8(p, field.range) {
            return .failure(Rejection(.wrongType, "\(column.name) is not UTF-8 text", field: column.name))
        }
        switch column.kind {
        case .number?:
            guard let text = DecimalText.normalizeCSVNumber(p, trimmed, allowComma: allowComma),
                  let value = Self.number(text) else {
                return .failure(.notNumber(column.name, quoted(tokenizer.text(field))))
            }
            return .success(.number(value))
        case let kind? where kind == .utcTime || kind == .localTime:
            guard let stamp = Timestamp.parse(p, trimmed) else {
                return .failure(.notTime(column.name, quoted(tokenizer.text(field))))
            }
            return .success(.string(RecordFileReader.apiTime(stamp, kind: kind)))
        case .text?:
            return .success(.string(tokenizer.text(field)))
        default:
            // A column the dataset does not document: a time if the name says so
            // and it parses, else a number if it is one, else text.
            if let kind = column.guessedTime, let stamp = Timestamp.parse(p, trimmed) {
                return .success(.string(RecordFileReader.apiTime(stamp, kind: kind)))
            }
            if let text = DecimalText.normalizeCSVNumber(p, trimmed, allowComma: allowComma), let value = Self.number(text) {
                return .success(.number(value))
            }
            return .success(.string(tokenizer.text(field)))
        }
    }

    /// The JSON number for normalised text; nil when it does not fit a finite Double.
    private static func number(_ text: String) -> JSONNumber? {
        var text = text
        let value: Double? = text.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return DecimalText.double(base, 0..<buffer.count)
        }
        guard let value, value.isFinite else { return nil }
        return JSONNumber(uncheckedText: text, double: value)
    }
}
