import Foundation

/// A recorded file read one record at a time, oldest first, in memory that
/// does not grow with the file: every form `RecordFileReader` reads, with the
/// same checks, rejects and records (byte for byte, in the same order:
/// by event time, records of one time in file order).
///
/// The first two different event times say how the file is sorted: oldest
/// first is read forward, as it is written; newest first is indexed in one
/// pass and then read from its end, a part of about 1 MB at a time. Either
/// way the records pass a `ReorderBuffer` of 10,000 records, which puts the
/// near-misses of real exports in place (the GUI sorts by Danish time, so
/// the repeated hour at the end of summer time is out of UTC order). A file
/// in no order is still read whole: a record further than that from its
/// place comes out when it is found, and is counted in `outOfOrderCount`.
///
/// Memory: a 4 MB window of the file (more only while one row or record is
/// larger; at most 64 MB), one part of a newest-first file and the reorder
/// buffer; streams read at once share that (`Sizes`). Rejects are handed to
/// `onReject` as they are found and counted; only the first three are kept,
/// for summaries.
public final class RecordFileStream {
    /// How the file is sorted, and so read.
    public enum Order: String, Sendable {
        /// Oldest first: read forward.
        case oldestFirst = "oldest first"
        /// Newest first: read from its end.
        case newestFirst = "newest first"
    }

    public let dataset: Dataset
    public let format: RecordFile.Format
    /// `;` or `,` for CSV files, nil for JSON.
    public let separator: Character?
    /// How the file is sorted, known after the first `next()`; nil when read in file order.
    public private(set) var order: Order?
    /// Records returned so far.
    public private(set) var recordCount = 0
    /// Rows or records left out so far.
    public private(set) var rejectCount = 0
    /// The rejects with the lowest line numbers so far (at most three).
    public private(set) var firstRejects: [RecordFile.Reject] = []
    /// Records returned after a record with a later event time (the file is
    /// further out of order than the reorder buffer reaches).
    public private(set) var outOfOrderCount = 0
    /// The line of the first such record.
    public private(set) var firstOutOfOrderLine: Int?

    /// Records held to put near-misses in order.
    static let reorderWindow = 10_000

    /// How much a stream holds: its window of the file, the parts a
    /// newest-first file is read in, its reorder buffer. One stream takes
    /// the defaults (about 20 MB with records of 1 KB); streams read at once
    /// share 64 MB, each taking at least about half a megabyte.
    struct Sizes {
        var windowBytes = FileWindow.blockSize
        var partBytes = RecordFileIndex.defaultPartBytes
        var reorderWindow = RecordFileStream.reorderWindow

        init(sharing count: Int = 1) {
            guard count > 1 else { return }
            let share = max(512 << 10, (64 << 20) / count)
            windowBytes = min(windowBytes, share / 2)
            partBytes = min(partBytes, max(64 << 10, share / 4))
            reorderWindow = min(reorderWindow, max(256, share / 4 / 1024))
        }
    }

    private let window: FileWindow
    private let layout: RecordFileLayout
    private let partBytes: Int
    private let onReject: ((RecordFile.Reject) -> Void)?
    private var cursor: FileCursor
    private var reader: any RecordItemReader
    private var phase: Phase
    private var reorder: ReorderBuffer
    private var newest: Date?
    /// A whole-file problem met while reading ahead, thrown once the records before it are returned.
    private var failure: EnergiDataError?

    private enum Phase {
        case undecided
        case forward
        case backward(RecordFileIndex, part: Int)
        case done
    }

    /// Reads the head of `window`'s file. With `inFileOrder` the records come
    /// in file order (for `RecordFileReader.read`, which sorts them itself).
    init(_ window: FileWindow, dataset asked: Dataset?, inFileOrder: Bool = false,
         partBytes: Int = RecordFileIndex.defaultPartBytes, reorderWindow: Int = RecordFileStream.reorderWindow,
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
        reorder = ReorderBuffer(window: inFileOrder ? 1 : max(1, reorderWindow))
    }

    /// The next record, oldest first; nil after the last. Throws on a
    /// whole-file problem found on the way (JSON syntax, a read error),
    /// after returning every record read before it.
    public func next() throws(EnergiDataError) -> EnergiRecord? {
        while !reorder.isFull, failure == nil {
            do {
                guard try readMore() else { break }
            } catch {
                // The records read before the problem come first.
                failure = error
                phase = .done
            }
        }
        guard let entry = reorder.popEarliest() else {
            if let failure {
                self.failure = nil
                throw failure
            }
            return nil
        }
        recordCount += 1
        if let newest, entry.record.time < newest {
            outOfOrderCount += 1
            if firstOutOfOrderLine == nil { firstOutOfOrderLine = entry.line }
        } else {
            newest = entry.record.time
        }
        return entry.record
    }

    /// Reads the next item or part into the reorder buffer; false at the end.
    private func readMore() throws(EnergiDataError) -> Bool {
        switch phase {
        case .undecided:
            try decideOrder()
        case .forward:
            let offset = cursor.position.offset
            guard let item = try forwardItem() else {
                phase = .done
                return false
            }
            take(item, offset: offset)
        case .backward(let index, let part):
            guard part >= 0 else {
                phase = .done
                return false
            }
            takeNewestFirst(try index.items(ofPart: part, window, reader: layout.reader))
            phase = .backward(index, part: part - 1)
        case .done:
            return false
        }
        return true
    }

    /// Reads forward until the event time changes: later means oldest first
    /// (what was read is kept and reading goes on), earlier newest first
    /// (the file is indexed and read from its end).
    private func decideOrder() throws(EnergiDataError) {
        var buffered: [(RecordItem, Int)] = []
        var firstTime: Date?
        var decided: Order?
        var atEnd = false
        while decided == nil {
            let offset = cursor.position.offset
            guard let item = try forwardItem() else {
                atEnd = true
                break
            }
            buffered.append((item, offset))
            if case .record(let record, _) = item {
                if let firstTime {
                    if record.time != firstTime { decided = record.time > firstTime ? .oldestFirst : .newestFirst }
                } else {
                    firstTime = record.time
                }
            }
            if buffered.count >= Self.reorderWindow { decided = .oldestFirst }
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
        for (item, offset) in buffered { take(item, offset: offset) }
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

    /// The items of a part of a newest-first file (in file order), oldest
    /// first: its runs of one time in reverse, each run in file order, which
    /// is the order the reorder buffer keeps (a run cut by the part's start
    /// is joined by the buffer when the part before is read).
    private func takeNewestFirst(_ items: [(RecordItem, Int)]) {
        var end = items.count
        while end > 0 {
            var start = end - 1
            if case .record(let last, _) = items[start].0 {
                while start > 0, case .record(let record, _) = items[start - 1].0, record.time == last.time { start -= 1 }
            }
            for (item, offset) in items[start..<end] { take(item, offset: offset) }
            end = start
        }
    }

    /// A record goes to the reorder buffer, a reject is reported.
    private func take(_ item: RecordItem, offset: Int) {
        switch item {
        case .record(let record, let line): reorder.push(.init(record: record, offset: offset, line: line))
        case .reject(let reject): report(reject)
        default: break
        }
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
