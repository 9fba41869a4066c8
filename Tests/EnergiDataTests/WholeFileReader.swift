import Basics
@testable import EnergiData
import Foundation

/// The whole-file reader as it was before reading streamed (commit d120be5,
/// RecordFileReader and its JSON and CSV extensions, unchanged but for names),
/// kept as the oracle: the streaming reader must give exactly its records,
/// in its order, and its rejects and errors, on every input.
struct WholeFileReader: Sendable {
    /// The dataset the file holds; nil to recognise it from the header, the
    /// API response's `dataset` member or the first record's fields.
    var dataset: Dataset?

    init(dataset: Dataset? = nil) {
        self.dataset = dataset
    }

    func read(contentsOf url: URL) throws(EnergiDataError) -> RecordFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EnergiDataError(.unreadableFile, "cannot read \(url.path): \(error.localizedDescription)",
                                  cause: error)
        }
        return try read(data)
    }

    func read(_ data: Data) throws(EnergiDataError) -> RecordFile {
        try read(bytes: [UInt8](data))
    }

    func read(bytes: [UInt8]) throws(EnergiDataError) -> RecordFile {
        let result: Result<RecordFile, EnergiDataError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(EnergiDataError) -> RecordFile in
                guard let base = buffer.baseAddress, buffer.count > 0 else {
                    throw EnergiDataError(.emptyFile, "the file is empty")
                }
                return try read(base, buffer.count)
            }
        }
        return try result.get()
    }

    private func read(_ p: UnsafePointer<UInt8>, _ count: Int) throws(EnergiDataError) -> RecordFile {
        if count >= 2, (p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF) {
            throw EnergiDataError(.unrecognizedFile, "the file is UTF-16 text; save it as UTF-8 and try again")
        }
        var start = 0
        if count >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { start = 3 }
        var first = start
        while first < count, isASCIIWhitespace(p[first]) { first += 1 }
        guard first < count else { throw EnergiDataError(.emptyFile, "the file holds only white space") }
        if p[first] == 0x7B || p[first] == 0x5B {
            return try readJSON(p, count, start: first)
        }
        return try readCSV(p, count, start: start)
    }

    // MARK: Shared

    /// Checks that `found` agrees with the dataset asked for, and picks one.
    func settle(found: Dataset?, what: String) throws(EnergiDataError) -> Dataset {
        switch (dataset, found) {
        case let (asked?, found?) where asked != found:
            throw EnergiDataError(.datasetMismatch,
                                  "the file holds \(found.apiName) (\(what)) but \(asked.apiName) was asked for; check --dataset")
        case let (asked?, _): return asked
        case let (nil, found?): return found
        case (nil, nil):
            throw EnergiDataError(.unrecognizedFile,
                                  "cannot tell which dataset the file holds from \(what); name it (e.g. --dataset elspot)")
        }
    }

    /// Records sorted by time ascending, ties in file order. Files come
    /// oldest first or newest first; both are put in order in linear time
    /// (newest first: the runs of equal times are reversed, each run kept as
    /// it is). Anything else is sorted.
    static func sortedByTime(_ records: [EnergiRecord]) -> [EnergiRecord] {
        var ascending = true, descending = true
        var k = 1
        while k < records.count && (ascending || descending) {
            let a = records[k - 1].time, b = records[k].time
            if a > b { ascending = false }
            if a < b { descending = false }
            k += 1
        }
        if ascending { return records }
        if descending {
            var result: [EnergiRecord] = []
            result.reserveCapacity(records.count)
            var end = records.count
            while end > 0 {
                var start = end - 1
                while start > 0 && records[start - 1].time == records[end - 1].time { start -= 1 }
                result.append(contentsOf: records[start..<end])
                end = start
            }
            return result
        }
        return records.enumerated()
            .sorted { a, b in a.element.time != b.element.time ? a.element.time < b.element.time : a.offset < b.offset }
            .map(\.element)
    }

    static func excerpt(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> String {
        let cut = min(range.count, 200)
        return String(decoding: UnsafeBufferPointer(start: p + range.lowerBound, count: cut), as: UTF8.self)
    }

    /// The time kind guessed from the name of a field the dataset does not
    /// document (`…UTC`, `…DK`); used only when the value parses as a time.
    static func guessedTimeKind(_ name: String) -> FieldKind? {
        if name.hasSuffix("UTC") { return .utcTime }
        if name.hasSuffix("DK") { return .localTime }
        return nil
    }

    /// A time field's value in the API's form.
    static func apiTime(_ stamp: Timestamp, kind: FieldKind) -> String {
        kind == .utcTime ? stamp.utc.apiString : stamp.local(in: .copenhagen).apiString
    }
}
/// JSON files: the API response, a bare array of records, or JSON lines.
extension WholeFileReader {
    private typealias Item = (line: Int, value: JSONValue)

