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
        /// Stored rows that stopped counting because a newer version arrived.
        public var superseded = 0
        /// Seconds spent storing the rows, refreshing the rollup, and in the whole transaction.
        public var insertSeconds = 0.0
        public var rollupSeconds = 0.0
        public var totalSeconds = 0.0

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
        let began = ContinuousClock.now
        var summary = try transaction { tx in
            let insertion = try insert(rows, in: tx)
            return try complete(insertion, rejects: rejects, offsets: offsets, consumerGroup: consumerGroup, in: tx)
        }
        summary.totalSeconds = Self.seconds(since: began)
        return summary
    }

    // MARK: A batch in steps (for writers that overlap batches)

    /// Rows inserted in an open transaction, waiting for `complete`.
    public struct Insertion: Sendable {
        /// The rows that were new (a key repeated in the batch counts once).
        public let stored: [StoreRow]
        /// Rows whose key was stored already.
        public let duplicates: Int
        let versionCells: RowVersions.Cells?
        let versioned: [StoreRow]
        let seconds: Double
    }

    /// Runs `body` in a transaction on this writer's connection; a PostgreSQL
    /// error comes out as a `StoreError` (connection problems included).
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            return try connection.transaction(body)
        } catch let error as PostgresError {
            throw StoreError(.database, "could not store the batch: \(error.message)", cause: error)
        }
    }

    /// Step 1, inside `transaction`: inserts the rows whose keys are new.
    public func insert(_ rows: [StoreRow], in tx: PostgresConnection) throws -> Insertion {
        try storeErrors {
            let began = ContinuousClock.now
            let cells = try RowVersions.cellsToRank(rows, tx)
            let stored = try insertNew(rows, tx)
            return Insertion(stored: stored, duplicates: rows.count - stored.count, versionCells: cells,
                             versioned: stored.filter { $0.version != nil }, seconds: Self.seconds(since: began))
        }
    }

    /// Step 2, inside the same transaction: versions, rejects, offsets and
    /// the daily rollup. `concurrent` are batches another connection may have
    /// been writing at the same time (and committed since): versions they share
    /// with this one are ranked too, which their inserts could not see.
    public func complete(_ insertion: Insertion, rejects: [RejectRow] = [], offsets: [PartitionOffset] = [],
                         consumerGroup: String? = nil, concurrent: [[StoreRow]] = [],
                         in tx: PostgresConnection) throws -> Summary {
        try storeErrors {
            var summary = Summary()
            summary.insertSeconds = insertion.seconds
            summary.inserted = insertion.stored.count
            summary.duplicates = insertion.duplicates
            var cells = insertion.versionCells
            if !concurrent.isEmpty, let shared = RowVersions.sharedCells(insertion.versioned, concurrent) {
                cells = cells.map { $0.union(shared) } ?? shared
            }
            if let cells { summary.superseded = try RowVersions.markSuperseded(cells, tx) }
            summary.rejected = try insertRejects(rejects, tx)
            if let consumerGroup, !offsets.isEmpty {
                try saveOffsets(offsets, group: consumerGroup, tx)
            }
            let rollupStart = ContinuousClock.now
            summary.daysRefreshed = try DailyRollup.refresh(DailyRollup.affectedDays(of: insertion.stored), tx)
            summary.rollupSeconds = Self.seconds(since: rollupStart)
            return summary
        }
    }

    private func storeErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw StoreError(.database, "could not store the batch: \(error.message)", cause: error)
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let (s, atto) = (ContinuousClock.now - start).components
        return Double(s) + Double(atto) / 1e18
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
            ON CONFLICT (price_area, "timestamp", natural_key) DO NOTHING
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

    /// Binary COPY: the server parses no text, and payloads go as they are.
    private func copy(_ rows: [StoreRow], into table: String, _ tx: PostgresConnection) throws {
        try tx.copyInBinary("COPY \(table) (\(Self.columns)) FROM STDIN (FORMAT binary)") { writer in
            for index in rows.indices {
                try Self.append(rows[index], to: &writer)
            }
        }
    }

    /// One row in the order of `columns`, each field in its column's type.
    @inline(__always)
    private static func append(_ row: StoreRow, to writer: inout PostgresBinaryCopyWriter) throws {
        writer.appendTimestamptz(row.time)
        writer.appendText(row.area)
        writer.appendFloat8(row.productionMWh)
        writer.appendFloat8(row.priceEUR)
        writer.appendText(row.productionType)
        writer.appendText(row.source)
        row.payload.withUnsafeBufferPointer { writer.appendJSON(utf8: $0) }
        writer.appendText(row.naturalKey)
        writer.appendText(row.dataset)
        writer.appendInt4(Int32(clamping: row.intervalSeconds))
        writer.appendBool(row.countsInTotals)
        writer.appendInt4(row.partition)
        writer.appendInt8(row.offset)
        try writer.endRow()
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
