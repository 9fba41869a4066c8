import Basics

/// What the head of a recorded file says: its form, its dataset, where its
/// items (rows, records) start and how to read them, and what must follow
/// them. Reading it takes the first bytes of the file, up to the first
/// record; only an API response whose `dataset` member comes after its
/// records is read to its end (and indexed on the way).
struct RecordFileLayout {
    /// What follows the last item.
    enum Tail {
        /// Nothing: the items run to the end of the file (CSV, JSON lines, one object).
        case none
        /// White space after a bare array's `]`.
        case arrayEnd
        /// The API response's members after `records`, its `}`, then white space.
        case responseEnd
    }

    var dataset: Dataset
    var format: RecordFile.Format
    var separator: UInt8?
    var itemsStart: ReadCursor
    /// A reader for the items at `itemsStart` (copy it to read from there).
    var reader: any RecordItemReader
    var tail: Tail
    /// The file's index, when reading the head made one on the way.
    var index: RecordFileIndex?

    /// Reads the head of the file in `window`; `asked` is the dataset asked for, if any.
    static func read(_ window: FileWindow, dataset asked: Dataset?, partBytes: Int) throws(EnergiDataError) -> RecordFileLayout {
        guard window.size > 0 else { throw EnergiDataError(.emptyFile, "the file is empty") }
        try window.load(0..<min(window.size, 3))
        let head = window.view
        let p = head.base
        if head.count >= 2, (p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF) {
            throw EnergiDataError(.unrecognizedFile, "the file is UTF-16 text; save it as UTF-8 and try again")
        }
        let start = head.count >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0
        try window.fill(from: 0)
        var cursor = FileCursor(window, at: ReadCursor(offset: start, line: 1))
        switch try cursor.skipWhitespace() {
        case nil: throw EnergiDataError(.emptyFile, "the file holds only white space")
        case 0x5B?: return try array(cursor, asked: asked)
        case 0x7B?: return try object(cursor, asked: asked, partBytes: partBytes)
        default: return try csv(FileCursor(window, at: ReadCursor(offset: start, line: 1)), asked: asked)
        }
    }

    // MARK: CSV

    private static func csv(_ cursor: FileCursor, asked: Dataset?) throws(EnergiDataError) -> RecordFileLayout {
        var cursor = cursor
        let separator = try cursor.step { view, position in
            CSVRecordReader.separator(view, start: position.offset - view.offset)
        }
        let (names, line) = try cursor.step { view, position throws(EnergiDataError) in
            try CSVRecordReader.header(view, &position, separator: separator)
        }
        let dataset = try settle(asked, found: Dataset.recognize(fields: names), what: "its header")
        let columns = try CSVRecordReader.plan(names, dataset: dataset, line: line)
        return RecordFileLayout(dataset: dataset, format: .csv, separator: separator, itemsStart: cursor.position,
                                reader: CSVRecordReader(dataset: dataset, separator: separator, columns: columns), tail: .none)
    }

    // MARK: JSON

    /// A bare array of records; the cursor is at its `[`.
    private static func array(_ cursor: FileCursor, asked: Dataset?) throws(EnergiDataError) -> RecordFileLayout {
        var cursor = cursor
        cursor.position.offset += 1
        let closed = try openArray(&cursor)
        var reader = JSONArrayRecordReader(dataset: nil, depth: 1, closed: closed)
        let keys = try firstObjectKeys(FileCursor(cursor.window, at: cursor.position), reader, tail: .arrayEnd)
        let dataset = try settleAfterChecking(cursor.window, from: cursor.position, reader, tail: .arrayEnd) { () throws(EnergiDataError) in
            try settle(asked, found: keys.flatMap { $0.isEmpty ? nil : Dataset.recognize(fields: $0) },
                       what: "the fields of its first record")
        }
        reader.dataset = dataset
        return RecordFileLayout(dataset: dataset, format: .jsonArray, separator: nil, itemsStart: cursor.position,
                                reader: reader, tail: .arrayEnd)
    }