    func readJSON(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) throws(EnergiDataError) -> RecordFile {
        var lines = OracleLineCounter(base: p)
        var parser = JSONParser(base: p, count: count)
        parser.scanner.position = start
        var items: [Item] = []
        let format: RecordFile.Format
        var named: String? = nil
        var isJSONLines = false
        do {
            if p[start] == 0x5B {
                items = try elements(&parser, depth: 0, lines: &lines)
                format = .jsonArray
                try parser.scanner.expectEnd()
            } else {
                // An object: the API response (with "records"), or the first of JSON lines.
                parser.scanner.position += 1
                var members: [JSONMember] = []
                var records: [Item]? = nil
                parser.scanner.skipWhitespace()
                if parser.scanner.peek() == 0x7D {
                    parser.scanner.position += 1
                } else {
                    while true {
                        parser.scanner.skipWhitespace()
                        let key = parser.decode(try parser.scanner.scanString())
                        try parser.scanner.expect(0x3A, .colon)
                        parser.scanner.skipWhitespace()
                        if key == "records", records == nil, parser.scanner.peek() == 0x5B {
                            records = try elements(&parser, depth: 1, lines: &lines)
                        } else {
                            members.append(JSONMember(key, try parser.parseValue(depth: 1)))
                        }
                        parser.scanner.skipWhitespace()
                        if parser.scanner.peek() == 0x2C { parser.scanner.position += 1; continue }
                        try parser.scanner.expect(0x7D, .commaOrBrace)
                        break
                    }
                }
                parser.scanner.skipWhitespace()
                if !parser.scanner.atEnd {
                    if records == nil, parser.scanner.peek() == 0x7B { isJSONLines = true }
                    else { try parser.scanner.expectEnd() }
                }
                if let records {
                    items = records
                    format = .apiJSON
                    named = JSONValue.object(members)["dataset"]?.stringValue
                } else {
                    items = [(lines.line(at: start), .object(members))]
                    format = .jsonLines
                }
            }
        } catch {
            let line = lines.line(at: error.offset)
            throw EnergiDataError(.notJSON, "not JSON: \(error) (line \(line))", offset: error.offset, line: line, cause: error)
        }
        if isJSONLines { return try readJSONLines(p, count, start: start) }
        if format == .jsonLines, let records = items.first?.value["records"] {
            throw EnergiDataError(.unrecognizedFile,
                                  "the file's \"records\" member is \(records.typeDescription), not an array of records")
        }
        let dataset = try settle(items: items, named: named)
        return finish(items, rejects: [], dataset: dataset, format: format)
    }

