import Postgres
import Tabular

/// Keeps the daily rollup right when several transactions write rows of one
/// (Danish day, area) at once: several consumers in a group, several writer
/// lanes of one consumer, a replay beside a live consumer.
///
/// Each transaction that writes rows takes a lock per (day, area) it touches
/// before it ranks versions and rolls those days up, and holds it until it
/// commits, so those steps of two transactions touching one day run one
/// after the other, and the second sees the first's committed rows (READ
/// COMMITTED: each statement sees what has committed before it began). The
/// locks are taken in one order by everyone (day, then a hash of the area),
/// so they cannot deadlock among themselves.
///
/// What a transaction learned before it held the locks — which days held
/// stored rows, which version cells held rows — may be stale by then. Every
/// rollup write bumps the day's `revision` in `energi_daily`; a day whose
/// revision moved between the snapshot (before the insert) and the lock
/// was written by someone else in between, so its early answers are not
/// trusted: it is rolled up from the stored rows and all its versions are
/// ranked. This is the invalidation check TimescaleDB's continuous
/// aggregates make, per day instead of per range.
enum DayLocks {
    /// What the store said about the days before the batch went in.
    struct Snapshot: Sendable {
        /// Days that held stored rows (of any dataset).
        var holding: Set<DailyRollup.AreaDay> = []
        /// The rollup revision of each day that has a rollup row.
        var revisions: [DailyRollup.AreaDay: Int64] = [:]
    }

    /// Which of `days` hold stored rows, and their revisions: one index probe
    /// and one key lookup per day, in one statement (one snapshot).
    static func snapshot(_ days: Set<DailyRollup.AreaDay>, _ tx: PostgresConnection) throws -> Snapshot {
        guard !days.isEmpty else { return Snapshot() }
        let ordered = Array(days)
        let result = try tx.query("""
            SELECT a.i, d.revision, EXISTS (
                SELECT 1 FROM energi_records x
                WHERE x.price_area = a.area
                  AND x."timestamp" >= \(DailyRules.dayStartSQL("a.d"))
                  AND x."timestamp" < \(DailyRules.dayStartSQL("(a.d + 1)")))
            FROM unnest($1::date[], $2::text[]) WITH ORDINALITY AS a(d, area, i)
            LEFT JOIN energi_daily d ON d.day = a.d AND d.price_area = a.area
            """, parameters(ordered))
        var snapshot = Snapshot()
        for row in result.rows {
            guard let i = row[0].int, i >= 1, i <= ordered.count else { continue }
            let day = ordered[Int(i) - 1]
            if let revision = row[1].int { snapshot.revisions[day] = revision }
            if row[2].bool == true { snapshot.holding.insert(day) }
        }
        return snapshot
    }

    /// Takes the lock of every day in `days` until the transaction ends.
    /// Sorted in SQL by the lock's own key, so that two areas whose hashes
    /// collide are still taken in the same order by everyone.
    static func lock(_ days: Set<DailyRollup.AreaDay>, _ tx: PostgresConnection) throws {
        guard !days.isEmpty else { return }
        try tx.execute("""
            SELECT count(*) FROM (
                SELECT pg_advisory_xact_lock(k.day_key, k.area_key) FROM (
                    SELECT DISTINCT (d - date '2000-01-01') AS day_key, hashtext(a) AS area_key
                    FROM unnest($1::date[], $2::text[]) AS t(d, a)
                    ORDER BY 1, 2 OFFSET 0
                ) k
            ) locked
            """, parameters(Array(days)))
    }

    /// The days of `days` whose rollup revision is no longer what `snapshot`
    /// saw. Call holding the days' locks.
    static func changedSince(_ snapshot: Snapshot, _ days: Set<DailyRollup.AreaDay>,
                             _ tx: PostgresConnection) throws -> Set<DailyRollup.AreaDay> {
        guard !days.isEmpty else { return [] }
        let ordered = Array(days)
        let result = try tx.query("""
            SELECT a.i, d.revision FROM unnest($1::date[], $2::text[]) WITH ORDINALITY AS a(d, area, i)
            JOIN energi_daily d ON d.day = a.d AND d.price_area = a.area
            """, parameters(ordered))
        var now: [DailyRollup.AreaDay: Int64] = [:]
        for row in result.rows {
            if let i = row[0].int, i >= 1, i <= ordered.count, let revision = row[1].int {
                now[ordered[Int(i) - 1]] = revision
            }
        }
        return Set(ordered.filter { now[$0] != snapshot.revisions[$0] })
    }

    private static func parameters(_ days: [DailyRollup.AreaDay]) -> [PostgresValue] {
        [.array(days.map { $0.day.description }), .array(days.map(\.area))]
    }
}
