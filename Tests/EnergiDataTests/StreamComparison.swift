@testable import EnergiData
import Foundation
import Testing

/// What a reader made of some bytes: its records (in the order given), its
/// rejects (by line) and the error it stopped with, for comparing the
/// streaming reader with the oracle (`WholeFileReader`).
struct ReadOutcome: Equatable, CustomStringConvertible {
    var records: [EnergiRecord] = []
    var rejects: [RecordFile.Reject] = []
    var error: String?
    var outOfOrder = 0

    var description: String {
        "\(records.count) records, rejects \(rejects.map(\.description)), error \(error ?? "none")"
    }

    /// Rejects in line order (ties by text), as comparable across reading directions.
    var sortedRejects: [RecordFile.Reject] {
        rejects.sorted { ($0.line, $0.text, $0.reason) < ($1.line, $1.text, $1.reason) }
    }

    /// The oracle: the whole-file reader as it was before streaming.
    static func oracle(_ bytes: [UInt8], dataset: Dataset? = nil) -> ReadOutcome {
        do {
            let file = try WholeFileReader(dataset: dataset).read(bytes: bytes)
            return ReadOutcome(records: file.records, rejects: file.rejects)
        } catch {
            return ReadOutcome(error: error.description)
        }
    }

    /// The streaming reader, oldest first, with a window of `blockSize`
    /// bytes and parts of `partBytes` (small sizes put every boundary
    /// inside records, quotes, CRLFs and UTF-8 sequences).
    static func streamed(_ bytes: [UInt8], dataset: Dataset? = nil, blockSize: Int = FileWindow.blockSize,
                         partBytes: Int = RecordFileIndex.defaultPartBytes, maxItemSize: Int = FileWindow.maxItemSize) -> ReadOutcome {
        var outcome = ReadOutcome()
        var rejects: [RecordFile.Reject] = []
        do {
            let window = bytes.withUnsafeBytes { FileWindow(bytes: $0, blockSize: blockSize, maxItemSize: maxItemSize) }
            let stream = try RecordFileStream(window, dataset: dataset, partBytes: partBytes) { rejects.append($0) }
            defer { outcome.outOfOrder = stream.outOfOrderCount }
            while let record = try stream.next() { outcome.records.append(record) }
            #expect(stream.recordCount == outcome.records.count)
            #expect(stream.rejectCount == rejects.count)
            #expect(stream.firstRejects == Array(rejects.sorted { $0.line < $1.line }.prefix(3)))
        } catch {
            outcome.error = error.description
        }
        outcome.rejects = rejects
        return outcome
    }

    /// Whether the stream's outcome is the oracle's: the same records in the
    /// same order (or, for a file in no order, the same records, the
    /// disorder counted), the same rejects, the same error. Records and
    /// rejects read before an error are not compared (the oracle has none).
    func matches(oracle: ReadOutcome) -> Bool {
        if let error = oracle.error { return self.error == error }
        guard error == nil, sortedRejects == oracle.sortedRejects else { return false }
        if outOfOrder == 0 { return records == oracle.records }
        func key(_ r: EnergiRecord) -> (Date, String, [UInt8]) { (r.time, r.messageKey, r.messageValue) }
        func sorted(_ records: [EnergiRecord]) -> [EnergiRecord] {
            records.sorted { a, b in
                if a.time != b.time { return a.time < b.time }
                if a.messageKey != b.messageKey { return a.messageKey < b.messageKey }
                return a.messageValue.lexicographicallyPrecedes(b.messageValue)
            }
        }
        return sorted(records) == sorted(oracle.records)
    }
}

/// Checks the stream against the oracle on `bytes`, at the sizes given.
func expectStreamMatchesOracle(_ bytes: [UInt8], dataset: Dataset? = nil, blockSizes: [Int] = [FileWindow.blockSize],
                               partBytes: [Int] = [RecordFileIndex.defaultPartBytes], _ what: @autoclosure () -> String = "",
                               sourceLocation: SourceLocation = #_sourceLocation) {
    let oracle = ReadOutcome.oracle(bytes, dataset: dataset)
    for blockSize in blockSizes {
        for part in partBytes {
            let streamed = ReadOutcome.streamed(bytes, dataset: dataset, blockSize: blockSize, partBytes: part)
            let same = streamed.matches(oracle: oracle)
            #expect(same, "\(what()) window \(blockSize), part \(part): streamed \(streamed), oracle \(oracle)",
                    sourceLocation: sourceLocation)
            if !same { return }
        }
    }
}
