import EnergiData
import Foundation
import Ingest
import Store
import TestSupport
import Testing

/// Replaying files as streams: several files merged in event-time order as
/// they are read, a file broken part-way, and the direct loader.
@Suite("file replay: streamed, merged in event-time order")
struct FileReplayTests {
    static func write(_ text: String, _ name: String, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func price(_ hour: Int, _ area: String, _ eur: Double) -> String {
        #"{"HourUTC":"2024-01-01T0\#(hour):00:00","HourDK":"2024-01-01T0\#(hour + 1):00:00","PriceArea":"\#(area)","SpotPriceEUR":\#(eur)}"#
    }

    @Test("three files in three forms and orders are published merged by event time, ties in the order the files were given")
    func filesAreMergedByEventTime() throws {
        let pipeline = try Pipeline()
        let directory = try FaultTests.temporaryDirectory("replay")
        defer { try? FileManager.default.removeItem(at: directory) }
        // A: DK1 hours 0, 2, 4 as a CSV export, newest first.
        let a = try Self.write("""
            HourUTC;HourDK;PriceArea;SpotPriceDKK;SpotPriceEUR
            2024-01-01 04:00;2024-01-01 05:00;DK1;1;4
            2024-01-01 02:00;2024-01-01 03:00;DK1;1;2
            2024-01-01 00:00;2024-01-01 01:00;DK1;1;0

            """, "a.csv", in: directory)
        // B: DK2 hours 1, 2, 3 as an API answer, oldest first.
        let b = try Self.write(#"{"dataset":"ElspotPrices","records":["# + [Self.price(1, "DK2", 1.5), Self.price(2, "DK2", 2.5), Self.price(3, "DK2", 3.5)].joined(separator: ",") + "]}",
                               "b.json", in: directory)
        // C: DK1 hours 1, 3 as JSON lines.
        let c = try Self.write(Self.price(1, "DK1", 1) + "\n" + Self.price(3, "DK1", 3) + "\n", "c.jsonl", in: directory)
        let sources = try FileReplay.read([a, b, c])
        #expect(sources.map(\.dataset) == [.elspotPrices, .elspotPrices, .elspotPrices])
        let summary = try FileReplay().run(sources, publisher: try pipeline.publisher(), stop: IngestStop())
        #expect(summary.records == 8 && summary.published == 8 && summary.failures.isEmpty)
        try pipeline.consume()
        let published = try pipeline.connection.query("SELECT spot_price_eur FROM energi_records ORDER BY kafka_offset").rows.map { $0[0].double }
        // By hour; in hour 1: B before C (B was given first); in hour 2: A before B.
        #expect(published == [0, 1.5, 1, 2, 2.5, 3.5, 3, 4])
    }

    @Test("a file cut off part-way: what was before the cut is sent and stored, the cut is named, the other files go on")
    func aBrokenFileIsNamedAndTheRestGoesOn() throws {
        let pipeline = try Pipeline()
        let directory = try FaultTests.temporaryDirectory("replay-broken")
        defer { try? FileManager.default.removeItem(at: directory) }
        let hours = (0..<6).map { Self.price($0, "DK1", Double($0)) }
        let cut = try Self.write("[" + hours.joined(separator: ",\n") + ",\n{\"HourUTC\":\"2024-01-01T07:0", "cut.json", in: directory)
        let good = try Self.write("[" + Self.price(0, "DK2", 10) + "]", "good.json", in: directory)
        let summary = try FileReplay().run(try FileReplay.read([cut, good]), publisher: try pipeline.publisher(), stop: IngestStop())
        #expect(summary.published == 7)
        #expect(summary.failures.count == 1)
        #expect(summary.failures.first?.contains("cut.json: not JSON: unexpected end of input") == true, "\(summary.failures)")
        #expect(summary.failures.first?.contains("(line 7)") == true && summary.failures.first?.contains("the 6 records before it were read and sent") == true)
        try pipeline.consume()
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 7)
    }

    @Test("ingest --from a file cut off part-way: what was before the cut is stored, the command says so and exits 1")
    func ingestCommandOfABrokenFile() throws {
        let pipeline = try Pipeline()
        let directory = try FaultTests.temporaryDirectory("replay-command")
        defer { try? FileManager.default.removeItem(at: directory) }
        let hours = (0..<5).map { Self.price($0, "DK1", Double($0)) }
        let cut = try Self.write(#"{"dataset":"ElspotPrices","records":["# + hours.joined(separator: ",") + "]", "cut.json", in: directory)
        var environment = pipeline.environment
        environment["XDG_STATE_HOME"] = directory.path
        let run = try IngestProcess.run(["ingest", "--from", cut.path], environment: environment)
        #expect(run.status == 1, "\(run.output)")
        #expect(run.output.contains("not JSON: unexpected end of input"), "\(run.output)")
        #expect(run.output.contains("the 5 records before it were read and sent"), "\(run.output)")
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 5)
    }

    @Test("the direct loader streams a file into the store")
    func directLoader() throws {
        let pipeline = try Pipeline()
        let name = "ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv"
        let summary = try DirectLoader(writer: RecordWriter(connection: pipeline.connection), batchSize: 500)
            .load(TestPaths.recorded(name))
        // Rows and production columns counted from the file itself.
        let text = try String(contentsOf: TestPaths.recorded(name), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ";", omittingEmptySubsequences: false) }
        let header = lines[0].map(String.init)
        let production = Set(Dataset.electricityBalanceNonv.productionColumns)
        let cells = lines.dropFirst().reduce(0) { sum, row in
            sum + zip(header, row).filter { production.contains($0.0) && !$0.1.isEmpty }.count
        }
        #expect(summary.records == lines.count - 1)
        #expect(summary.stored == cells && summary.rejected == 0)
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == cells)
    }
}