    /// Parses `[ … ]` at the scanner's position, noting the line where each element starts.
    private func elements(_ parser: inout JSONParser, depth: Int, lines: inout OracleLineCounter) throws(JSONSyntaxError) -> [Item] {
        try parser.scanner.expect(0x5B, .value)
        var items: [Item] = []
        parser.scanner.skipWhitespace()
        if parser.scanner.peek() == 0x5D { parser.scanner.position += 1; return items }
        while true {
            parser.scanner.skipWhitespace()
            let line = lines.line(at: parser.scanner.position)
            items.append((line, try parser.parseValue(depth: depth + 1)))
            parser.scanner.skipWhitespace()
            if parser.scanner.peek() == 0x2C { parser.scanner.position += 1; continue }
            try parser.scanner.expect(0x5D, .commaOrBracket)
            return items
        }
    }

    /// One JSON value per line; a line that is not JSON is a reject.
    private func readJSONLines(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) throws(EnergiDataError) -> RecordFile {
        var items: [Item] = []
        var rejects: [RecordFile.Reject] = []
        var lineStart = start
        var line = 1
        for i in 0..<start where p[i] == 0x0A { line += 1 }
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, p[lineEnd] != 0x0A { lineEnd += 1 }
            var parser = JSONParser(base: p, count: lineEnd)
            parser.scanner.position = lineStart
            parser.scanner.skipWhitespace()
            if !parser.scanner.atEnd {
                do {
                    let value = try parser.parseValue()
                    try parser.scanner.expectEnd()
                    items.append((line, value))
                } catch {
                    rejects.append(.init(line: line, reason: "not JSON: \(error)",
                                         text: WholeFileReader.excerpt(p, lineStart..<lineEnd)))
                }
            }
            lineStart = lineEnd + 1
            line += 1
        }
        let dataset = try settle(items: items, named: nil)
        return finish(items, rejects: rejects, dataset: dataset, format: .jsonLines)
    }

    private func settle(items: [Item], named: String?) throws(EnergiDataError) -> Dataset {
        if let named {
            guard let found = Dataset(apiName: named) else {
                throw EnergiDataError(.unrecognizedFile, "the file is dataset \(quoted(named)), which EnergiFlow does not ingest")
            }
            return try settle(found: found, what: "its \"dataset\" member")
        }
        let keys = items.lazy.compactMap { $0.value.objectMembers }.first?.map(\.key) ?? []
        return try settle(found: keys.isEmpty ? nil : Dataset.recognize(fields: keys), what: "the fields of its first record")
    }

    private func finish(_ items: [Item], rejects: [RecordFile.Reject], dataset: Dataset,
                        format: RecordFile.Format) -> RecordFile {
        var records: [EnergiRecord] = []
        records.reserveCapacity(items.count)
        var rejects = rejects
        for item in items {
            switch WholeFileReader.record(item.value, dataset: dataset) {
            case .success(let record): records.append(record)
            case .failure(let rejection):
                let text = item.value.compactString
                rejects.append(.init(line: item.line, reason: rejection.reason, text: String(text.prefix(200))))
            }
        }
        rejects.sort { $0.line < $1.line }
        return RecordFile(dataset: dataset, format: format, separator: nil,
                          records: WholeFileReader.sortedByTime(records), rejects: rejects)
    }

    /// A record from a JSON value, with the timestamps of its time fields in the API's form.
    static func record(_ value: JSONValue, dataset: Dataset) -> Result<EnergiRecord, Rejection> {
        guard case .object(var members) = value else {
            return .failure(Rejection(.notObject, "a record must be a JSON object, not \(value.typeDescription)"))
        }
        for k in members.indices {
            guard case .string(let text) = members[k].value else { continue }
            let name = members[k].key
            let documented = dataset.kind(ofField: name)
            guard let kind = documented ?? (documented == nil ? guessedTimeKind(name) : nil),
                  kind == .utcTime || kind == .localTime else { continue }
            if let stamp = Timestamp.parse(text) {
                members[k].value = .string(apiTime(stamp, kind: kind))
            } else if documented != nil {
                return .failure(.notTime(name, quoted(text)))
            }
        }
        do {
            return .success(try EnergiRecord(dataset: dataset, fields: members))
        } catch {
            return .failure(Rejection(.wrongType, error.message))
        }
    }
}

