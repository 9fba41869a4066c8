import Basics
import Foundation

/// JSON lines (NDJSON): one record per line. A line that is not JSON is a
/// reject (not a whole-file problem); blank lines are passed over.
struct JSONLinesRecordReader: RecordItemReader {
    /// The dataset the records are read as; nil while looking for the first object.
    var dataset: Dataset? {
        didSet { fast = dataset.map(JSONRecordParser.init) }
    }
    private var fast: JSONRecordParser?

    init(dataset: Dataset?) {
        self.dataset = dataset
        fast = dataset.map(JSONRecordParser.init)
    }

    enum Step {
        /// The line's number and bytes (window indices) of the next line that is not blank.
        case line(number: Int, bytes: Range<Int>)
        case needMore
        case end
    }

    mutating func next(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) -> RecordItem {
        switch nextLine(view, &cursor) {
        case .needMore: return .needMore
        case .end: return .end
        case .line(let line, let bytes):
            if skipping { return .skipped }
            var scanner = JSONScanner(base: view.base, count: bytes.upperBound, maxDepth: JSONValue.defaultMaxDepth)
            scanner.position = bytes.lowerBound
            if fast != nil, let record = fast?.record(&scanner) {
                scanner.skipWhitespace()
                if scanner.atEnd { return .record(record, line: line) }
            }
            switch Self.value(view, bytes) {
            case .success(let value):
                guard let dataset else { return .skipped }
                return RecordFileReader.item(value, line: line, dataset: dataset)
            case .failure(let error):
                return .reject(.init(line: line, reason: "not JSON: \(error.shifted(by: view.offset))",
                                     text: RecordFileReader.excerpt(view.base, bytes)))
            }
        }
    }

    /// The JSON value of a line (window indices).
    static func value(_ view: ByteView, _ bytes: Range<Int>) -> Result<JSONValue, JSONSyntaxError> {
        var parser = JSONParser(base: view.base, count: bytes.upperBound)
        parser.scanner.position = bytes.lowerBound
        do {
            let value = try parser.parseValue()
            try parser.scanner.expectEnd()
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// The next line that is not blank; the cursor moves past it.
    func nextLine(_ view: ByteView, _ cursor: inout ReadCursor) -> Step {
        let p = view.base
        var start = cursor.offset - view.offset
        var line = cursor.line
        while true {
            guard start < view.count else {
                if !view.isFinal { return .needMore }
                cursor = ReadCursor(offset: view.offset + start, line: line)
                return .end
            }
            let end: Int
            if let found = memchr(p + start, 0x0A, view.count - start) {
                end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - p
            } else if view.isFinal {
                end = view.count
            } else {
                return .needMore
            }
            var first = start
            while first < end, isASCIIWhitespace(p[first]) { first += 1 }
            if first == end {
                start = end + 1
                line += 1
                continue
            }
            cursor = ReadCursor(offset: view.offset + min(end + 1, view.count), line: line + 1)
            return .line(number: line, bytes: start..<end)
        }
    }
}

/// A file that is one JSON object: its one record (or reject), read with the head.
struct SingleRecordReader: RecordItemReader {
    var item: RecordItem?

    mutating func next(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) -> RecordItem {
        defer { item = nil }
        guard let item else { return .end }
        return skipping ? .skipped : item
    }
}
