import Basics
import Foundation
import Postgres
import Store
import Tabular
import TestSupport
import Testing

/// Two transactions writing rows of one Danish day at once — two consumers of
/// a group, two writer lanes, a replay beside a live consumer — in every
/// order of their steps: the day's rollup is what the rows of both say,
/// computed here from the rows themselves, whoever commits first.
@Suite struct ConcurrentWritersTests {
    /// DK2's Danish day 2024-10-15 (UTC+2): hours 22:00Z the day before … 21:00Z.
    static func hour(_ i: Int) -> String {
        let date = utc("2024-10-14T22:00:00Z").addingTimeInterval(Double(i) * 3600)
        return ISO8601.utcString(date)
    }

    /// Prices and wind production for hours `range` of the day, with values that differ per hour.
    static func rows(hours range: Range<Int>) -> [StoreRow] {
        range.flatMap { i in
            [priceRow(hour(i), "DK2", Double(i * 7 % 23) - 5.25),
             productionRow(hour(i), "DK2", "OnshoreWindPower", 100 + Double(i) * 1.5)]
        }
    }

    /// The rollup of those rows, computed here.
    static func expected(hours: [Int]) -> (avg: Double, min: Double, max: Double, intervals: Int, mwh: Double) {
        let prices = hours.map { Double($0 * 7 % 23) - 5.25 }
        let mwh = hours.map { 100 + Double($0) * 1.5 }.reduce(0, +)
        return (prices.reduce(0, +) / Double(prices.count), prices.min()!, prices.max()!, prices.count, mwh)
    }

    struct Day: Equatable {
        var avg: Double?
        var min: Double?
        var max: Double?
        var intervals: Int
        var mwh: Double?
        var hours: Int
    }

