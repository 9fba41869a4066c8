import Basics
import Foundation
import Postgres
import Tabular

/// Maintains `energi_daily`: per Danish calendar day (Europe/Copenhagen, so 23,
/// 24 or 25 hours) and area, the time-weighted average, min and max price, and
/// the production total and mix. Computed afresh for the days a batch touched,
/// inside the batch's transaction and holding those days' locks (`DayLocks`),
/// so it is always what the raw rows say — never drifted by replays or by
/// other consumers writing the same days: from the stored rows (`refresh`),
/// or, for a day whose rows all came in this batch, from the batch's own sums
/// (`write`), which saves reading the day back. Each write bumps the day's
/// `revision`.
///
/// Only rows with `counts_in_totals` count: not DeclarationProduction's
/// 125%/200% repeats, and not versions superseded by a newer one (see `RowVersions`).
///
/// Production: when several production datasets cover one day and area (e.g.
/// DeclarationProduction and ElectricityBalanceNonv), adding them would count
/// the same energy twice, so one is chosen (`DailyRules`).
public enum DailyRollup {
    public struct AreaDay: Hashable, Sendable {
        public var day: Day
        public var area: String

        public init(day: Day, area: String) {
            self.day = day
            self.area = area
        }
    }

    /// Recomputes the given days from the stored rows; returns how many rollup rows were written.
    @discardableResult
    public static func refresh(_ days: Set<AreaDay>, _ connection: PostgresConnection) throws -> Int {
        guard !days.isEmpty else { return 0 }
        let ordered = days.sorted { ($0.day, $0.area) < ($1.day, $1.area) }
        return try connection.execute(fromStoredRows + "\n" + tail, [
            .array(ordered.map { $0.day.description }),
            .array(ordered.map(\.area)),
        ])
    }

    /// Writes the rollup of `days` from a batch's sums: right only for days
    /// whose stored rows are exactly the batch's rows (see `RecordWriter`).
    @discardableResult
    static func write(_ parts: DailyParts, for days: Set<AreaDay>, _ connection: PostgresConnection) throws -> Int {
        guard !days.isEmpty else { return 0 }
        let ordered = days.sorted { ($0.day, $0.area) < ($1.day, $1.area) }
        let prices = parts.prices.filter { days.contains($0.key) }
        let groups = parts.production.filter { days.contains(AreaDay(day: $0.day, area: $0.area)) }
        var types: [(group: DailyParts.Production, type: String, mwh: Double)] = []
        for group in groups {
            for (type, mwh) in zip(group.types, group.mwh) { types.append((group, type, mwh)) }
        }
        return try connection.execute(fromBatchSums + "\n" + tail, [
            .array(ordered.map { $0.day.description }),
            .array(ordered.map(\.area)),
            .array(prices.map { $0.key.day.description }),
            .array(prices.map(\.key.area)),
            .array(prices.map { String($0.value.weighted) }),
            .array(prices.map { String($0.value.seconds) }),
            .array(prices.map { String($0.value.min) }),
            .array(prices.map { String($0.value.max) }),
            .array(prices.map { String($0.value.intervals) }),
            .array(types.map { $0.group.day.description }),
            .array(types.map(\.group.area)),
            .array(types.map(\.group.dataset)),
            .array(types.map(\.type)),
            .array(types.map { String($0.mwh) }),
            .array(groups.map { $0.day.description }),
            .array(groups.map(\.area)),
            .array(groups.map(\.dataset)),
            .array(groups.map { String($0.hours.count) }),
        ])
    }

    /// SQL for the Danish calendar day of a timestamptz expression, as the rollup counts days.
    static func danishDay(_ expression: String) -> String {
        DailyRules.danishDaySQL(expression)
    }

    /// The (day, area) pairs in the first two columns of `result` (day as text).
    static func areaDays(_ result: PostgresResult) -> Set<AreaDay> {
        var days = Set<AreaDay>()
        for row in result.rows {
            if let text = row[0].string, let day = Day(text), let area = row[1].string {
                days.insert(AreaDay(day: day, area: area))
            }
        }
        return days
    }

    /// For a result of (day as text, area, count) per day: the counts' sum and the days.
    static func countedAreaDays(_ result: PostgresResult) -> (count: Int, days: Set<AreaDay>) {
        (result.rows.reduce(0) { $0 + Int($1[2].int ?? 0) }, areaDays(result))
    }

    /// Recomputes every day in the store (after a manual repair, say).
    @discardableResult
    public static func rebuild(_ connection: PostgresConnection) throws -> Int {
        let result = try connection.query("""
            SELECT DISTINCT \(danishDay("\"timestamp\""))::text, price_area FROM energi_records
            """)
        return try refresh(areaDays(result), connection)
    }

