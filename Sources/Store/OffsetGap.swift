import Foundation
import Postgres

/// Offsets of a partition the broker deleted before the consumer group
/// stored them: `[firstOffset, endOffset)` were never read. Kept in
/// `energi_gaps` in the transaction of the batch that found the gap, so a
/// replay of that batch finds it again and records it once.
public struct OffsetGap: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    /// The first offset that was never read.
    public var firstOffset: Int64
    /// The first offset read after the gap.
    public var endOffset: Int64
    /// The dataset the topic carries, when known.
    public var dataset: String?
    /// The event time of the newest message stored before the gap, when known.
    public var eventTimeBefore: Date?
    /// The event time of the first message read after it, when known.
    public var eventTimeAfter: Date?
    /// The command that fetches the missing event-time range again, when it can be said.
    public var refill: String?

    public init(topic: String, partition: Int32, firstOffset: Int64, endOffset: Int64, dataset: String? = nil,
                eventTimeBefore: Date? = nil, eventTimeAfter: Date? = nil, refill: String? = nil) {
        self.topic = topic
        self.partition = partition
        self.firstOffset = firstOffset
        self.endOffset = endOffset
        self.dataset = dataset
        self.eventTimeBefore = eventTimeBefore
        self.eventTimeAfter = eventTimeAfter
        self.refill = refill
    }

    /// How many messages are missing.
    public var count: Int64 { endOffset - firstOffset }

    static func save(_ gaps: [OffsetGap], group: String, _ tx: PostgresConnection) throws {
        for gap in gaps where gap.endOffset > gap.firstOffset {
            try tx.execute("""
                INSERT INTO energi_gaps (group_id, topic, "partition", first_offset, end_offset, dataset,
                                         event_time_before, event_time_after, refill)
                VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::float8), to_timestamp($8::float8), $9)
                ON CONFLICT (group_id, topic, "partition", first_offset) DO NOTHING
                """, [
                    .text(group), .text(gap.topic), .int(Int64(gap.partition)), .int(gap.firstOffset),
                    .int(gap.endOffset), gap.dataset.map { .text($0) } ?? .null,
                    gap.eventTimeBefore.map { .text(String($0.timeIntervalSince1970)) } ?? .null,
                    gap.eventTimeAfter.map { .text(String($0.timeIntervalSince1970)) } ?? .null,
                    gap.refill.map { .text($0) } ?? .null,
                ])
        }
    }
}

/// A gap as stored, with the group that found it and when.
public struct StoredGap: Sendable, Hashable {
    public var group: String
    public var gap: OffsetGap
    public var detectedAt: Date

    /// Every gap recorded, newest first (for one group when `group` is given).
    public static func load(group: String? = nil, _ connection: PostgresConnection) throws -> [StoredGap] {
        let result = try connection.query("""
            SELECT group_id, topic, "partition", first_offset, end_offset, dataset,
                   event_time_before, event_time_after, refill, detected_at
            FROM energi_gaps WHERE $1::text IS NULL OR group_id = $1
            ORDER BY detected_at DESC, topic, "partition", first_offset
            """, [group.map { .text($0) } ?? .null])
        return result.rows.compactMap { row in
            guard let group = row[0].string, let topic = row[1].string, let partition = row[2].int,
                  let first = row[3].int, let end = row[4].int, let detected = row[9].timestamp else { return nil }
            return StoredGap(group: group, gap: OffsetGap(
                topic: topic, partition: Int32(partition), firstOffset: first, endOffset: end, dataset: row[5].string,
                eventTimeBefore: row[6].timestamp, eventTimeAfter: row[7].timestamp, refill: row[8].string),
                detectedAt: detected)
        }
    }
}
