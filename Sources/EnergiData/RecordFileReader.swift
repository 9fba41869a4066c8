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
public struct RecordFileReader: Sendable {
    /// The dataset the file holds; nil to recognise it from the header, the
    /// API response's `dataset` member or the first record's fields.
    public var dataset: Dataset?

    public init(dataset: Dataset? = nil) {
        self.dataset = dataset
    }

    public func read(contentsOf url: URL) throws(EnergiDataError) -> RecordFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw EnergiDataError(.unreadableFile, "cannot read \(url.path): \(error.localizedDescription)",
                                  cause: "\(error)")
        }
        return try read(data)
    }

    public func read(_ data: Data) throws(EnergiDataError) -> RecordFile {
        try read(bytes: [UInt8](data))
    }

    public func read(bytes: [UInt8]) throws(EnergiDataError) -> RecordFile {
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
        kind == .utcTime ? stamp.utc.apiString : stamp.local(in: .danish).apiString
    }
}
