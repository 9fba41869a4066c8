import Foundation
import Postgres

/// Which consumer holds which partition, kept by the consumers themselves in
/// `energi_consumer_members` (brokers do not all answer DescribeGroups; the
/// embedded one does not). What `energiflow status` and the `lag` source
/// show; nothing depends on it for correctness, so writing it is best effort.
public enum ConsumerMembers {
    public struct Holder: Sendable, Equatable {
        public var group: String
        public var topic: String
        public var partition: Int32
        /// "host pid N (Kafka member id)".
        public var member: String
        public var assignedAt: Date
        /// When the member last said it was alive (every few seconds while it runs).
        public var seenAt: Date
    }

    /// `member` now holds `partitions` (rows of a previous holder are taken over).
    public static func assign(_ partitions: [(topic: String, partition: Int32)], group: String, member: String,
                              _ connection: PostgresConnection) throws {
        guard !partitions.isEmpty else { return }
        try connection.execute("""
            INSERT INTO energi_consumer_members (group_id, topic, "partition", member)
            SELECT $1, t, p, $4 FROM unnest($2::text[], $3::int[]) AS x(t, p)
            ON CONFLICT (group_id, topic, "partition") DO UPDATE
            SET member = EXCLUDED.member, assigned_at = now(), seen_at = now()
            """, [.text(group), .array(partitions.map(\.topic)), .array(partitions.map { String($0.partition) }), .text(member)])
    }

    /// `member` gave `partitions` up (all of them when nil).
    public static func release(_ partitions: [(topic: String, partition: Int32)]?, group: String, member: String,
                               _ connection: PostgresConnection) throws {
        if let partitions {
            try connection.execute("""
                DELETE FROM energi_consumer_members m USING unnest($2::text[], $3::int[]) AS x(t, p)
                WHERE m.group_id = $1 AND m.member = $4 AND m.topic = x.t AND m."partition" = x.p
                """, [.text(group), .array(partitions.map(\.topic)), .array(partitions.map { String($0.partition) }), .text(member)])
        } else {
            try connection.execute("DELETE FROM energi_consumer_members WHERE group_id = $1 AND member = $2",
                                   [.text(group), .text(member)])
        }
    }

    /// `member` is alive.
    public static func touch(group: String, member: String, _ connection: PostgresConnection) throws {
        try connection.execute("UPDATE energi_consumer_members SET seen_at = now() WHERE group_id = $1 AND member = $2",
                               [.text(group), .text(member)])
    }

    /// Every holder (of `group` when given).
    public static func load(group: String? = nil, _ connection: PostgresConnection) throws -> [Holder] {
        try connection.query("""
            SELECT group_id, topic, "partition", member, assigned_at, seen_at FROM energi_consumer_members
            WHERE $1::text IS NULL OR group_id = $1 ORDER BY 1, 2, 3
            """, [group.map { .text($0) } ?? .null]).rows.compactMap { row in
            guard let g = row[0].string, let t = row[1].string, let p = row[2].int, let m = row[3].string,
                  let assigned = row[4].timestamp, let seen = row[5].timestamp else { return nil }
            return Holder(group: g, topic: t, partition: Int32(p), member: m, assignedAt: assigned, seenAt: seen)
        }
    }
}
