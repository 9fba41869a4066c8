import Foundation
import Postgres
import Store
import Query
import Tabular

/// For scripts/bench: `daily` (the rollup, O(days)) against the same
/// figures computed by GROUP BY over the raw rows (O(rows)). Times both
/// statements as the executor runs them (through the planner's SQL, all
/// rows fetched) and checks the numbers agree. Prints nothing; the caller
/// reports. Not used in tests' timing (speed is measured, not asserted).
public enum StoreBenchmark {
    public struct Result: Sendable {
        /// Best wall time of `daily` over the repetitions, in seconds.
        public var dailySeconds: Double
        /// Best wall time of the raw GROUP BY, in seconds.
        public var rawSeconds: Double
        /// Rows (day, area) each returned.
        public var rows: Int
        /// True when both gave the same days and areas with the same figures (within 1e-6 relative).
        public var same: Bool
        /// The largest relative difference between corresponding figures.
        public var maxRelativeDifference: Double

        public var speedup: Double { dailySeconds > 0 ? rawSeconds / dailySeconds : .infinity }
    }

    /// The same figures as `daily` (day, area, price, min_price, max_price,
    /// production) straight from `energi_records`: prices time-weighted per
    /// Danish day, production from one dataset per day and area (most hours;
    /// ties to settlement, then declaration), as the rollup defines it.
    public static let rawDailySQL: String = {
        let r = RecordsSQL("r")
        return """
            WITH prices AS (
              SELECT \(r.danishDay) AS day, \(r.area) AS price_area,
                     \(r.averagePrice) AS price,
                     min(\(r.price)) AS min_price, max(\(r.price)) AS max_price
              FROM \(r.from)
              WHERE \((r.isPrice + ["\(r.area) = ANY($1::text[])"]).joined(separator: " AND "))
              GROUP BY 1, 2
            ), per_dataset AS (
              SELECT \(r.danishDay) AS day, \(r.area) AS price_area, \(r.dataset) AS dataset,
                     count(DISTINCT \(r.time)) AS hours, sum(\(r.production)) AS total
              FROM \(r.from)
              WHERE \((r.isCountedProduction + ["\(r.area) = ANY($1::text[])"]).joined(separator: " AND "))
              GROUP BY 1, 2, 3
            ), production AS (
              SELECT DISTINCT ON (day, price_area) day, price_area, total
              FROM per_dataset
              ORDER BY day, price_area, \(DailyRules.chosenDatasetOrderSQL(hours: "hours", dataset: "dataset"))
            )
            SELECT coalesce(p.day, q.day) AS day, coalesce(p.price_area, q.price_area) AS area,
                   p.price, p.min_price, p.max_price, q.total AS production
            FROM prices AS p FULL JOIN production AS q ON q.day = p.day AND q.price_area = p.price_area
            ORDER BY 1, coalesce(p.price_area, q.price_area) COLLATE "C"
            """
    }()

    /// Runs `daily area=<areas>` and the raw GROUP BY `repetitions` times each on `connection`.
    public static func dailyVersusRaw(connection: PostgresConnection, areas: [String] = ["DK1", "DK2"],
                                      repetitions: Int = 5) throws -> Result {
        let text = "daily area=" + areas.joined(separator: ",") + " | select day area price min_price max_price production"
        let source = SourceText(text)
        let executor = Executor()
        guard case .pipeline(let pipeline)? = try Parser.parse(source, stages: executor.registry).statements.first else {
            throw ExecutionError(.internal, "cannot parse \(text)")
        }
        let bound = try Binder(stages: executor.registry, source: source).bind(pipeline)
        guard let statement = try executor.plan(bound, source: source, context: ExecutionContext()).statement else {
            throw ExecutionError(.internal, "daily did not plan a statement")
        }
        func best(_ body: () throws -> PostgresResult) throws -> (Double, PostgresResult) {
            var fastest = Double.infinity
            var last: PostgresResult?
            for _ in 0..<max(1, repetitions) {
                let start = Date()
                last = try body()
                fastest = min(fastest, Date().timeIntervalSince(start))
            }
            guard let last else { throw ExecutionError(.internal, "no repetition ran") }
            return (fastest, last)
        }
        let (dailySeconds, daily) = try best { try connection.query(statement.sql, statement.parameters) }
        let (rawSeconds, raw) = try best { try connection.query(rawDailySQL, [.array(areas)]) }
        var same = daily.count == raw.count
        var worst = 0.0
        for (a, b) in zip(daily.rows, raw.rows) {
            if a[0] != b[0] || a[1] != b[1] { same = false }
            for i in 2..<6 {
                switch (a[i].double, b[i].double) {
                case (nil, nil): continue
                case let (x?, y?):
                    let difference = abs(x - y) / max(1, abs(x), abs(y))
                    worst = max(worst, difference)
                    if difference > 1e-6 { same = false }
                default: same = false
                }
            }
        }
        return Result(dailySeconds: dailySeconds, rawSeconds: rawSeconds, rows: daily.count, same: same,
                      maxRelativeDifference: worst)
    }
}
