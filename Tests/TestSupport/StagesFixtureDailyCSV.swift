import Postgres

/// Independent SQL on the recorded fixture store (see `StagesFixtureStore`),
/// for tests that compare what the language prints with the table itself.
public enum FixtureStore {
    public static func connection() throws -> PostgresConnection {
        try PostgresConnection(try StagesFixtureStore.shared())
    }

    /// The rows of `energi_daily` for `area` and `since ≤ day < until`, as the
    /// CSV the `csv` sink writes for `daily` (RFC 4180: CRLF, numbers as the
    /// server itself writes them, null as an empty field).
    public static func dailyCSV(area: String, since: String = "1900-01-01", until: String = "3000-01-01") throws -> String {
        let result = try connection().query("""
            SELECT day::text, price_area, avg_price_eur::text, min_price_eur::text, max_price_eur::text,
                   total_production_mwh::text, price_intervals, production_hours
            FROM energi_daily WHERE price_area = $1 AND day >= $2::date AND day < $3::date ORDER BY day
            """, [.text(area), .text(since), .text(until)])
        var csv = "day,area,price,min_price,max_price,production,price_intervals,production_hours\r\n"
        for row in result.rows {
            var fields = [row[0].string ?? "", row[1].string ?? ""]
            for i in 2...5 { fields.append(row[i].string ?? "") }
            for i in 6...7 { fields.append(row[i].int.map { String($0) } ?? "") }
            csv += fields.joined(separator: ",") + "\r\n"
        }
        return csv
    }
}
