import Basics
import Foundation

/// Reads a recorded file for replay: the API's JSON response, a bare JSON
/// array of records, JSON lines, or a CSV export in any of the forms Energi
/// Data Service and pandas write (`;` with decimal comma or `,` with decimal
/// point; with or without a UTF-8 byte-order mark; quoted fields; CRLF;
/// timestamps with or without seconds, `T` or space, with or without a zone;
/// newest or oldest first).
///
/// Values are turned into the API's JSON form: numbers become JSON numbers with
/// a decimal point (`567,489990` → `567.489990`), empty CSV fields become null,
/// text stays text, and timestamps in time fields are rewritten as
/// `2024-08-29T21:00:00` (no zone): `*UTC` fields in UTC, `*DK` fields in
/// Danish local time (a written zone is converted, not dropped).
///
/// Errors: problems with the whole file (unreadable, empty, not JSON,
/// unrecognised header, a dataset that contradicts the one asked for) throw.
/// A malformed row (wrong field count, a non-number in a number column, a bad
/// time, a missing key field) does not: it is collected in `rejects` with its
/// line and reason, and the rest of the file is read.
///
/// `stream(contentsOf:)` reads a file of any size record by record, oldest
/// first, in bounded memory (`RecordFileStream`); `read` is that stream
/// collected, for small files and tests. There is one parser for both.
public struct RecordFileReader: Sendable {
    /// The dataset the file holds; nil to recognise it from the header, the
    /// API response's `dataset` member or the first record's fields.
    public var dataset: Dataset?

    public init(dataset: Dataset? = nil) {
        self.dataset = dataset
    }

    /// Every record of the file at `url`, sorted by event time, and every
    /// reject. Holds the whole file's records: for small files and tests;
    /// `stream(contentsOf:)` reads any size.
    public func read(contentsOf url: URL) throws(EnergiDataError) -> RecordFile {
        try read(FileWindow(contentsOf: url))
    }

    public func read(_ data: Data) throws(EnergiDataError) -> RecordFile {
        try read(data.withUnsafeBytes { FileWindow(bytes: $0) })
    }

    public func read(bytes: [UInt8]) throws(EnergiDataError) -> RecordFile {
        try read(bytes.withUnsafeBytes { FileWindow(bytes: $0) })
    }

    /// The file at `url` as a stream of records, oldest first, in bounded
    /// memory (see `RecordFileStream`); reads its head now. `onReject` gets
    /// each row or record left out, as it is found. When `sharing` streams
    /// are read at once (files merged), each gets that share of the memory.
    public func stream(contentsOf url: URL, sharing: Int = 1,
                       onReject: ((RecordFile.Reject) -> Void)? = nil) throws(EnergiDataError) -> RecordFileStream {
        let sizes = RecordFileStream.Sizes(sharing: sharing)
        return try RecordFileStream(FileWindow(contentsOf: url, blockSize: sizes.windowBytes), dataset: dataset,
                                    partBytes: sizes.partBytes, reorderWindow: sizes.reorderWindow, onReject: onReject)
    }

    /// The same for bytes in memory.
    public func stream(bytes: [UInt8], onReject: ((RecordFile.Reject) -> Void)? = nil) throws(EnergiDataError) -> RecordFileStream {
        try RecordFileStream(bytes.withUnsafeBytes { FileWindow(bytes: $0) }, dataset: dataset, onReject: onReject)
    }

    /// The whole file: the stream's records in file order, then sorted.
    private func read(_ window: FileWindow) throws(EnergiDataError) -> RecordFile {
        var rejects: [RecordFile.Reject] = []
        let stream = try RecordFileStream(window, dataset: dataset, inFileOrder: true) { rejects.append($0) }
        var records: [EnergiRecord] = []
        while let record = try stream.next() { records.append(record) }
        rejects.sort { $0.line < $1.line }
        return RecordFile(dataset: stream.dataset, format: stream.format, separator: stream.separator,
                          records: RecordFileReader.sortedByTime(records), rejects: rejects)
    }

    // MARK: Shared

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

    /// The text of `p[range]`, at most its first 200 bytes.
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