    static func day(_ connection: PostgresConnection) throws -> Day {
        let row = try #require(try connection.query("""
            SELECT avg_price_eur, min_price_eur, max_price_eur, price_intervals, total_production_mwh, production_hours
            FROM energi_daily WHERE day = '2024-10-15' AND price_area = 'DK2'
            """).first)
        return Day(avg: row[0].double, min: row[1].double, max: row[2].double, intervals: Int(row[3].int ?? -1),
                   mwh: row[4].double, hours: Int(row[5].int ?? -1))
    }

    /// Two open transactions, each with its rows inserted, ready to complete.
    struct Pair: @unchecked Sendable {  // used by one thread at a time
        let connections: [PostgresConnection]
        let insertions: [RecordWriter.Insertion]
        let writers: [RecordWriter]
    }

    static func begin(_ first: [StoreRow], _ second: [StoreRow], on connection: PostgresConnection) throws -> Pair {
        let connections = [connection, try PostgresConnection(connection.configuration)]
        let writers = connections.map { RecordWriter(connection: $0) }
        var insertions: [RecordWriter.Insertion] = []
        for (i, rows) in [first, second].enumerated() {
            try connections[i].execute("BEGIN")
            insertions.append(try writers[i].insert(EncodedRows(rows), in: connections[i]))
        }
        return Pair(connections: connections, insertions: insertions, writers: writers)
    }

    @Test(arguments: [[0, 1], [1, 0]])
    func twoTransactionsOnOneDayInEitherCommitOrder(order: [Int]) throws {
        let connection = try migratedStore("concurrent_\(order[0])")
        let pair = try Self.begin(Self.rows(hours: 0..<13), Self.rows(hours: 13..<24), on: connection)
        for i in order {
            _ = try pair.writers[i].complete(pair.insertions[i], in: pair.connections[i])
            try pair.connections[i].execute("COMMIT")
        }
        let want = Self.expected(hours: Array(0..<24))
        let got = try Self.day(connection)
        #expect(got.intervals == 24 && got.hours == 24)
        #expect(abs((got.avg ?? .nan) - want.avg) < 1e-9)
        #expect(got.min == want.min && got.max == want.max)
        #expect(abs((got.mwh ?? .nan) - want.mwh) < 1e-9)
        #expect(try RollupSnapshot.recomputed(connection) == RollupSnapshot.take(connection))
    }

    /// The second transaction reaches the rollup while the first holds the
    /// day: it waits for the first to commit, then sees its rows.
    @Test(arguments: [[0, 1], [1, 0]])
    func theSecondWaitsForTheFirstsCommit(order: [Int]) throws {
        let connection = try migratedStore("waits_\(order[0])")
        let pair = try Self.begin(Self.rows(hours: 0..<5), Self.rows(hours: 5..<24), on: connection)
        let (first, second) = (order[0], order[1])
        _ = try pair.writers[first].complete(pair.insertions[first], in: pair.connections[first])
        let finished = DispatchSemaphore(value: 0)
        let outcome = LockedResult()
        Thread.detachNewThread {
            outcome.set(Result { try pair.writers[second].complete(pair.insertions[second], in: pair.connections[second]) })
            finished.signal()
        }
        // Holding the day, the first keeps the second waiting.
        #expect(finished.wait(timeout: .now() + 0.5) == .timedOut)
        try pair.connections[first].execute("COMMIT")
        #expect(finished.wait(timeout: .now() + 30) == .success)
        let summary = try #require(try outcome.get())
        #expect(summary.daysContended == 1)
        #expect(summary.daysFromBatchSums == 0)
        try pair.connections[second].execute("COMMIT")
        let want = Self.expected(hours: Array(0..<24))
        let got = try Self.day(connection)
        #expect(got.intervals == 24 && got.hours == 24)
        #expect(abs((got.avg ?? .nan) - want.avg) < 1e-9)
        #expect(abs((got.mwh ?? .nan) - want.mwh) < 1e-9)
    }

    /// Two versions of one hour, each in its own transaction: the Final counts
    /// whichever commits first; between two versions of equal rank, the one
    /// committed later counts, as one consumer reading them in that order would.
    @Test(arguments: [[0, 1], [1, 0]])
    func versionsRankedAcrossTransactions(order: [Int]) throws {
        let connection = try migratedStore("versions_\(order[0])")
        func declaration(_ version: String, _ mwh: Double) -> StoreRow {
            StoreRow(naturalKey: "DeclarationProduction|2024-10-15T08:00:00Z|DK2|WindOnshore|All|Grid|\(version)",
                     time: utc("2024-10-15T08:00:00Z"), area: "DK2", dataset: "DeclarationProduction",
                     intervalSeconds: 3600, productionMWh: mwh, productionType: "WindOnshore", version: version,
                     payload: Array(#"{"Production_MWh":\#(mwh)}"#.utf8), source: "declaration_topic")
        }
        var pair = try Self.begin([declaration("Preliminary", 10)], [declaration("Final", 12.5)], on: connection)
        for i in order {
            _ = try pair.writers[i].complete(pair.insertions[i], in: pair.connections[i])
            try pair.connections[i].execute("COMMIT")
        }
        #expect(try Self.day(connection).mwh == 12.5)
        #expect(try connection.query("SELECT count(*) FROM energi_records WHERE counts_in_totals").scalar?.int == 1)

        // Equal rank (Preliminary, Initial): the later commit counts.
        try connection.execute("TRUNCATE energi_records, energi_daily")
        pair = try Self.begin([declaration("Preliminary", 10)], [declaration("Initial", 11)], on: connection)
        for i in order {
            _ = try pair.writers[i].complete(pair.insertions[i], in: pair.connections[i])
            try pair.connections[i].execute("COMMIT")
        }
        let later = order[1] == 0 ? 10.0 : 11.0
        #expect(try Self.day(connection).mwh == later)
        #expect(try RollupSnapshot.recomputed(connection) == RollupSnapshot.take(connection))
    }

    /// A batch whose day nobody else wrote still takes the cheap path.
    @Test func anUncontendedDayIsRolledUpFromTheBatchsSums() throws {
        let connection = try migratedStore()
        let summary = try RecordWriter(connection: connection).write(Self.rows(hours: 0..<24))
        #expect(summary.daysFromBatchSums == 1 && summary.daysContended == 0)
        #expect(try connection.query("SELECT revision FROM energi_daily").scalar?.int == 1)
    }
}

private final class LockedResult: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<RecordWriter.Summary, Error>?
    func set(_ result: Result<RecordWriter.Summary, Error>) { lock.withLock { value = result } }
    func get() throws -> RecordWriter.Summary? { try lock.withLock { value }?.get() }
}
