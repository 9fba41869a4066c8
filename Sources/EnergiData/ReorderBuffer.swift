import Foundation

/// Puts records that are almost in order into order: it holds up to a
/// window of records and gives back the earliest (by event time, then by
/// where the record starts in the file, so records of one time keep their
/// file order). Any record that is fewer than `window` places from where
/// it belongs comes out exactly there, in memory for `window` records.
///
/// Exports are sorted, but not always by UTC time: the GUI sorts by Danish
/// time, so the hour that repeats when summer time ends comes out of order.
///
/// Records that come in order (nearly all) wait in a queue, at no cost;
/// only those that come earlier than the last one queued go to a heap.
struct ReorderBuffer {
    struct Entry {
        var record: EnergiRecord
        /// Where the record starts in the file.
        var offset: Int
        var line: Int
    }

    let window: Int
    private var heap: [Entry] = []
    /// Entries in order, from `queueHead` on.
    private var queue: [Entry] = []
    private var queueHead = 0

    init(window: Int) {
        self.window = window
    }

    var count: Int { heap.count + queue.count - queueHead }
    var isFull: Bool { count >= window }

    mutating func push(_ entry: Entry) {
        if queueHead == queue.count || !Self.earlier(entry, queue[queue.count - 1]) {
            if queueHead > 4096, queueHead * 2 > queue.count {
                queue.removeFirst(queueHead)
                queueHead = 0
            }
            queue.append(entry)
            return
        }
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.earlier(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// The earliest record held, removed.
    mutating func popEarliest() -> Entry? {
        if queueHead < queue.count, heap.isEmpty || !Self.earlier(heap[0], queue[queueHead]) {
            let entry = queue[queueHead]
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            return entry
        }
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let earliest = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < heap.count, Self.earlier(heap[left], heap[first]) { first = left }
            if right < heap.count, Self.earlier(heap[right], heap[first]) { first = right }
            guard first != parent else { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return earliest
    }

    @inline(__always) private static func earlier(_ a: Entry, _ b: Entry) -> Bool {
        a.record.time != b.record.time ? a.record.time < b.record.time : a.offset < b.offset
    }
}
