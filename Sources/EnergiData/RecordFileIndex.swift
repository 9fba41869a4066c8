import Basics

/// Where a file's items can be read a part at a time: the offsets and lines
/// of item boundaries about `partBytes` apart, from the first item to the end
/// of the last. It takes 16 bytes per part (16 KB for a 1 GB file at the
/// default 1 MB parts), so a newest-first file can be read from its end,
/// part by part, without holding more than one part.
///
/// Building it reads the whole file once, finding where items end without
/// making records (CSV rows split, JSON validated), and checks what follows
/// the items, so a whole-file problem is found before the first record is sent.
struct RecordFileIndex {
    static let defaultPartBytes = 1 << 20

    /// Item boundaries: part `k` runs from `boundaries[k]` to `boundaries[k + 1]`.
    private(set) var boundaries: [ReadCursor]
    /// The first `dataset` member after an API response's records, if any.
    private(set) var tailDataset: JSONValue?

    var partCount: Int { max(0, boundaries.count - 1) }

    /// Indexes the items from `start` (read with `reader`), then checks `tail`.
    static func build(_ window: FileWindow, from start: ReadCursor, reader: some RecordItemReader,
                      tail: RecordFileLayout.Tail, partBytes: Int) throws(EnergiDataError) -> RecordFileIndex {
        var cursor = FileCursor(window, at: start)
        var reader = reader
        var boundaries = [start]
        while true {
            let item = try cursor.step { view, position throws(EnergiDataError) -> RecordItem? in
                let item = try reader.next(view, &position, skipping: true)
                if case .needMore = item { return nil }
                return item
            }
            if case .end = item { break }
            if cursor.position.offset - boundaries[boundaries.count - 1].offset >= partBytes {
                boundaries.append(cursor.position)
            }
        }
        if cursor.position != boundaries[boundaries.count - 1] { boundaries.append(cursor.position) }
        let dataset = try RecordFileLayout.checkTail(window, from: cursor.position, tail)
        return RecordFileIndex(boundaries: boundaries, tailDataset: dataset)
    }

    /// The items of part `k` in file order, each with the offset where
    /// reading it began, read with a copy of `reader` (as it was at the first item).
    func items(ofPart k: Int, _ window: FileWindow, reader: some RecordItemReader) throws(EnergiDataError) -> [(RecordItem, Int)] {
        let end = boundaries[k + 1].offset
        try window.load(boundaries[k].offset..<end)
        var position = boundaries[k]
        var reader = reader
        var items: [(RecordItem, Int)] = []
        while position.offset < end {
            let offset = position.offset
            let item = try reader.next(window.view, &position, skipping: false)
            switch item {
            case .end: return items
            case .needMore, .skipped:
                // A part ends where an item ends; its bytes are complete.
                throw EnergiDataError(.unreadableFile, "the file changed while it was read (near line \(position.line))",
                                      offset: position.offset, line: position.line)
            case .record, .reject: items.append((item, offset))
            }
        }
        return items
    }
}
