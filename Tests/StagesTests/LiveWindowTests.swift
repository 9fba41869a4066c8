import Basics
import Foundation
import Ingest
import Postgres
import Stages
import Store
import Tabular
import TestSupport
import Testing

/// `window` over a tail of the replayed demo files gives what the store
/// gives for the same files: `daily` per day, `hourly` per hour.
@Suite struct LiveWindowTests {
    /// The demo files in Kafka and in a fresh store, loaded the two ways ingestion works.
    final class Loaded: @unchecked Sendable {
        let kafka: LiveKafka
        let store: PostgresConfiguration

        init() throws {
            kafka = try LiveKafka()
            try kafka.publish(LiveKafka.demoFiles)
            store = try TestDatabase.fresh(prefix: "live_window")
            let connection = try PostgresConnection(store)
            try Migrator.migrate(connection)
            let loader = DirectLoader(writer: RecordWriter(connection: connection))
            for file in LiveKafka.demoFiles { _ = try loader.load(file) }
        }

        /// Both: Kafka for tail, the store for the rest.
        func context(output: TextOutput = TextOutput()) -> ExecutionContext {
            var context = kafka.context(output: output)
            context.database = LazyDatabase(store)
            return context
        }
    }

    static let loaded: Result<Loaded, any Error> = Result { try Loaded() }

    /// The last row per key (a window emitted again replaces its earlier rows).
    func finalRows(_ rows: RowSet, keys: [String]) -> [[Value]: [Value]] {
        let indexes = keys.compactMap(rows.schema.index(of:))
        var result: [[Value]: [Value]] = [:]
        for row in rows.rows { result[indexes.map { row[$0] }] = row }
        return result
    }

    func column(_ rows: RowSet, _ name: String, _ row: [Value]) -> Value {
        rows.schema.index(of: name).map { row[$0] } ?? .null
    }

    @Test func window1dEqualsDailyOnTheStore() throws {
        let loaded = try Self.loaded.get()
        let live = try Executor().rows(of: "tail elspot,balance from=beginning to=end | window 1d",
                                       context: loaded.context())
        #expect(live.schema.names == ["day", "area", "price", "min_price", "max_price", "production", "price_intervals",
                                      "production_hours", "complete"])
        let stored = try Executor().rows(of: "daily area=DK2", context: loaded.context())
        #expect(stored.count == 70)
        let windows = finalRows(live, keys: ["day", "area"])
        #expect(windows.count == stored.count)
        for row in stored.rows {
            let key = [column(stored, "day", row), column(stored, "area", row)]
            guard let window = windows[key] else {
                Issue.record("no window for \(key)")
                continue
            }
            for name in ["price", "min_price", "max_price", "production"] {
                #expect(close(column(live, name, window).number, column(stored, name, row).number), "\(key) \(name)")
            }
            for name in ["price_intervals", "production_hours"] {
                #expect(column(live, name, window) == column(stored, name, row), "\(key) \(name)")
            }
        }
        // The fall-back day has 25 hours of both.
        let dst = windows[[.day(Day(year: 2024, month: 10, day: 27)), .text("DK2")]]
        #expect(dst.map { column(live, "price_intervals", $0) } == .int(25))
        #expect(dst.map { column(live, "production_hours", $0) } == .int(25))
        // Every day but the last was seen to close; the last is still open when the tail ends.
        let last = windows[[.day(Day(year: 2024, month: 11, day: 6)), .text("DK2")]]
        #expect(last.map { column(live, "complete", $0) } == .bool(false))
        #expect(windows.values.filter { column(live, "complete", $0) == .bool(true) }.count == 69)
    }

    @Test func window1hEqualsHourlyOnTheStore() throws {
        let loaded = try Self.loaded.get()
        let live = try Executor().rows(of: "tail prices,production from=beginning to=end | window 1h",
                                       context: loaded.context())
        #expect(live.schema.names == ["time", "area", "price", "production", "complete"])
        let stored = try Executor().rows(of: "hourly area=DK2", context: loaded.context())
        let windows = finalRows(live, keys: ["time", "area"])
        #expect(stored.count == 1681)
        #expect(windows.count == stored.count)
        var compared = 0
        for row in stored.rows {
            guard let window = windows[[row[0], row[1]]] else {
                Issue.record("no window for \(row[0])")
                continue
            }
            #expect(close(window[2].number, row[2].number) && close(window[3].number, row[3].number), "\(row)")
            compared += 1
        }
        #expect(compared == 1681)
    }

    @Test func decideOnLiveWindowsDecidesEachAsItComes() throws {
        let loaded = try Self.loaded.get()
        let live = try Executor().rows(of: "tail elspot,balance from=beginning to=end | window 1d | decide",
                                       context: loaded.context())
        #expect(live.schema.names.suffix(3) == ["complete", "decision", "reason"])
        // Complete days are decided; the open one (the last, when the tail ends) is not, and says so.
        for row in live.rows {
            if row[8] == .bool(true) {
                #expect(row[9] != .null)
            } else {
                #expect(row[9] == .null && row[10] == .text("open window: decided once it is complete"))
            }
        }
        #expect(live.rows.last?[0] == .day(Day(year: 2024, month: 11, day: 6)) && live.rows.last?[8] == .bool(false))
        // Each complete day is decided against the complete days so far: the last
        // of them (11-05) exactly as the blocking decide over the stored days up to it.
        let stored = try Executor().rows(of: "daily area=DK2 until=2024-11-06 | decide", context: loaded.context())
        let storedLast = try #require(stored.rows.last)
        let liveLast = try #require(live.rows.last { $0[8] == .bool(true) })
        #expect(liveLast[0] == storedLast[0])
        #expect(liveLast[9] == storedLast[8], "\(liveLast[9]) vs \(storedLast[8])")
        #expect(Set(live.rows.compactMap { $0[9].text }).isSuperset(of: ["BUY", "AVOID"]))
    }

    @Test func aChartOfLiveWindowsNotOnATerminalPrintsRowsThenTheChart() throws {
        let loaded = try Self.loaded.get()
        let output = TextOutput()
        try Executor().execute("tail elspot,balance from=beginning to=end | window 1d | chart width=70 height=14 style=ascii",
                               context: loaded.context(output: output))
        let text = output.text
        #expect(!text.contains("\u{1B}"))
        #expect(text.hasPrefix("day"))
        // The rows as they came, then the final chart: price and production on two axes.
        #expect(text.contains("2024-08-29"))
        let chart = try #require(text.components(separatedBy: "\n\n").last)
        #expect(chart.contains("EUR/MWh") && chart.contains("MWh"))
        #expect(chart.split(separator: "\n").count >= 10)
    }
}
