import Foundation

/// JSON lines (NDJSON): one record per line. A line that is not JSON is a
/// reject (not a whole-file problem); blank lines are passed over.
struct JSONLinesRecordReader: RecordItemReader {
    /// The dataset the records are read as; nil while looking for the first object.
    var dataset: Dataset?

    enum Step {
        /// A line's value, or why it is not JSON (nil when skipping), and the
        /// line's number and bytes (window indices).
        case line(Result<JSONValue, JSONSyntaxError>?, number: Int, bytes: Range<Int>)
        case needMore
        case end
    }

    mutating func next(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) -> RecordItem {
        switch nextLine(view, &cursor, skipping: skipping) {
        case .needMore: return .needMore
        case .end: return .end
        case .line(nil, _, _): return .skipped
        case .line(.success(let value)?, let line, _):
            guard let dataset else { return .skipped }
            return RecordFileReader.item(value, line: line, dataset: dataset)
        case .line(.failure(let error)?, let line, let bytes):
            return .reject(.init(line: line, reason: "not JSON: \(error.shifted(by: view.offset))",
                                 text: RecordFileReader.excerpt(view.base, bytes)))
        }
    }

    /// The next line that is not blank.
    func nextLine(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) -> Step {
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
            var parser = JSONParser(base: p, count: end, maxDepth: JSONValue.defaultMaxDepth)
            parser.scanner.position = start
            parser.scanner.skipWhitespace()
            if parser.scanner.atEnd {
                start = end + 1
                line += 1
                continue
            }
            cursor = ReadCursor(offset: view.offset + min(end + 1, view.count), line: line + 1)
            if skipping { return .line(nil, number: line, bytes: start..<end) }
            do {
                let value = try parser.parseValue()
                try parser.scanner.expectEnd()
                return .line(.success(value), number: line, bytes: start..<end)
            } catch {
                return .line(.failure(error), number: line, bytes: start..<end)
            }
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
