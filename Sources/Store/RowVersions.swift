import Basics
import Foundation
import Postgres
import Tabular

/// Versions of one observation: DeclarationProduction publishes an hour as
/// Preliminary and may revise it later, and Version is part of the natural
/// key, so both rows are stored. Only the newest may count in totals.
///
/// "Newest": the highest version — Final above any other name, Preliminary
/// and Initial below any other — and between equal ones the row that came
/// later: this transaction's rows above the rows stored before (the cell's
/// day is locked while ranking, see `DayLocks`, so "before" is the order
/// transactions wrote the day in, whatever their start times), then the
/// later Kafka offset. Older versions get `counts_in_totals =
/// false`, so the daily rollup and sums over raw rows both count each hour,
/// type, fuel allocation method and delivery type once. Rows whose keys differ
/// only in the last part (`StoreRow.version`) are versions of one another.
///
/// Cheap when there is nothing to do, which is nearly always: before a batch
/// is inserted, one index probe per (area, hour) cell finds the cells that
/// hold rows already; only those, the cells where the batch itself brings two
/// versions, and the cells of days another transaction wrote meanwhile
/// (`DayLocks`) are ranked after the insert.
/// (A version text holding `|` — never seen — would be cut at its own bar.)
enum RowVersions {
    /// The (area, time) cells of `rows`' versioned rows that must be ranked
    /// once the batch is inserted: those already holding rows of the dataset
    /// (usually none, or the one hour a batch boundary split) and those where
    /// the batch itself brings two versions. Nil when none must. Call before inserting.
    static func cellsToRank(_ rows: EncodedRows, _ tx: PostgresConnection) throws -> Cells? {
        let all = rows.versionCells
        guard !all.isEmpty else { return nil }
        // LATERAL … LIMIT 1: one index probe per cell, never a scan of the table.
        let stored = try tx.query("""
            SELECT c.i FROM unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS c(a, t, i)
            CROSS JOIN LATERAL (
                SELECT 1 FROM energi_records r
                WHERE r.price_area = c.a AND r."timestamp" = to_timestamp(c.t) AND r.dataset = ANY($3::text[])
                LIMIT 1
            ) r
            """, all.parameters)
        var cells = rows.repeatedVersionCells
        for row in stored.rows {
            if let i = row[0].int, i >= 1, i <= all.count {
                cells.insert(area: all.areas[Int(i) - 1], epochSeconds: all.seconds[Int(i) - 1], datasets: all.datasets)
            }
        }
        return cells.isEmpty ? nil : cells
    }

    /// Ranks the versions in `cells`; returns how many rows stopped counting, and their days.
    @discardableResult
    static func markSuperseded(_ cells: Cells, _ tx: PostgresConnection) throws -> (count: Int, days: Set<DailyRollup.AreaDay>) {
        let result = try tx.query("""
            WITH cells AS (
                SELECT DISTINCT a, to_timestamp(t) AS t FROM unnest($1::text[], $2::bigint[]) AS c(a, t)
            ),
            candidates AS (
                SELECT r.price_area, r."timestamp", r.natural_key, r.stored_at, r.kafka_offset,
                       strpos(reverse(r.natural_key), '|') AS cut
                FROM cells c CROSS JOIN LATERAL (
                    SELECT x.price_area, x."timestamp", x.natural_key, x.stored_at, x.kafka_offset FROM energi_records x
                    WHERE x.price_area = c.a AND x."timestamp" = c.t AND x.dataset = ANY($3::text[]) AND x.counts_in_totals
                    OFFSET 0
                ) r
            ),
            ranked AS (
                SELECT price_area, "timestamp", natural_key, row_number() OVER (
                           PARTITION BY left(natural_key, length(natural_key) - cut)
                           ORDER BY CASE lower(right(natural_key, cut - 1))
                                        WHEN 'final' THEN 3 WHEN 'preliminary' THEN 1 WHEN 'initial' THEN 1 ELSE 2 END DESC,
                                    (stored_at = now()) DESC, kafka_offset DESC NULLS LAST, natural_key DESC
                       ) AS newness
                FROM candidates
            ),
            -- Matched on the whole key (area, time, natural key): one probe of the key index per row.
            superseded AS (
                UPDATE energi_records r SET counts_in_totals = false
                FROM ranked k
                WHERE k.newness > 1
                  AND r.price_area = k.price_area AND r."timestamp" = k."timestamp" AND r.natural_key = k.natural_key
                RETURNING r."timestamp", r.price_area
            )
            SELECT \(DailyRollup.danishDay("\"timestamp\""))::text, price_area, count(*) FROM superseded GROUP BY 1, 2
            """, cells.parameters)
        return DailyRollup.countedAreaDays(result)
    }

    /// Distinct (area, time) cells and the datasets of their rows.
    struct Cells: Sendable {
        private struct Cell: Hashable {
            var area: String
            var seconds: Int64
        }

        private var seen = Set<Cell>()
        private(set) var areas: [String] = []
        private(set) var seconds: [Int64] = []
        private(set) var datasets = Set<String>()
        private var lastDataset: String?

        var isEmpty: Bool { areas.isEmpty }
        var count: Int { areas.count }

        mutating func insert(area: String, time: Date, dataset: String) {
            // Rows come hour by hour: most repeat the cell and dataset before them.
            if dataset != lastDataset {
                datasets.insert(dataset)
                lastDataset = dataset
            }
            let epoch = Int64(time.timeIntervalSince1970.rounded(.down))
            if epoch == seconds.last, area == areas.last { return }
            insert(area: area, epochSeconds: epoch)
        }

        mutating func insert(area: String, epochSeconds: Int64, datasets more: Set<String> = []) {
            datasets.formUnion(more)
            if seen.insert(Cell(area: area, seconds: epochSeconds)).inserted {
                areas.append(area)
                seconds.append(epochSeconds)
            }
        }

        /// The Danish days the cells fall in.
        var days: Set<DailyRollup.AreaDay> {
            var days = Set<DailyRollup.AreaDay>()
            for (area, epoch) in zip(areas, seconds) {
                days.insert(DailyRollup.AreaDay(day: Day(containing: Date(timeIntervalSince1970: Double(epoch)), in: .copenhagen),
                                                area: area))
            }
            return days
        }

        /// The cells that fall in `days`; nil when none do.
        func within(_ days: Set<DailyRollup.AreaDay>) -> Cells? {
            var result = Cells()
            result.datasets = datasets
            for (area, epoch) in zip(areas, seconds) {
                let day = Day(containing: Date(timeIntervalSince1970: Double(epoch)), in: .copenhagen)
                if days.contains(DailyRollup.AreaDay(day: day, area: area)) { result.insert(area: area, epochSeconds: epoch) }
            }
            return result.isEmpty ? nil : result
        }

        func contains(area: String, epochSeconds: Int64) -> Bool {
            seen.contains(Cell(area: area, seconds: epochSeconds))
        }

        func union(_ other: Cells) -> Cells {
            var result = self
            for (area, seconds) in zip(other.areas, other.seconds) {
                result.insert(area: area, epochSeconds: seconds, datasets: other.datasets)
            }
            return result
        }

        /// $1 areas, $2 times (seconds since 1970), $3 datasets.
        var parameters: [PostgresValue] {
            [.array(areas), .array(seconds.map { String($0) }), .array(datasets.sorted())]
        }
    }
}
