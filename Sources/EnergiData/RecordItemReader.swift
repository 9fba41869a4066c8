import Basics
import Foundation

/// Where a reader is in its input: a byte offset and the 1-based line there.
struct ReadCursor: Equatable {
    var offset: Int
    var line: Int
}

/// One item of a recorded file, as a `RecordItemReader` found it.
enum RecordItem {
    /// A record and the line where it starts.
    case record(EnergiRecord, line: Int)
    /// A row or record that was left out, with its line and reason.
    case reject(RecordFile.Reject)
    /// An item passed over without being read (`skipping`).
    case skipped
    /// The item runs past the bytes given: fill the window and ask again at the same cursor.
    case needMore
    /// There are no more items; the cursor is past the last one.
    case end
}

/// Reads the items (rows, records) of one file form, one at a time, from a
/// window of the file's bytes. Readers keep no bytes: everything they return
/// is copied out, so the window may move between calls.
protocol RecordItemReader {
    /// The item at `cursor` in `view`; moves the cursor past it. With
    /// `skipping` the item is only found (for indexing the file), not read.
    /// Whole-file problems (JSON syntax outside a JSON-lines line) throw.
    mutating func next(_ view: ByteView, _ cursor: inout ReadCursor, skipping: Bool) throws(EnergiDataError) -> RecordItem
}

/// Counts the line feeds in `base[range]`.
func lineFeeds(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Int {
    var n = 0
    var p = UnsafeRawPointer(base + range.lowerBound)
    let end = UnsafeRawPointer(base + range.upperBound)
    while p < end, let found = memchr(p, 0x0A, end - p) {
        n += 1
        p = UnsafeRawPointer(found) + 1
    }
    return n
}

extension JSONSyntaxError {
    /// Whether the error may only mean that the bytes stop too early: it is
    /// within the few bytes a scanner looks ahead of the end of a window that
    /// is not the input's end (a value, an escape or a UTF-8 sequence cut off).
    func mayNeedMore(_ view: ByteView) -> Bool {
        !view.isFinal && offset >= view.count - 16
    }
}

extension EnergiDataError {
    /// The file-level error for JSON syntax at `offset` (a file offset) on `line`.
    static func notJSON(_ error: JSONSyntaxError, line: Int) -> EnergiDataError {
        EnergiDataError(.notJSON, "not JSON: \(error) (line \(line))", offset: error.offset, line: line, cause: error)
    }
}
