import Foundation
import Postgres
import Tabular

/// Stores batches of validated rows, rejects and consumer offsets in one
/// transaction each, and refreshes the daily rollup for the days the batch
/// touched in that same transaction. Idempotent: a row whose natural key is
/// already stored changes nothing.
public final class RecordWriter {
    public struct Summary: Sendable, Equatable {
        /// Rows that were new and are now stored.
        public var inserted = 0
        /// Rows whose natural key was already stored (replays, duplicates).
        public var duplicates = 0
        public var rejected = 0
        /// (day, area) rollup rows refreshed.
        public var daysRefreshed = 0

        public init() {}
    }

    public let connection: PostgresConnection

    public init(connection: PostgresConnection) {
        self.connection = connection
    }

    static let columns = """
        "timestamp", price_area, production_mwh, spot_price_eur, production_type, source, payload, \
        natural_key, dataset, interval_seconds, counts_in_totals, kafka_partition, kafka_offset
        """

    /// Writes one batch. When `offsets` are given they are saved for
    /// `consumerGroup` in the same transaction, so a crash after the commit
    /// never replays these rows and a crash before it stores none of them.
    @discardableResult
    public func write(_ rows: [StoreRow], rejects: [RejectRow] = [], offsets: [PartitionOffset] = [],
                      consumerGroup: String? = nil) throws -> Summary {
        do {
            return try connection.transaction { tx in
                var summary = Summary()
                let stored = try insertNew(rows, tx)
                summary.inserted = stored.count
                summary.duplicates = rows.count - stored.count
                summary.rejected = try insertRejects(rejects, tx)
                if let consumerGroup, !offsets.isEmpty {
                    try saveOffsets(offsets, group: consumerGroup, tx)
                }
                summary.daysRefreshed = try DailyRollup.refresh(DailyRollup.affectedDays(of: stored), tx)
                return summary
            }
        } catch let error as PostgresError {
            throw StoreError(.database, "could not store the batch: \(error.message)", cause: error)
        }
    }

    /// Inserts the rows whose keys are new and returns them. The fast path
    /// copies straight into the table; a key that is already there makes that
    /// fail, and then the batch goes through a staging table and ON CONFLICT.
    private func insertNew(_ rows: [StoreRow], _ tx: PostgresConnection) throws -> [StoreRow] {
        guard !rows.isEmpty else { return [] }
        try tx.execute("SAVEPOINT energi_fast_copy")
        do {
            try copy(rows, into: "energi_records", tx)
            try tx.execute("RELEASE SAVEPOINT energi_fast_copy")
            return rows
        } catch let error as PostgresError where error.sqlState == PostgresError.uniqueViolation {
            try tx.execute("ROLLBACK TO SAVEPOINT energi_fast_copy")
        }
        try tx.execute("""
            CREATE TEMP TABLE IF NOT EXISTS energi_staging
            (LIKE energi_records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
            """)
        try copy(rows, into: "energi_staging", tx)
        let result = try tx.query("""
            INSERT INTO energi_records (\(Self.columns))
            SELECT \(Self.columns) FROM energi_staging
            ON CONFLICT (natural_key) DO NOTHING
            RETURNING natural_key
            """)
        var fresh = Set<String>(minimumCapacity: result.count)
        for row in result.rows { if let key = row[0].string { fresh.insert(key) } }
        // A key repeated inside the batch is stored once: keep its first row.
        var inserted: [StoreRow] = []
        inserted.reserveCapacity(fresh.count)
        for row in rows where fresh.remove(row.naturalKey) != nil { inserted.append(row) }
        return inserted
    }

    private func copy(_ rows: [StoreRow], into table: String, _ tx: PostgresConnection) throws {
        try tx.copyIn("COPY \(table) (\(Self.columns)) FROM STDIN") { writer in
            for row in rows {
                writer.append(row.time)
                writer.append(row.area)
                writer.append(row.productionMWh)
                writer.append(row.priceEUR)
                writer.append(row.productionType)
                writer.append(row.source)
                writer.append(utf8: row.payload)
                writer.append(row.naturalKey)
                writer.append(row.dataset)
                writer.append(row.intervalSeconds)
                writer.append(row.countsInTotals)
                writer.append(row.partition.map(Int64.init))
                writer.append(row.offset)
                try writer.endRow()
            }
        }
    }

    private func insertRejects(_ rejects: [RejectRow], _ tx: PostgresConnection) throws -> Int {
        var count = 0
        for reject in rejects {
            count += try tx.execute("""
                INSERT INTO energi_rejects (source, kafka_partition, kafka_offset, message_key, raw, reason)
                VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (source, kafka_partition, kafka_offset) DO NOTHING
                """, [
                    .text(reject.source),
                    reject.partition.map { .int(Int64($0)) } ?? .null,
                    reject.offset.map { .int($0) } ?? .null,
                    reject.key.map { .bytes($0) } ?? .null,
                    .bytes(reject.raw),
                    .text(reject.reason),
                ])
        }
        return count
    }

    private func saveOffsets(_ offsets: [PartitionOffset], group: String, _ tx: PostgresConnection) throws {
        try tx.execute("""
            INSERT INTO energi_consumer_offsets (group_id, topic, "partition", next_offset)
            SELECT $1, t, p, o FROM unnest($2::text[], $3::int[], $4::bigint[]) AS x(t, p, o)
            ON CONFLICT (group_id, topic, "partition")
            DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
            """, [
                .text(group),
                .array(offsets.map(\.topic)),
                .array(offsets.map { String($0.partition) }),
                .array(offsets.map { String($0.nextOffset) }),
            ])
    }
}
