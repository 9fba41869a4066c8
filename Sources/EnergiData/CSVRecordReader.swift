import Basics

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
    /// One per column: the values read last, for reuse (see `FieldSlot`).
    /// How the fast path writes a column's values.
    private enum Plan { case number, text, other }
    private let plans: [Plan]
    private let roles: [FieldSlot.Role]
    /// `"name":` of every column, one after the other, and where each starts.
    private let prefixes: [UInt8]
    private let prefixStarts: [Int]
    private var slots: [FieldSlot]
    /// Per column: the value read last was text.
    private var lastWasText: [Bool]
    private var key: RecordKeyParts
    private let scratch = ByteScratch()

    init(dataset: Dataset, separator: UInt8, columns: [Column]) {
        self.dataset = dataset
        self.separator = separator
        self.columns = columns
        allowComma = separator == 0x3B
        slots = columns.map { FieldSlot(key: $0.name, dataset: dataset) }
        plans = slots.map { slot in
            switch slot.kind {
            case .number?: .number
            case .text? where slot.role == .none: .text
            default: .other
            }
        }
        roles = slots.map(\.role)
        prefixes = slots.flatMap(\.prefix)
        var starts = [0]
        for slot in slots { starts.append(starts[starts.count - 1] + slot.prefix.count) }
        prefixStarts = starts
        lastWasText = Array(repeating: false, count: columns.count)
        key = RecordKeyParts(dataset: dataset)
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
        let outcome = skipping ? tokenizer.skip(&fields) : tokenizer.next(into: &fields)
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
        if let record = fastRecord(tokenizer, rowBytes: tokenizer.position - rowStart) { return .record(record, line: line) }
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

    /// The row's record, its compact JSON written field by field (times and
    /// key fields converted once and reused while the column repeats them);
    /// nil for a row to reject (the generic path says why).
    private mutating func fastRecord(_ tokenizer: CSVTokenizer, rowBytes: Int) -> EnergiRecord? {
        let p = tokenizer.base
        key.reset()
        // Each field's JSON takes at most 8 + 6 × its length (text escaped as \u00XX).
        let out = scratch.room(2 + prefixes.count + 8 * fields.count + 6 * rowBytes)
        var n = 0
        out[n] = 0x7B
        n += 1
        let done = prefixes.withUnsafeBufferPointer { prefix -> Bool in
            for k in fields.indices {
                let field = fields[k]
                if k > 0 { out[n] = 0x2C; n += 1 }
                put(out, &n, prefix.baseAddress! + prefixStarts[k], prefixStarts[k + 1] - prefixStarts[k])
                let trimmed = tokenizer.trimmed(field)
                if trimmed.isEmpty {
                    (out + n).update(from: [0x6E, 0x75, 0x6C, 0x6C], count: 4)
                    n += 4
                    if roles[k] != .none { return false }
                    continue
                }
                switch plans[k] {
                case .number:
                    guard let written = DecimalText.writeCSVNumber(p, trimmed, allowComma: allowComma, to: out + n) else { return false }
                    n += written
                case .text where !field.hasEscapedQuote:
                    guard Self.writeText(p, field.range, to: out, &n) else { return false }
                default:
                    // Times, key fields, undocumented columns: converted as the
                    // generic path does, once per distinct raw value.
                    let raw = field.quoted ? (field.range.lowerBound - 1)..<(field.range.upperBound + 1) : field.range
                    if !slots[k].isLast(p, raw) {
                        guard case .success(let value) = convert(field, columns[k], tokenizer: tokenizer) else { return false }
                        var written: [UInt8] = []
                        JSONWriter.write(value, into: &written)
                        let text = value.stringValue ?? ""
                        let keyTime = slots[k].role == .time ? Timestamp.parse(text) : nil
                        slots[k].remember(p, raw, text: text, json: written, keyTime: keyTime)
                        lastWasText[k] = value.stringValue != nil
                    }
                    if let json = slots[k].lastJSON {
                        json.withUnsafeBufferPointer { put(out, &n, $0.baseAddress!, $0.count) }
                    }
                    key.note(slots[k], isText: lastWasText[k])
                }
            }
            return true
        }
        guard done else { return nil }
        out[n] = 0x7D
        n += 1
        return key.record(dataset, messageValue: Array(UnsafeBufferPointer(start: out, count: n)))
    }

    /// Writes text as a JSON string: the bytes themselves when they are
    /// UTF-8 needing no escape; false when they are not UTF-8.
    private static func writeText(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, to out: UnsafeMutablePointer<UInt8>, _ n: inout Int) -> Bool {
        var plain = true
        var ascii = true
        for i in range {
            let b = p[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { plain = false }
            if b >= 0x80 { ascii = false }
        }
        if !ascii, !UTF8Validation.isValid(p, range) { return false }
        if plain {
            out[n] = 0x22
            n += 1
            put(out, &n, p + range.lowerBound, range.count)
            out[n] = 0x22
            n += 1
        } else {
            var json: [UInt8] = []
            JSONWriter.writeString(String(decoding: UnsafeBufferPointer(start: p + range.lowerBound, count: range.count), as: UTF8.self),
                                   into: &json)
            json.withUnsafeBufferPointer { put(out, &n, $0.baseAddress!, $0.count) }
        }
        return true
    }

    private func convert(_ field: CSVTokenizer.Field, _ column: Column, tokenizer: CSVTokenizer) -> Result<JSONValue, Rejection> {
        let p = tokenizer.base
        let trimmed = tokenizer.trimmed(field)
        if trimmed.isEmpty { return .success(.null) }
        var i = field.range.lowerBound
        while i < field.range.upperBound && p[i] < 0x80 { i += 1 }
        if i < field.range.upperBound, !UTF8Validation.isValid(p, field.range) {
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
            return JSONNumber.double(base, 0..<buffer.count)
        }
        guard let value, value.isFinite else { return nil }
        return JSONNumber(uncheckedText: text, double: value)
    }
}