/// Line numbers of byte offsets, counted incrementally for increasing offsets.
struct OracleLineCounter {
    let base: UnsafePointer<UInt8>
    private var offset = 0
    private var current = 1

    init(base: UnsafePointer<UInt8>) {
        self.base = base
    }

    mutating func line(at target: Int) -> Int {
        if target < offset { offset = 0; current = 1 }
        while offset < target {
            if base[offset] == 0x0A { current += 1 }
            offset += 1
        }
        return current
    }
}
/// CSV files: the EDS GUI export (`;`, decimal comma) and pandas `to_csv` of
/// API records (`,`, decimal point).
extension WholeFileReader {
    /// How one CSV column is converted.
    private struct Column {
        let name: String
        /// The documented kind, or nil for a column the dataset does not document.
        let kind: FieldKind?
        /// For undocumented columns: the time kind its name suggests.
        let guessedTime: FieldKind?
    }

    func readCSV(_ p: UnsafePointer<UInt8>, _ count: Int, start: Int) throws(EnergiDataError) -> RecordFile {
        let separator = WholeFileReader.separator(p, count, start: start)
        var tokenizer = CSVTokenizer(base: p, count: count, separator: separator, start: start)
        var fields: [CSVTokenizer.Field] = []
        let headerLine: Int
        switch tokenizer.next(into: &fields) {
        case .end: throw EnergiDataError(.emptyFile, "the file holds nothing")
        case .malformed(let line, let reason): throw EnergiDataError(.unrecognizedFile, "bad header on line \(line): \(reason)", line: line)
        case .fields(let line): headerLine = line
        case .needMore: throw EnergiDataError(.emptyFile, "unreachable: the whole file is final")
        }
        let rawNames = fields.map { tokenizer.text($0).trimmingASCIIWhitespace() }
        guard rawNames.count >= 2 else {
            throw EnergiDataError(.unrecognizedFile,
                                  "line \(headerLine) is not a CSV header with `;` or `,` between the names: \(WholeFileReader.excerpt(p, fields[0].range))",
                                  line: headerLine)
        }
        let dataset = try settle(found: Dataset.recognize(fields: rawNames), what: "its header")
        let columns = try WholeFileReader.plan(rawNames, dataset: dataset, line: headerLine)

        var records: [EnergiRecord] = []
        var rejects: [RecordFile.Reject] = []
        let allowComma = separator == 0x3B
        rows: while true {
            let rowStart = tokenizer.position
            let line: Int
            switch tokenizer.next(into: &fields) {
            case .end: break rows
            case .malformed(let l, let reason):
                rejects.append(.init(line: l, reason: reason, text: WholeFileReader.excerpt(p, rowStart..<min(tokenizer.position, count))))
                continue rows
            case .fields(let l): line = l
            case .needMore: break rows
            }
            func reject(_ reason: String) {
                var end = rowStart
                while end < count, p[end] != 0x0A, p[end] != 0x0D { end += 1 }
                rejects.append(.init(line: line, reason: reason, text: WholeFileReader.excerpt(p, rowStart..<end)))
            }
            guard fields.count == columns.count else {
                reject("\(fields.count) fields where the header has \(columns.count)")
                continue rows
            }
            var members: [JSONMember] = []
            members.reserveCapacity(columns.count)
            for (column, field) in zip(columns, fields) {
                switch WholeFileReader.convert(field, column, tokenizer: tokenizer, allowComma: allowComma) {
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
                          records: WholeFileReader.sortedByTime(records), rejects: rejects)
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
        if i < field.range.upperBound, !UTF8Validation.isValid(p, field.range) {
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
            return JSONNumber.double(base, 0..<buffer.count)
        }
        guard let value, value.isFinite else { return nil }
        return JSONNumber(uncheckedText: text, double: value)
    }
}
