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
        /// (day, area) rollup rows refreshed …
        public var daysRefreshed = 0
        /// … of which written from the batch's own sums, not read back (see `refreshRollup`).
        public var daysFromBatchSums = 0
        /// Stored rows that stopped counting because a newer version arrived.
        public var superseded = 0
        /// Days another transaction wrote while this one inserted (recomputed, not summed).
        public var daysContended = 0
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
    /// `payload`'s place in `columns`.
    static let payloadColumn = 6

    /// Writes one batch. When `offsets` are given they are saved for
    /// `consumerGroup` in the same transaction, so a crash after the commit
    /// never replays these rows and a crash before it stores none of them.
    @discardableResult
    public func write(_ rows: [StoreRow], rejects: [RejectRow] = [], offsets: [PartitionOffset] = [],
                      consumerGroup: String? = nil, gaps: [OffsetGap] = []) throws -> Summary {
        try write(EncodedRows(rows), rejects: rejects, offsets: offsets, consumerGroup: consumerGroup, gaps: gaps)
    }

    /// `write` for rows already encoded.
    @discardableResult
    public func write(_ rows: EncodedRows, rejects: [RejectRow] = [], offsets: [PartitionOffset] = [],
                      consumerGroup: String? = nil, gaps: [OffsetGap] = []) throws -> Summary {
        let began = ContinuousClock.now
        var summary = try transaction { tx in
            let insertion = try insert(rows, in: tx)
            return try complete(insertion, rejects: rejects, offsets: offsets, consumerGroup: consumerGroup,
                                gaps: gaps, in: tx)
        }
        summary.totalSeconds = Self.seconds(since: began)
        return summary
    }

    // MARK: A batch in steps (for writers that overlap batches)

    /// Rows inserted in an open transaction, waiting for `complete`.
    public struct Insertion: Sendable {
        /// Rows that were new (a key repeated in the batch counts once).
        public let inserted: Int
        /// Rows whose key was stored already (or came twice in the batch).
        public let duplicates: Int
        let rows: EncodedRows
        /// The days of the rows that went in.
        let daysInserted: Set<DailyRollup.AreaDay>
        /// Version cells that held rows before the insert, or that the batch brings twice.
        let cellsToRank: RowVersions.Cells?
        /// The days as they were before the insert (see `DayLocks`).
        let before: DayLocks.Snapshot
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

    /// Step 1, inside `transaction`: inserts the rows whose keys are new. Takes
    /// no day locks, so that batches' inserts overlap.
    public func insert(_ rows: EncodedRows, in tx: PostgresConnection) throws -> Insertion {
        try storeErrors {
            let began = ContinuousClock.now
            let before = try DayLocks.snapshot(rows.affectedDays, tx)
            let cells = try RowVersions.cellsToRank(rows, tx)
            let inserted = try insertNew(rows, tx)
            return Insertion(inserted: inserted.count, duplicates: rows.count - inserted.count, rows: rows,
                             daysInserted: inserted.days ?? rows.affectedDays, cellsToRank: cells,
                             before: before, seconds: Self.seconds(since: began))
        }
    }

    /// Step 2, inside the same transaction: locks the batch's days (waiting for
    /// any other transaction writing them to commit), then versions, rejects,
    /// offsets and the daily rollup. Commit soon after: the days stay locked
    /// until then.
    public func complete(_ insertion: Insertion, rejects: [RejectRow] = [], offsets: [PartitionOffset] = [],
                         consumerGroup: String? = nil, gaps: [OffsetGap] = [],
                         in tx: PostgresConnection) throws -> Summary {
        try storeErrors {
            var summary = Summary()
            summary.insertSeconds = insertion.seconds
            summary.inserted = insertion.inserted
            summary.duplicates = insertion.duplicates
            let days = insertion.rows.affectedDays
            try DayLocks.lock(days, tx)
            // Days written by someone else since the snapshot: what was learned then is stale.
            let contended = try DayLocks.changedSince(insertion.before, days, tx)
            summary.daysContended = contended.count
            var cells = insertion.cellsToRank
            if !contended.isEmpty, let stale = insertion.rows.versionCells.within(contended) {
                cells = cells.map { $0.union(stale) } ?? stale
            }
            var changedDays = insertion.daysInserted
            if let cells {
                let superseded = try RowVersions.markSuperseded(cells, tx)
                summary.superseded = superseded.count
                changedDays.formUnion(superseded.days)
            }
            summary.rejected = try insertRejects(rejects, tx)
            if let consumerGroup {
                if !offsets.isEmpty { try saveOffsets(offsets, group: consumerGroup, tx) }
                if !gaps.isEmpty { try OffsetGap.save(gaps, group: consumerGroup, tx) }
            }
            let rollupStart = ContinuousClock.now
            (summary.daysRefreshed, summary.daysFromBatchSums) = try refreshRollup(
                changedDays, insertion, rankedDays: cells?.days ?? [], contended: contended, tx)
            summary.rollupSeconds = Self.seconds(since: rollupStart)
            return summary
        }
    }

    /// The rollup of the days where rows went in or stopped counting (a day
    /// whose rows were all there already is left as it is). A day whose
    /// stored rows are exactly this batch's rows is written from the batch's
    /// own sums: that holds when the day held no rows before, every row of the
    /// batch went in, no versions of the day were ranked, and nobody wrote the
    /// day between the snapshot and the lock. Every other day is recomputed
    /// from the stored rows, which this transaction, holding the day's lock,
    /// now sees in full.
    private func refreshRollup(_ days: Set<DailyRollup.AreaDay>, _ insertion: Insertion,
                               rankedDays: Set<DailyRollup.AreaDay>, contended: Set<DailyRollup.AreaDay>,
                               _ tx: PostgresConnection) throws -> (all: Int, fromBatch: Int) {
        guard !days.isEmpty else { return (0, 0) }
        var fromBatch = Set<DailyRollup.AreaDay>()
        if insertion.rows.dailyIsExact, insertion.duplicates == 0 {
            fromBatch = days.subtracting(insertion.before.holding).subtracting(rankedDays).subtracting(contended)
        }
        let written = try DailyRollup.write(insertion.rows.daily, for: fromBatch, tx)
        return (try DailyRollup.refresh(days.subtracting(fromBatch), tx) + written, written)
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

    /// Inserts the rows whose keys are new; returns how many, and the days
    /// they fall in (nil: every row went in, so all the batch's days). The
    /// fast path copies straight into the table; a key that is already there
    /// makes that fail, and then the batch goes through a staging table and ON CONFLICT.
    private func insertNew(_ rows: EncodedRows, _ tx: PostgresConnection) throws -> (count: Int, days: Set<DailyRollup.AreaDay>?) {
        guard !rows.isEmpty else { return (0, []) }
        try tx.execute("SAVEPOINT energi_fast_copy")
        do {
            try copy(rows, into: "energi_records", tx)
            try tx.execute("RELEASE SAVEPOINT energi_fast_copy")
            return (rows.count, nil)
        } catch let error as PostgresError where error.sqlState == PostgresError.uniqueViolation {
            try tx.execute("ROLLBACK TO SAVEPOINT energi_fast_copy")
        }
        try tx.execute("""
            CREATE TEMP TABLE IF NOT EXISTS energi_staging
            (LIKE energi_records INCLUDING DEFAULTS) ON COMMIT DELETE ROWS
            """)
        try copy(rows, into: "energi_staging", tx)
        // A key repeated inside the batch is stored once: the first row (in
        // staging order) goes in, the later one meets it and does nothing.
        let inserted = try tx.query("""
            WITH inserted AS (
                INSERT INTO energi_records (\(Self.columns))
                SELECT \(Self.columns) FROM energi_staging
                ON CONFLICT (price_area, "timestamp", natural_key) DO NOTHING
                RETURNING "timestamp", price_area
            )
            SELECT \(DailyRollup.danishDay("timestamp"))::text, price_area, count(*) FROM inserted GROUP BY 1, 2
            """)
        let counted = DailyRollup.countedAreaDays(inserted)
        return (counted.count, counted.days)
    }

    /// Binary COPY of rows encoded beforehand: the server parses no text.
    private func copy(_ rows: EncodedRows, into table: String, _ tx: PostgresConnection) throws {
        try tx.copyInBinary("COPY \(table) (\(Self.columns)) FROM STDIN (FORMAT binary)") { writer in
            try writer.appendRows(rows.encoded)
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
            INSERT INTO energi_consumer_offsets AS c (group_id, topic, "partition", next_offset, last_event_time)
            SELECT $1, t, p, o, to_timestamp(e) FROM unnest($2::text[], $3::int[], $4::bigint[], $5::float8[]) AS x(t, p, o, e)
            ON CONFLICT (group_id, topic, "partition") DO UPDATE SET
                next_offset = EXCLUDED.next_offset,
                last_event_time = coalesce(EXCLUDED.last_event_time, c.last_event_time),
                updated_at = now()
            """, [
                .text(group),
                .array(offsets.map(\.topic)),
                .array(offsets.map { String($0.partition) }),
                .array(offsets.map { String($0.nextOffset) }),
                .array(offsets.map { $0.lastEventTime.map { String($0.timeIntervalSince1970) } }),
            ])
    }
}
