import Basics
import EnergiData
import Foundation
import Kafka
import Tabular

/// Chooses the partition of each record: every record of one (dataset,
/// area, Danish day) goes to the same partition, so a day's rows arrive
/// together, in the order they were sent, in one consumer's batches (which
/// can then roll the day up from their own sums), and the days spread over
/// the partitions and the consumers of a group.
///
/// partition = FNV-1a-64("Dataset|Area|YYYY-MM-DD") mod the topic's
/// partition count — a fixed function, so any producer can reproduce it.
/// The count is asked of the broker once per topic (a broker that creates
/// topics on first use creates the topic then); when it cannot be known,
/// librdkafka places the record by its key instead (still correct, only
/// without the locality).
public final class RecordPartitioner: @unchecked Sendable {
    private let producer: KafkaProducer
    private let lock = NSLock()
    private var counts: [String: Int32?] = [:]
    /// The Danish day of the hour partitioned last (records come hour by hour).
    private var lastHour: (hour: Int64, day: String)?

    init(producer: KafkaProducer) {
        self.producer = producer
    }

    /// The partition for `record` on `topic`; nil to let librdkafka choose.
    func partition(for record: EnergiRecord, topic: String) -> Int32? {
        lock.withLock {
            guard let count = partitionCount(topic) else { return nil }
            if count == 1 { return 0 }
            return Self.partition(dataset: record.dataset.apiName, area: record.area, day: day(of: record.time), of: count)
        }
    }

    /// Partitions of `topic`, asked once (call holding the lock).
    private func partitionCount(_ topic: String) -> Int32? {
        if let known = counts[topic] { return known }
        let count = (try? producer.partitionCount(of: topic, timeout: .seconds(10))) ?? nil
        counts[topic] = count
        return count
    }

    private func day(of time: Date) -> String {
        let hour = Int64((time.timeIntervalSince1970 / 3600).rounded(.down))
        if let last = lastHour, last.hour == hour { return last.day }
        let day = Day(containing: time, in: .copenhagen).description
        lastHour = (hour, day)
        return day
    }

    /// The partition of (dataset, area, Danish day `YYYY-MM-DD`) among `count`.
    public static func partition(dataset: String, area: String, day: String, of count: Int32) -> Int32 {
        Int32(truncatingIfNeeded: fnv1a("\(dataset)|\(area)|\(day)") % UInt64(max(1, count)))
    }

    /// 64-bit FNV-1a of the UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