    /// The day's sums, read from the stored rows (see `tail` for the rest).
    static let fromStoredRows = """
        WITH affected AS (
            SELECT DISTINCT d AS day, a AS price_area,
                   \(DailyRules.dayStartSQL("d")) AS day_start,
                   \(DailyRules.dayStartSQL("(d + 1)")) AS day_end
            FROM unnest($1::date[], $2::text[]) AS t(d, a)
        ),
        -- One index range scan per affected day, reading its prices and its
        -- counted production together. LATERAL … OFFSET 0 keeps it so: a plain
        -- join (or a LATERAL the planner flattens into one) lets it pick a
        -- sequential scan of all of energi_records once the table has
        -- statistics, and the rollup would grow with the store.
        day_rows AS MATERIALIZED (
            SELECT a.day, a.price_area, r.spot_price_eur, r.interval_seconds, r.dataset, r.production_type,
                   r."timestamp", r.production_mwh
            FROM affected a
            CROSS JOIN LATERAL (
                SELECT x.spot_price_eur, x.interval_seconds, x.dataset, x.production_type, x."timestamp",
                       CASE WHEN x.counts_in_totals THEN x.production_mwh END AS production_mwh
                FROM energi_records x
                WHERE x.price_area = a.price_area AND x."timestamp" >= a.day_start AND x."timestamp" < a.day_end
                  AND (x.spot_price_eur IS NOT NULL OR (x.production_mwh IS NOT NULL AND x.counts_in_totals))
                OFFSET 0
            ) r
        ),
        prices AS (
            SELECT day, price_area,
                   \(DailyRules.timeWeightedSQL(price: "spot_price_eur", seconds: "interval_seconds")) AS avg_price,
                   min(spot_price_eur) AS min_price,
                   max(spot_price_eur) AS max_price,
                   count(*) AS intervals
            FROM day_rows
            WHERE spot_price_eur IS NOT NULL
            GROUP BY day, price_area
        ),
        production AS (
            SELECT day, price_area, dataset, production_type, "timestamp", production_mwh
            FROM day_rows
            WHERE production_mwh IS NOT NULL
        ),
        -- Hash aggregates only (no sorts): this runs for every batch.
        by_dataset_type AS MATERIALIZED (
            SELECT day, price_area, dataset, production_type, sum(production_mwh) AS mwh
            FROM production GROUP BY day, price_area, dataset, production_type
        ),
        hours AS (
            SELECT day, price_area, dataset, count(*) AS hours
            FROM (SELECT DISTINCT day, price_area, dataset, "timestamp" FROM production) h
            GROUP BY day, price_area, dataset
        ),
        """

    /// The day's sums given by a batch (`DailyParts`): $1/$2 the days and areas,
    /// $3…$9 price sums, $10…$14 production per dataset and type, $15…$18
    /// hours per dataset.
    static let fromBatchSums = """
        WITH affected AS (
            SELECT DISTINCT d AS day, a AS price_area FROM unnest($1::date[], $2::text[]) AS t(d, a)
        ),
        prices AS (
            SELECT d AS day, a AS price_area, w / nullif(s, 0) AS avg_price, mn AS min_price, mx AS max_price, n AS intervals
            FROM unnest($3::date[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::int[])
                 AS p(d, a, w, s, mn, mx, n)
        ),
        by_dataset_type AS (
            SELECT d AS day, a AS price_area, ds AS dataset, ty AS production_type, m AS mwh
            FROM unnest($10::date[], $11::text[], $12::text[], $13::text[], $14::float8[]) AS t(d, a, ds, ty, m)
        ),
        hours AS (
            SELECT d AS day, a AS price_area, ds AS dataset, n AS hours
            FROM unnest($15::date[], $16::text[], $17::text[], $18::int[]) AS h(d, a, ds, n)
        ),
        """

    /// From the days' sums (CTEs affected, prices, by_dataset_type, hours)
    /// to their rollup rows: the production dataset chosen, the mix, the upsert.
    static let tail = """
        per_dataset AS (
            SELECT t.day, t.price_area, t.dataset, h.hours, sum(t.mwh) AS total
            FROM by_dataset_type t JOIN hours h USING (day, price_area, dataset)
            GROUP BY t.day, t.price_area, t.dataset, h.hours
        ),
        chosen AS (
            SELECT DISTINCT ON (day, price_area) day, price_area, dataset, hours, total
            FROM per_dataset
            ORDER BY day, price_area, \(DailyRules.chosenDatasetOrderSQL(hours: "hours", dataset: "dataset"))
        ),
        by_type AS (
            SELECT t.day, t.price_area, jsonb_object_agg(t.production_type, t.mwh ORDER BY t.production_type) AS types
            FROM by_dataset_type t JOIN chosen c USING (day, price_area, dataset)
            GROUP BY t.day, t.price_area
        )
        INSERT INTO energi_daily AS d (day, price_area, total_production_mwh, production_by_type, production_dataset,
                                       production_hours, avg_price_eur, min_price_eur, max_price_eur, price_intervals, updated_at,
                                       revision)
        SELECT a.day, a.price_area, c.total, bt.types, c.dataset, coalesce(c.hours, 0),
               p.avg_price, p.min_price, p.max_price, coalesce(p.intervals, 0), now(), 1
        FROM affected a
        LEFT JOIN prices p USING (day, price_area)
        LEFT JOIN chosen c USING (day, price_area)
        LEFT JOIN by_type bt USING (day, price_area)
        ON CONFLICT (day, price_area) DO UPDATE SET
            total_production_mwh = EXCLUDED.total_production_mwh,
            production_by_type   = EXCLUDED.production_by_type,
            production_dataset   = EXCLUDED.production_dataset,
            production_hours     = EXCLUDED.production_hours,
            avg_price_eur        = EXCLUDED.avg_price_eur,
            min_price_eur        = EXCLUDED.min_price_eur,
            max_price_eur        = EXCLUDED.max_price_eur,
            price_intervals      = EXCLUDED.price_intervals,
            updated_at           = now(),
            revision             = d.revision + 1
        """
}
