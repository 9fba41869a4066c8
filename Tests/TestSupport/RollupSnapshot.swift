import Foundation
import Postgres
import Store

/// `energi_daily` as text, figures rounded (9 decimals for prices, 6 for
/// MWh), for comparing the rollup kept batch by batch with one recomputed
/// from the stored rows: the two add the same numbers in different orders.
public enum RollupSnapshot {
    public static func take(_ connection: PostgresConnection) throws -> [String] {
        try connection.query("""
            SELECT day::text, price_area, round(avg_price_eur::numeric, 9)::text, min_price_eur, max_price_eur,
                   price_intervals, round(total_production_mwh::numeric, 6)::text, production_hours, production_dataset,
                   (SELECT string_agg(key || '=' || round(value::numeric, 6)::text, ',' ORDER BY key)
                    FROM jsonb_each_text(production_by_type))
            FROM energi_daily ORDER BY 1, 2
            """).rows.map { "\($0.values)" }
    }

    /// The snapshot after recomputing every day from the stored rows, the
    /// store left as it was (the recompute is rolled back).
    public static func recomputed(_ connection: PostgresConnection) throws -> [String] {
        try connection.execute("BEGIN")
        defer { _ = try? connection.execute("ROLLBACK") }
        try DailyRollup.rebuild(connection)
        return try take(connection)
    }
}
