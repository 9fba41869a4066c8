import Foundation
import Postgres

/// Reads what the store knows about consumption progress and data coverage.
public enum StoredOffsets {
    /// The next offset per partition saved for `group` (only partitions it has written).
    public static func load(group: String, _ connection: PostgresConnection) throws -> [PartitionOffset] {
        let result = try connection.query("""
            SELECT topic, "partition", next_offset, last_event_time FROM energi_consumer_offsets WHERE group_id = $1
            ORDER BY topic, "partition"
            """, [.text(group)])
        return result.rows.compactMap { row in
            guard let topic = row[0].string, let partition = row[1].int, let next = row[2].int else { return nil }
            return PartitionOffset(topic: topic, partition: Int32(partition), nextOffset: next, lastEventTime: row[3].timestamp)
        }
    }
}

extension StoredOffsets {
    /// The newest event time stored for `dataset` (its API name), nil when it has no rows.
    /// `--follow` resumes from here.
    public static func newestEventTime(dataset: String, _ connection: PostgresConnection) throws -> Date? {
        // Per area (energi_daily lists them, and is small) the newest row of the
        // dataset, found backwards along the (area, time) index: no full scan.
        let result = try connection.query("""
            SELECT max(x.t) FROM (SELECT DISTINCT price_area FROM energi_daily) a
            CROSS JOIN LATERAL (
                SELECT r."timestamp" AS t FROM energi_records r
                WHERE r.price_area = a.price_area AND r.dataset = $1
                ORDER BY r."timestamp" DESC LIMIT 1
            ) x
            """, [.text(dataset)])
        return result.rows.first?[0].timestamp
    }
}

extension StoredOffsets {
    /// The next offset per partition for every group that stored any.
    public static func loadAll(_ connection: PostgresConnection) throws -> [String: [PartitionOffset]] {
        let result = try connection.query("""
            SELECT group_id, topic, "partition", next_offset, last_event_time FROM energi_consumer_offsets
            ORDER BY group_id, topic, "partition"
            """)
        var groups: [String: [PartitionOffset]] = [:]
        for row in result.rows {
            guard let group = row[0].string, let topic = row[1].string, let partition = row[2].int, let next = row[3].int else { continue }
            groups[group, default: []].append(PartitionOffset(topic: topic, partition: Int32(partition), nextOffset: next,
                                                              lastEventTime: row[4].timestamp))
        }
        return groups
    }
}
