import Basics
import EnergiData
import Foundation
import Kafka
import Store
import Tabular

/// Finds messages the broker deleted before this consumer group stored
/// them: a partition whose first readable offset is past the offset the
/// group stored (retention, or the embedded broker's few megabytes per
/// partition), a new group whose partitions no longer start at 0, or a jump
/// in the offsets while reading (a partition trimmed under a slow reader).
///
/// A jump alone is not proof: transaction markers and compaction leave
/// offsets unused too. So a gap is reported only when the broker confirms
/// it, its first offset being now past the first offset skipped.
///
/// Fed from the polling thread; assignments come from librdkafka's
/// rebalance callback on that same thread. The partition read last is kept
/// aside, so a message costs two comparisons.
final class GapDetector: @unchecked Sendable {
    private struct Expectation {
        /// The offset the next message should have.
        var next: Int64
        /// The event time of the newest message stored before `next`, when known.
        var eventTime: Date?
        /// Whether a message arrived since the assignment.
        var seen = false
    }

    private let lock = NSLock()
    private var expected: [KafkaTopicPartition: Expectation] = [:]
    private var current: (partition: KafkaTopicPartition, expectation: Expectation)?
    private let datasets: (String) -> Dataset?
    private let log: @Sendable (String) -> Void

    init(datasets: @escaping (String) -> Dataset?, log: @escaping @Sendable (String) -> Void) {
        self.datasets = datasets
        self.log = log
    }

    /// Partitions assigned: each resumes at its stored offset, or at 0 when
    /// the group stored nothing for it yet.
    func assign(_ partitions: [KafkaTopicPartition], stored: [PartitionOffset]) {
        let saved = Dictionary(stored.map { (KafkaTopicPartition(topic: $0.topic, partition: $0.partition), $0) },
                               uniquingKeysWith: { a, _ in a })
        lock.withLock {
            park()
            for partition in partitions {
                let offset = saved[partition]
                expected[partition] = Expectation(next: offset?.nextOffset ?? 0, eventTime: offset?.lastEventTime)
            }
        }
    }

    func revoke(_ partitions: [KafkaTopicPartition]) {
        lock.withLock {
            park()
            for partition in partitions { expected[partition] = nil }
        }
    }

    /// Checks one message read; returns the gap before it, if the broker
    /// confirms one. `firstOffset` asks the broker for the partition's first offset now.
    func observe(topic: String, partition: Int32, offset: Int64, eventTime: Date?,
                 firstOffset: (KafkaTopicPartition) -> Int64?) -> OffsetGap? {
        lock.lock()
        defer { lock.unlock() }
        if current?.partition.partition != partition || current?.partition.topic != topic {
            park()
            let key = KafkaTopicPartition(topic: topic, partition: partition)
            guard let expectation = expected[key] else { return nil }  // not (or no longer) assigned
            current = (key, expectation)
        }
        guard var run = current?.expectation, let key = current?.partition else { return nil }
        defer { current = (key, run) }
        var gap: OffsetGap?
        if offset > run.next {
            if let first = firstOffset(key), first > run.next {
                gap = makeGap(key, from: run.next, to: offset, before: run.eventTime, after: eventTime)
            }
        } else if offset < run.next, !run.seen {
            log("consume: note: \(key.topic)[\(key.partition)] starts at offset \(offset), below the \(run.next) stored for this group: the topic was re-created or its offsets reset; reading on from \(offset)")
        } else if offset < run.next {
            return nil  // delivered again (a rebalance): nothing to learn
        }
        run.seen = true
        run.next = offset + 1
        if let eventTime { run.eventTime = eventTime }
        return gap
    }

    /// Per assigned partition, the offset of the next message to read.
    func readPositions() -> [KafkaTopicPartition: Int64] {
        lock.withLock {
            var positions = expected.mapValues(\.next)
            if let run = current { positions[run.partition] = run.expectation.next }
            return positions
        }
    }

    /// Puts the partition read last back with the others. Call holding the lock.
    private func park() {
        if let run = current, expected[run.partition] != nil { expected[run.partition] = run.expectation }
        current = nil
    }

    private func makeGap(_ key: KafkaTopicPartition, from first: Int64, to end: Int64,
                         before: Date?, after: Date?) -> OffsetGap {
        let dataset = datasets(key.topic)
        return OffsetGap(topic: key.topic, partition: key.partition, firstOffset: first, endOffset: end,
                         dataset: dataset?.apiName, eventTimeBefore: before, eventTimeAfter: after,
                         refill: dataset.flatMap { Self.refillCommand($0, before: before, after: after) })
    }

    /// `energiflow ingest --dataset … --start … --end …` over the Danish days
    /// from the one stored before the gap to the one read after it (the API
    /// takes Danish days, start inclusive, end exclusive). Records of one
    /// (dataset, area, day) travel in one partition in event-time order, so the
    /// missing ones lie between; fetching a little more is safe, the natural
    /// key drops what is stored already. Nil when the end is not known.
    static func refillCommand(_ dataset: Dataset, before: Date?, after: Date?) -> String? {
        guard let after else { return nil }
        let end = Day(containing: after, in: .copenhagen).next
        let start = before.map { Day(containing: $0, in: .copenhagen).description } ?? "FIRST-DAY-YOU-NEED"
        return "energiflow ingest --dataset \(dataset.shortName) --start \(start) --end \(end)"
    }

    /// The message said on stderr when a gap is found.
    static func describe(_ gap: OffsetGap, group: String) -> String {
        var text = "consume: DATA LOST: \(gap.topic)[\(gap.partition)] offsets \(gap.firstOffset)–\(gap.endOffset - 1) "
            + "(\(ProgressLine.number(Int(gap.count))) message\(gap.count == 1 ? "" : "s")) were deleted by the broker before group \(group) stored them"
        switch (gap.eventTimeBefore, gap.eventTimeAfter) {
        case let (before?, after?): text += "; their event times lie between \(ISO8601.utcString(before)) and \(ISO8601.utcString(after))"
        case let (nil, after?): text += "; their event times lie before \(ISO8601.utcString(after))"
        default: break
        }
        if let refill = gap.refill {
            text += ". Refill from the API: \(refill)"
            if gap.eventTimeBefore == nil { text += " (the first missing day is not known: put the first day you need)" }
        } else {
            text += ". The event times are not known; refill the dataset's range from the API with `energiflow ingest --dataset … --start … --end …`"
        }
        return text + ". Recorded in energi_gaps; `energiflow status` lists it."
    }
}
