/// CSV files: the EDS GUI export (`;`, decimal comma) and pandas `to_csv` of
/// API records (`,`, decimal point).
extension RecordFileReader {
    /// How one CSV column is converted.
    private struct Column {
        let name: String
        /// The documented kind, or nil for a column the dataset does not document.
        let kind: FieldKind?
        /// For undocumented columns: the time kind its name suggests.
        let guessedTime: FieldKind?
    }

    func readCSV(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) throws(EnergiDataError) -> RecordFile {
        let separator = RecordFileReader.separator(p, count, start: start)
        var tokenizer = CSVTokenizer(base: p, count: count, separator: separator, start: start)
        var fields: [CSVTokenizer.Field] = []
        let headerLine: Int
        switch tokenizer.next(into: &fields) {
        case .end: throw EnergiDataError(.emptyFile, "the file holds nothing")
        case .malformed(let line, let reason): throw EnergiDataError(.unrecognizedFile, "bad header on line \(line): \(reason)", line: line)
        case .fields(let line): headerLine = line
        }
        let rawNames = fields.map { tokenizer.text($0).trimmingASCIIWhitespace() }
        guard rawNames.count >= 2 else {
            throw EnergiDataError(.unrecognizedFile,
                                  "line \(headerLine) is not a CSV header with `;` or `,` between the names: \(RecordFileReader.excerpt(p, fields[0].range))",
                                  line: headerLine)
        }
        let dataset = try settle(found: Dataset.recognize(fields: rawNames), what: "its header")
        let columns = try RecordFileReader.plan(rawNames, dataset: dataset, line: headerLine)

        var records: [EnergiRecord] = []
        var rejects: [RecordFile.Reject] = []
        let allowComma = separator == 0x3B
        rows: while true {
            let rowStart = tokenizer.position
            let line: Int
            switch tokenizer.next(into: &fields) {
            case .end: break rows
            case .malformed(let l, let reason):
                rejects.append(.init(line: l, reason: reason, text: RecordFileReader.excerpt(p, rowStart..<min(tokenizer.position, count))))
                continue rows
            case .fields(let l): line = l
            }
            func reject(_ reason: String) {
                var end = rowStart
                while end < count, p[end] != 0x0A, p[end] != 0x0D { end += 1 }
                rejects.append(.init(line: line, reason: reason, text: RecordFileReader.excerpt(p, rowStart..<end)))
            }
            guard fields.count == columns.count else {
                reject("\(fields.count) fields where the header has \(columns.count)")
                continue rows
            }
            var members: [JSONMember] = []
            members.reserveCapacity(columns.count)
            for (column, field) in zip(columns, fields) {
                switch RecordFileReader.convert(field, column, tokenizer: tokenizer, allowComma: allowComma) {
                case .success(let value): members.append(JSONMember(column.name, value))
                case .failure(let rejection):
                    reject(rejection.reason)
                    continue rows
                }
            }
            do {
                records.append(try EnergiRecord(dataset: dataset, fields: members))
            } catch {
                reject(error.message)
            }
        }
        return RecordFile(dataset: dataset, format: .csv, separator: Character(UnicodeScalar(separator)),
                          records: RecordFileReader.sortedByTime(records), rejects: rejects)
    }

    /// `;` when the first line has more `;` than `,`, else `,`.
    private static func separator(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) -> UInt8 {
        var semicolons = 0, commas = 0
        var i = start
        while i < count, p[i] != 0x0A, p[i] != 0x0D {
            if p[i] == 0x3B { semicolons += 1 } else if p[i] == 0x2C { commas += 1 }
            i += 1
        }
        return semicolons > commas ? 0x3B : 0x2C
    }

    private static func plan(_ names: [String], dataset: Dataset, line: Int) throws(EnergiDataError) -> [Column] {
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
            columns.append(Column(name: name, kind: kind, guessedTime: kind == nil ? guessedTimeKind(name) : nil))
        }
        for key in dataset.keyFields where !seen.contains(key) {
            throw EnergiDataError(.unrecognizedFile, "the header on line \(line) has no column \(key), which \(dataset.apiName) needs", line: line)
        }
        return columns
    }

    private static func convert(_ field: CSVTokenizer.Field, _ column: Column, tokenizer: CSVTokenizer,
                                allowComma: Bool) -> Result<JSONValue, Rejection> {
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
                  let value = number(text) else {
                return .failure(.notNumber(column.name, quoted(tokenizer.text(field))))
            }
            return .success(.number(value))
        case let kind? where kind == .utcTime || kind == .localTime:
            guard let stamp = Timestamp.parse(p, trimmed) else {
                return .failure(.notTime(column.name, quoted(tokenizer.text(field))))
            }
            return .success(.string(apiTime(stamp, kind: kind)))
        case .text?:
            return .success(.string(tokenizer.text(field)))
        default:
            // A column the dataset does not document: a time if the name says so
            // and it parses, else a number if it is one, else text.
            if let kind = column.guessedTime, let stamp = Timestamp.parse(p, trimmed) {
                return .success(.string(apiTime(stamp, kind: kind)))
            }
            if let text = DecimalText.normalizeCSVNumber(p, trimmed, allowComma: allowComma), let value = number(text) {
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
