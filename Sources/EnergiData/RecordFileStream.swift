import Foundation

/// A recorded file read one record at a time, oldest first, in memory that
/// does not grow with the file: every form `RecordFileReader` reads, with the
/// same checks, rejects and records (byte for byte, in the same order).
///
/// The order comes from the file itself: the first two different event
/// times say whether it is oldest first (read forward, as it is written) or
/// newest first (indexed in one pass, then read from its end a part of about
/// 1 MB at a time). Records that share an event time keep their file order
/// either way. A file in no order is read in the direction its start
/// suggests; the records that come after a later one are still returned,
/// where they are found, and counted in `outOfOrderCount`.
///
/// Memory: a 4 MB window of the file (more only while one row or record is
/// larger; at most 64 MB), one part of a newest-first file, and the records
/// of one event time. Rejects are handed to `onReject` as they are found and
/// counted; they are not kept (except the first three, for summaries).
public final class RecordFileStream {
    /// The order the records are read in (both give oldest first).
    public enum Order: String, Sendable {
        /// The file is oldest first: read forward.
        case oldestFirst = "oldest first"
        /// The file is newest first: read from its end.
        case newestFirst = "newest first"
    }

    public let dataset: Dataset
    public let format: RecordFile.Format
    /// `;` or `,` for CSV files, nil for JSON.
    public let separator: Character?
    /// The file's order, known after the first `next()`; nil when read in file order.
    public private(set) var order: Order?
    /// Records returned so far.
    public private(set) var recordCount = 0
    /// Rows or records left out so far.
    public private(set) var rejectCount = 0
    /// The rejects with the lowest line numbers so far (at most three).
    public private(set) var firstRejects: [RecordFile.Reject] = []
    /// Records returned after a record with a later event time (the file is not sorted).
    public private(set) var outOfOrderCount = 0
    /// The line of the first such record.
    public private(set) var firstOutOfOrderLine: Int?

    /// Items of one event time that may be buffered before the order is decided,
    /// and records of one time held together when reading backwards.
    static let runLimit = 20_000

    private let window: FileWindow
    private let layout: RecordFileLayout
    private let partBytes: Int
    private let onReject: ((RecordFile.Reject) -> Void)?
    private var cursor: FileCursor
    private var reader: any RecordItemReader
    private var phase: Phase
    private var ready: [(record: EnergiRecord, line: Int)] = []
    private var readyHead = 0
    /// Newest first: the records of the earliest time of the part read last,
    /// which may go on in the part before it.
    private var carried: [(record: EnergiRecord, line: Int)] = []
    private var newest: Date?

    private enum Phase {
        case undecided
        case forward
        case backward(RecordFileIndex, part: Int)
        case done
    }

    /// Reads the head of `window`'s file. With `inFileOrder` the records come
    /// in file order (for `RecordFileReader.read`, which sorts them itself).
    init(_ window: FileWindow, dataset asked: Dataset?, inFileOrder: Bool = false,
         partBytes: Int = RecordFileIndex.defaultPartBytes,
         onReject: ((RecordFile.Reject) -> Void)? = nil) throws(EnergiDataError) {
        layout = try RecordFileLayout.read(window, dataset: asked, partBytes: partBytes)
        self.window = window
        self.partBytes = partBytes
        self.onReject = onReject
        dataset = layout.dataset
        format = layout.format
        separator = layout.separator.map { Character(UnicodeScalar($0)) }
        cursor = FileCursor(window, at: layout.itemsStart)
        reader = layout.reader
        phase = inFileOrder ? .forward : .undecided
    }

    /// The next record, oldest first; nil after the last. Throws on a
    /// whole-file problem found on the way (JSON syntax, a read error); the
    /// records returned before it were read correctly.
    public func next() throws(EnergiDataError) -> EnergiRecord? {
        while true {
            if readyHead < ready.count {
                let (record, line) = ready[readyHead]
                readyHead += 1
                if readyHead == ready.count {
                    ready.removeAll(keepingCapacity: true)
                    readyHead = 0
                }
                return returning(record, line: line)
            }
            switch phase {
            case .undecided:
                try decideOrder()
            case .forward:
                switch try forwardItem() {
                case nil: phase = .done
                case .record(let record, let line)?: return returning(record, line: line)
                case .reject(let reject)?: report(reject)
                default: break
                }
            case .backward(let index, let part):
                guard part >= 0 else {
                    ready.append(contentsOf: carried)
                    carried.removeAll()
                    phase = .done
                    continue
                }
                var records: [(record: EnergiRecord, line: Int)] = []
                for item in try index.items(ofPart: part, window, reader: layout.reader) {
                    switch item {
                    case .record(let record, let line): records.append((record, line))
                    case .reject(let reject): report(reject)
                    default: break
                    }
                }
                queueNewestFirst(records)
                phase = .backward(index, part: part - 1)
            case .done:
                return nil
            }
        }
    }

