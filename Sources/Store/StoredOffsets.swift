import Postgres

/// Reads what the store knows about consumption progress and data coverage.
public enum StoredOffsets {
    /// The next offset per partition saved for `group` (only partitions it has written).
    public static func load(group: String, _ connection: PostgresConnection) throws -> [PartitionOffset] {
        let result = try connection.query("""
            SELECT topic, "partition", next_offset FROM energi_consumer_offsets WHERE group_id = $1
            ORDER BY topic, "partition"
            """, [.text(group)])
        return result.rows.compactMap { row in
            guard let topic = row[0].string, let partition = row[1].int, let next = row[2].int else { return nil }
            return PartitionOffset(topic: topic, partition: Int32(partition), nextOffset: next)
        }
    }
}
