import Basics
import Foundation

/// The elements of a JSON array of records: the API response's `records`
/// and a bare `[ … ]` file. The cursor starts at the first element (after
/// `[`); the last element takes the closing `]` with it. A syntax error
/// anywhere is a whole-file problem and throws with its file offset and line.
/// Records go through `JSONRecordParser` first, the generic path when it declines.
struct JSONArrayRecordReader: RecordItemReader {
    /// The dataset the records are read as; nil while looking for the first object.
    var dataset: Dataset? {
        didSet { fast = dataset.map(JSONRecordParser.init) }
    }
    private var fast: JSONRecordParser?
    /// The nesting depth of the elements (1 in a bare array, 2 in the API's response).
    let depth: Int
    /// The closing `]` was read.
    private(set) var closed: Bool

    init(dataset: Dataset?, depth: Int, closed: Bool = false) {
        self.dataset = dataset
        self.depth = depth
        self.closed = closed
        fast = dataset.map(JSONRecordParser.init)
    }

    enum Step {
        /// An element (nil when skipping) and the line where it starts.
        case element(JSONValue?, line: Int)
        case needMore
        case end
    }

    mutating func next(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) throws(EnergiDataError) -> RecordItem {
        if !skipping, !closed, let item = fastRecord(view, &cursor) { return item }
        switch try nextElement(view, &cursor, skipping: skipping) {
        case .needMore: return .needMore
        case .end: return .end
        case .element(nil, _): return .skipped
        case .element(let value?, let line):
            guard let dataset else { return .skipped }
            return RecordFileReader.item(value, line: line, dataset: dataset)
        }
    }

    /// The next element read by the fast parser; nil to take the generic path.
    private mutating func fastRecord(_ view: ByteView, _ cursor: inout ReadCursor) -> RecordItem? {
        guard fast != nil else { return nil }
        let p = view.base
        let from = cursor.offset - view.offset
        var scanner = JSONScanner(base: p, count: view.count, maxDepth: JSONValue.defaultMaxDepth)
        scanner.position = from
        scanner.skipWhitespace()
        let start = scanner.position
        guard let record = fast?.record(&scanner) else { return nil }
        scanner.skipWhitespace()
        switch scanner.peek() {
        case 0x2C?:
            scanner.position += 1
            scanner.skipWhitespace()
        case 0x5D?:
            scanner.position += 1
            closed = true
        default:
            return nil
        }
        let line = cursor.line + lineFeeds(p, from..<start)
        cursor = ReadCursor(offset: view.offset + scanner.position, line: line + lineFeeds(p, start..<scanner.position))
        return .record(record, line: line)
    }

    /// The next element: parsed, or only validated and passed over when `skipping`.
    mutating func nextElement(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) throws(EnergiDataError) -> Step {
        if closed { return .end }
        let p = view.base
        let from = cursor.offset - view.offset
        var parser = JSONParser(base: p, count: view.count)
        parser.scanner.position = from
        parser.scanner.skipWhitespace()
        let start = parser.scanner.position
        do throws(JSONSyntaxError) {
            let value: JSONValue?
            if skipping {
                _ = try parser.scanner.skipValue(depth: depth)
                value = nil
            } else {
                value = try parser.parseValue(depth: depth)
            }
            parser.scanner.skipWhitespace()
            switch parser.scanner.peek() {
            case 0x2C?:
                parser.scanner.position += 1
                parser.scanner.skipWhitespace()
            case 0x5D?:
                parser.scanner.position += 1
                closed = true
            default:
                throw parser.scanner.unexpected(.commaOrBracket)
            }
            let line = cursor.line + lineFeeds(p, from..<start)
            cursor = ReadCursor(offset: view.offset + parser.scanner.position,
                                line: line + lineFeeds(p, start..<parser.scanner.position))
            return .element(value, line: line)
        } catch {
            if error.mayNeedMore(view) { return .needMore }
            let line = cursor.line + lineFeeds(p, from..<min(error.offset, view.count))
            throw .notJSON(error.shifted(by: view.offset), line: line)
        }
    }
}