    // MARK: Order

    /// Reads forward until the event time changes: later means oldest first
    /// (what was read is kept and reading goes on), earlier newest first
    /// (the file is indexed and read from its end).
    private func decideOrder() throws(EnergiDataError) {
        var buffered: [RecordItem] = []
        var firstTime: Date?
        var decided: Order?
        var atEnd = false
        while decided == nil {
            guard let item = try forwardItem() else {
                atEnd = true
                break
            }
            buffered.append(item)
            if case .record(let record, _) = item {
                if let firstTime {
                    if record.time != firstTime { decided = record.time > firstTime ? .oldestFirst : .newestFirst }
                } else {
                    firstTime = record.time
                }
            }
            if buffered.count >= Self.runLimit { decided = .oldestFirst }
        }
        order = decided ?? .oldestFirst
        if order == .newestFirst {
            var index: RecordFileIndex
            if let made = layout.index {
                index = made
            } else {
                index = try RecordFileIndex.build(window, from: layout.itemsStart, reader: layout.reader,
                                                  tail: layout.tail, partBytes: partBytes)
            }
            phase = .backward(index, part: index.partCount - 1)
            return
        }
        for item in buffered {
            switch item {
            case .record(let record, let line): ready.append((record, line))
            case .reject(let reject): report(reject)
            default: break
            }
        }
        phase = atEnd ? .done : .forward
    }

    /// The next item in file order; nil after the last (what follows the items checked).
    private func forwardItem() throws(EnergiDataError) -> RecordItem? {
        let item = try cursor.step { view, position throws(EnergiDataError) -> RecordItem? in
            let item = try reader.next(view, &position, skipping: false)
            if case .needMore = item { return nil }
            return item
        }
        if case .end = item {
            try RecordFileLayout.checkTail(window, from: cursor.position, layout.tail)
            return nil
        }
        return item
    }

    /// Queues the records of one part of a newest-first file (in file order)
    /// oldest first: its runs of equal times in reverse, each run in file
    /// order. The part's first run (its newest time) may go on at the end of
    /// the part before, which is read next, so it is carried until then.
    private func queueNewestFirst(_ records: [(record: EnergiRecord, line: Int)]) {
        guard !records.isEmpty else { return }
        var runs: [Range<Int>] = []
        var start = 0
        for k in 1..<records.count + 1 where k == records.count || records[k].record.time != records[start].record.time {
            runs.append(start..<k)
            start = k
        }
        var carry = carried
        carried = []
        let joins = !carry.isEmpty && carry[0].record.time == records[runs[runs.count - 1].lowerBound].record.time
        if !carry.isEmpty && !joins {
            ready.append(contentsOf: carry)
            carry = []
        }
        for k in runs.indices.reversed() {
            var run = Array(records[runs[k]])
            if k == runs.count - 1 && joins { run.append(contentsOf: carry) }
            if k == 0 { carried = run } else { ready.append(contentsOf: run) }
        }
        if carried.count > Self.runLimit {
            ready.append(contentsOf: carried)
            carried = []
        }
    }

    // MARK: Bookkeeping

    private func returning(_ record: EnergiRecord, line: Int) -> EnergiRecord {
        recordCount += 1
        if let newest, record.time < newest {
            outOfOrderCount += 1
            if firstOutOfOrderLine == nil { firstOutOfOrderLine = line }
        } else {
            newest = record.time
        }
        return record
    }

    private func report(_ reject: RecordFile.Reject) {
        rejectCount += 1
        if firstRejects.count < 3 || reject.line < firstRejects[firstRejects.count - 1].line {
            firstRejects.append(reject)
            firstRejects.sort { $0.line < $1.line }
            if firstRejects.count > 3 { firstRejects.removeLast() }
        }
        onReject?(reject)
    }
}