    /// The API response `{…, "records": [ … ]}`, JSON lines, or a single
    /// record object; the cursor is at the first `{`.
    private static func object(_ cursor: FileCursor, asked: Dataset?, partBytes: Int) throws(EnergiDataError) -> RecordFileLayout {
        let first = cursor.position
        var cursor = cursor
        cursor.position.offset += 1
        var members: [JSONMember] = []
        var hasRecords = false
        if try cursor.skipWhitespace() == 0x7D {
            cursor.position.offset += 1
        } else {
            members: while true {
                switch try cursor.step({ view, position throws(EnergiDataError) in try member(view, &position) }) {
                case .member(let member, let last):
                    members.append(member)
                    if last { break members }
                case .records:
                    hasRecords = true
                    break members
                }
            }
        }
        let window = cursor.window
        guard hasRecords else {
            // One object: a single record, or the first of JSON lines.
            switch try cursor.skipWhitespace() {
            case nil:
                if let records = JSONValue.object(members)["records"] {
                    throw EnergiDataError(.unrecognizedFile,
                                          "the file's \"records\" member is \(records.typeDescription), not an array of records")
                }
                let dataset = try settle(asked, found: members.isEmpty ? nil : Dataset.recognize(fields: members.map(\.key)),
                                         what: "the fields of its first record")
                let item = RecordFileReader.item(.object(members), line: first.line, dataset: dataset)
                return RecordFileLayout(dataset: dataset, format: .jsonLines, separator: nil, itemsStart: cursor.position,
                                        reader: SingleRecordReader(item: item), tail: .none)
            case 0x7B?:
                var reader = JSONLinesRecordReader(dataset: nil)
                let keys = try firstObjectKeys(FileCursor(window, at: first), reader)
                let dataset = try settle(asked, found: keys.flatMap { $0.isEmpty ? nil : Dataset.recognize(fields: $0) },
                                         what: "the fields of its first record")
                reader.dataset = dataset
                return RecordFileLayout(dataset: dataset, format: .jsonLines, separator: nil, itemsStart: first,
                                        reader: reader, tail: .none)
            case let b?:
                throw .notJSON(JSONSyntaxError(kind: .trailingBytes(b), offset: cursor.position.offset), line: cursor.position.line)
            }
        }
        // The API response: the cursor is past the `[` of its records.
        let closed = try openArray(&cursor)
        var reader = JSONArrayRecordReader(dataset: nil, depth: 2, closed: closed)
        var named = JSONValue.object(members)["dataset"]
        var index: RecordFileIndex?
        if named == nil {
            // A `dataset` member after the records would name the dataset: look.
            let built = try RecordFileIndex.build(window, from: cursor.position, reader: reader, tail: .responseEnd, partBytes: partBytes)
            named = built.tailDataset
            index = built
        }
        let keys = named?.stringValue == nil ? try firstObjectKeys(FileCursor(window, at: cursor.position), reader, tail: .responseEnd) : nil
        let dataset = try settleAfterChecking(window, from: cursor.position, reader, tail: .responseEnd) { () throws(EnergiDataError) in
            if let name = named?.stringValue {
                guard let found = Dataset(apiName: name) else {
                    throw EnergiDataError(.unrecognizedFile, "the file is dataset \(quoted(name)), which EnergiFlow does not ingest")
                }
                return try settle(asked, found: found, what: "its \"dataset\" member")
            }
            return try settle(asked, found: keys.flatMap { $0.isEmpty ? nil : Dataset.recognize(fields: $0) },
                              what: "the fields of its first record")
        }
        reader.dataset = dataset
        return RecordFileLayout(dataset: dataset, format: .apiJSON, separator: nil, itemsStart: cursor.position,
                                reader: reader, tail: .responseEnd, index: index)
    }

    /// After an array's `[`: moves past white space, and past the `]` of an
    /// empty array (then true).
    private static func openArray(_ cursor: inout FileCursor) throws(EnergiDataError) -> Bool {
        guard try cursor.skipWhitespace() == 0x5D else { return false }
        cursor.position.offset += 1
        return true
    }

    /// The dataset `settle` picks; when it cannot, the rest of the file is
    /// checked first, so that a file that is also not JSON says that, as
    /// reading it whole before looking at its dataset did.
    private static func settleAfterChecking(_ window: FileWindow, from start: ReadCursor, _ reader: JSONArrayRecordReader, tail: Tail,
                                            _ settle: () throws(EnergiDataError) -> Dataset) throws(EnergiDataError) -> Dataset {
        do {
            return try settle()
        } catch {
            _ = try RecordFileIndex.build(window, from: start, reader: reader, tail: tail, partBytes: .max)
            throw error
        }
    }

    private enum MemberStep {
        case member(JSONMember, last: Bool)
        /// `"records": [`: the position is past the `[`.
        case records
    }

    /// One member of the response object before its records, with the `,` or `}` after it.
    private static func member(_ view: ByteView, _ position: inout ReadCursor) throws(EnergiDataError) -> MemberStep? {
        let p = view.base
        let from = position.offset - view.offset
        var parser = JSONParser(base: p, count: view.count)
        parser.scanner.position = from
        do {
            parser.scanner.skipWhitespace()
            let key = parser.decode(try parser.scanner.scanString())
            try parser.scanner.expect(0x3A, .colon)
            parser.scanner.skipWhitespace()
            let step: MemberStep
            if key == "records", parser.scanner.peek() == 0x5B {
                parser.scanner.position += 1
                step = .records
            } else {
                let value = try parser.parseValue(depth: 1)
                parser.scanner.skipWhitespace()
                let last = parser.scanner.peek() == 0x7D
                if !last { try parser.scanner.expect(0x2C, .commaOrBrace) } else { parser.scanner.position += 1 }
                step = .member(JSONMember(key, value), last: last)
            }
            position = ReadCursor(offset: view.offset + parser.scanner.position,
                                  line: position.line + lineFeeds(p, from..<parser.scanner.position))
            return step
        } catch {
            if error.mayNeedMore(view) { return nil }
            throw .notJSON(error.shifted(by: view.offset), line: position.line + lineFeeds(p, from..<min(error.offset, view.count)))
        }
    }

