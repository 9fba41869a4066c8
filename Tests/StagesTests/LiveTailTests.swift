import Basics
import EnergiData
import Foundation
import Kafka
import Stages
import Tabular
import Testing

/// `tail`: real Kafka protocol (librdkafka's mock cluster), messages made here.
@Suite struct LiveTailTests {
    /// The `price` column of a csv output (the header skipped).
    func prices(_ csv: String) -> [Double] {
        let lines = csv.split(separator: "\r\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "price") else { return [] }
        return lines.dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return column < fields.count ? Double(fields[column]) : nil
        }
    }

    @Test func messagesProducedWhileTheTailRunsAppearInItsOutput() throws {
        let kafka = try LiveKafka()
        // Sent before the tail starts: from=end (the default) must not show these.
        for hour in 0..<5 { try kafka.send(LiveKafka.elspot(hour: hour, price: Double(hour))) }
        try kafka.flush()
        let output = TextOutput()
        let done = Flag()
        Thread.detachNewThread {
            // Keep sending new records until the tail has its three rows (bounded by count, not time).
            for hour in 5..<1500 where !done.isSet {
                try? kafka.send(LiveKafka.elspot(hour: hour, price: 1000 + Double(hour)))
                try? kafka.flush()
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        let summaries = try Executor().execute("tail elspot limit=3 | csv", context: kafka.context(output: output))
        done.set()
        #expect(summaries.first?.rows == 3)
        let seen = prices(output.text)
        #expect(seen.count == 3)
        #expect(seen.allSatisfy { $0 >= 1005 }, "\(seen)")
        // In the order they were sent.
        #expect(seen == seen.sorted())
        #expect(output.text.hasPrefix("time,area,price,price_dkk,dataset\r\n"))
        #expect(output.text.contains(",DK2,"))
        #expect(output.text.contains(",ElspotPrices\r\n"))
    }

    @Test func fromMinusTenMinutesTakesExactlyTheMessagesSentInTheLastTenMinutes() throws {
        let kafka = try LiveKafka()
        let now = Date()
        // Message timestamps (the producer's), not the records' hours, decide.
        let batches: [(count: Int, age: TimeInterval)] = [(5, 7200), (4, 660), (6, 540), (3, 0)]
        var hour = 0
        for batch in batches {
            for _ in 0..<batch.count {
                try kafka.send(LiveKafka.elspot(hour: hour, price: Double(hour)), timestamp: now.addingTimeInterval(-batch.age))
                hour += 1
            }
        }
        try kafka.flush()
        let context = kafka.context(now: { now })
        func rows(_ pipeline: String) throws -> [Double] {
            try Executor().rows(of: pipeline, context: context.forRun()).rows.compactMap { $0[2].number }
        }
        // The last two batches: hours 9 … 17.
        #expect(try rows("tail elspot from=-10m to=end") == (9..<18).map(Double.init))
        #expect(try rows("tail elspot from=-12m to=end") == (5..<18).map(Double.init))
        #expect(try rows("tail elspot from=-1m to=end") == (15..<18).map(Double.init))
        #expect(try rows("tail elspot from=beginning to=end") == (0..<18).map(Double.init))
        #expect(try rows("tail elspot from=end to=end").isEmpty)
        // A date-time is a message time too, read in tz: the minute of (now - 9 min), rounded
        // down, lies between the third batch (sent 9 minutes ago) and the second (11).
        let utc = ISO8601DateFormatter()
        utc.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        utc.timeZone = TimeZone(identifier: "UTC")
        let text = String(utc.string(from: now.addingTimeInterval(-540)).prefix(16))
        #expect(try rows("tail elspot from=\(text) tz=UTC to=end") == (9..<18).map(Double.init), "\(text)")
    }

    @Test func limitAndForStopIt() throws {
        let kafka = try LiveKafka()
        for hour in 0..<10 { try kafka.send(LiveKafka.elspot(hour: hour, price: Double(hour))) }
        try kafka.flush()
        let context = kafka.context()
        let limited = try Executor().rows(of: "tail elspot from=beginning limit=4", context: context.forRun())
        #expect(limited.rows.compactMap { $0[2].number } == [0, 1, 2, 3])
        // for=: nothing new comes, and it still ends.
        let quiet = try Executor().rows(of: "tail elspot for=1s", context: context.forRun())
        #expect(quiet.rows.isEmpty)
        let all = try Executor().rows(of: "tail elspot from=beginning for=2s", context: context.forRun())
        #expect(all.rows.count == 10)
        // The stage's filters count toward the limit only when they pass.
        let filtered = try Executor().rows(of: "tail elspot from=beginning limit=2 price>4", context: context.forRun())
        #expect(filtered.rows.compactMap { $0[2].number } == [5, 6])
    }

    @Test func invalidMessagesAreCountedAndWarnedNotRows() throws {
        let kafka = try LiveKafka()
        try kafka.send(LiveKafka.elspot(hour: 0, price: 10))
        try kafka.send("not json at all")
        try kafka.send(#"{"HourUTC":"2024-10-01T01:30:00","PriceArea":"DK2","SpotPriceEUR":5}"#)
        try kafka.send(#"{"HourUTC":"2024-10-01T02:00:00","PriceArea":"DK2","SpotPriceEUR":"12"}"#)
        try kafka.send(LiveKafka.elspot(hour: 3, price: 13))
        // The same record again (a replay): shown once, as the store keeps it once.
        try kafka.send(LiveKafka.elspot(hour: 3, price: 13))
        try kafka.flush()
        let warnings = WarningChannel()
        let output = TextOutput()
        let summaries = try Executor().execute("tail elspot from=beginning to=end | csv",
                                               context: kafka.context(output: output, warnings: warnings))
        #expect(summaries.first?.rows == 2)
        #expect(prices(output.text) == [10, 13])
        let texts = warnings.all.map(\.description)
        #expect(texts.count == 3, "\(texts)")
        #expect(texts.first?.hasPrefix("warning: tail: skipped an invalid message (elspot_topic offset 1: not JSON") == true)
        #expect(texts.contains { $0.contains("skipped 3 invalid messages in all") })
        #expect(texts.contains { $0.contains("showed 1 repeated record once") })
    }

    @Test func pricesAndProductionTogetherHaveTheUnionOfTheirColumns() throws {
        let kafka = try LiveKafka()
        try kafka.publish(LiveKafka.demoFiles)
        let rows = try Executor().rows(of: "tail elspot,balance from=beginning limit=40", context: kafka.context())
        #expect(rows.schema.names == ["time", "area", "price", "price_dkk", "type", "production", "dataset"])
        #expect(rows.schema.column(named: "price")?.unit == "EUR/MWh")
        #expect(rows.schema.column(named: "production")?.unit == "MWh")
        // No row holds both; times never go back (the two topics are merged in event time).
        for row in rows.rows { #expect(row[2].isNull != row[5].isNull) }
        let times = rows.rows.compactMap { $0[0].timeCoordinate }
        #expect(times == times.sorted())
        #expect(rows.rows.contains { $0[6] == .text("ElspotPrices") } && rows.rows.contains { $0[6] == .text("ElectricityBalanceNonv") })
        // The first hour of the files: 2024-08-28 22:00 UTC (midnight in Denmark).
        #expect(rows.rows.first?[0] == .time(Date(timeIntervalSince1970: 1_724_882_400)))
    }

    @Test func ctrlCStopsAWaitingTail() throws {
        let kafka = try LiveKafka()
        let token = CancellationToken()
        let context = kafka.context().forRun(token)
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.5)
            token.cancel()
        }
        var caught: ExecutionError?
        var elapsed: TimeInterval = 0
        do {
            let start = Date()
            defer { elapsed = Date().timeIntervalSince(start) }
            try Executor().execute("tail prices | table", context: context)
        } catch {
            caught = error
        }
        #expect(caught?.code == .cancelled)
        #expect(elapsed < 5, "took \(elapsed) s")
    }

    @Test func noKafkaOrNoTopicIsAClearError() throws {
        let none = Fixture.error("tail prices", context: ExecutionContext(output: TextOutput()))
        #expect(none?.code == .connection)
        let cluster = try EmbeddedKafkaCluster()
        let context = ExecutionContext(kafka: FixedKafka(bootstrapServers: cluster.bootstrapServers), output: TextOutput())
        let missing = Fixture.error("tail dayahead", context: context)
        #expect(missing?.code == .query)
        #expect(missing?.message.contains("dayahead_topic does not exist") == true)
        let future = Fixture.error("tail prices from=10m", context: context)
        #expect(future?.rendered().contains("write from=-10m") == true)
    }
}

/// A flag set from one thread and read from another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