    /// The keys of the first element that is a JSON object; nil when there
    /// is none (then the rest of the file is checked, as reading it would).
    private static func firstObjectKeys(_ cursor: FileCursor, _ reader: JSONArrayRecordReader, tail: Tail) throws(EnergiDataError) -> [String]? {
        var cursor = cursor
        var reader = reader
        while true {
            let step = try cursor.step { view, position throws(EnergiDataError) -> JSONArrayRecordReader.Step? in
                let step = try reader.nextElement(view, &position, skipping: false)
                if case .needMore = step { return nil }
                return step
            }
            switch step {
            case .end:
                try checkTail(cursor.window, from: cursor.position, tail)
                return nil
            case .element(let value, _):
                if let members = value?.objectMembers { return members.map(\.key) }
            case .needMore:
                continue
            }
        }
    }

    /// The keys of the first line that is a JSON object; nil when there is none.
    private static func firstObjectKeys(_ cursor: FileCursor, _ reader: JSONLinesRecordReader) throws(EnergiDataError) -> [String]? {
        enum Found { case keys([String]), notObject, end }
        var cursor = cursor
        while true {
            let found = try cursor.step { view, position -> Found? in
                switch reader.nextLine(view, &position) {
                case .needMore: return nil
                case .end: return .end
                case .line(_, let bytes):
                    guard case .success(let value) = JSONLinesRecordReader.value(view, bytes),
                          let members = value.objectMembers else { return .notObject }
                    return .keys(members.map(\.key))
                }
            }
            switch found {
            case .keys(let keys): return keys
            case .end: return nil
            case .notObject: continue
            }
        }
    }

    /// Checks what follows the items at `position`; returns the first
    /// `dataset` member after an API response's records, if any.
    @discardableResult
    static func checkTail(_ window: FileWindow, from position: ReadCursor, _ tail: Tail) throws(EnergiDataError) -> JSONValue? {
        var cursor = FileCursor(window, at: position)
        switch tail {
        case .none:
            return nil
        case .arrayEnd:
            try cursor.expectEnd()
            return nil
        case .responseEnd:
            var dataset: JSONValue?
            while true {
                switch try cursor.skipWhitespace() {
                case 0x2C?:
                    cursor.position.offset += 1
                    let member = try cursor.step { view, position throws(EnergiDataError) in
                        try trailingMember(view, &position, parse: dataset == nil)
                    }
                    if dataset == nil, member.key == "dataset" { dataset = member.value }
                case 0x7D?:
                    cursor.position.offset += 1
                    try cursor.expectEnd()
                    return dataset
                case let b:
                    let kind: JSONSyntaxError.Kind = b.map { .unexpectedByte($0, expected: .commaOrBrace) } ?? .unexpectedEnd(expected: .commaOrBrace)
                    throw .notJSON(JSONSyntaxError(kind: kind, offset: cursor.position.offset), line: cursor.position.line)
                }
            }
        }
    }

    /// A member after the records: its key, and its value when it may be
    /// the `dataset` (others are only checked).
    private static func trailingMember(_ view: ByteView, _ position: inout ReadCursor,
                                       parse: Bool) throws(EnergiDataError) -> (key: String, value: JSONValue?)? {
        let p = view.base
        let from = position.offset - view.offset
        var parser = JSONParser(base: p, count: view.count)
        parser.scanner.position = from
        do {
            parser.scanner.skipWhitespace()
            let key = parser.decode(try parser.scanner.scanString())
            try parser.scanner.expect(0x3A, .colon)
            var value: JSONValue?
            if parse && key == "dataset" {
                value = try parser.parseValue(depth: 1)
            } else {
                _ = try parser.scanner.skipValue(depth: 1)
            }
            if parser.scanner.atEnd && !view.isFinal { return nil } // a number may go on
            position = ReadCursor(offset: view.offset + parser.scanner.position,
                                  line: position.line + lineFeeds(p, from..<parser.scanner.position))
            return (key, value)
        } catch {
            if error.mayNeedMore(view) { return nil }
            throw .notJSON(error.shifted(by: view.offset), line: position.line + lineFeeds(p, from..<min(error.offset, view.count)))
        }
    }

    /// Checks that `found` agrees with the dataset asked for, and picks one.
    static func settle(_ asked: Dataset?, found: Dataset?, what: String) throws(EnergiDataError) -> Dataset {
        switch (asked, found) {
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
}
