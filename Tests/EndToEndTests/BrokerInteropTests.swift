import Basics
import Foundation
import Postgres
import TestSupport
import Testing

/// `energiflow broker` with a Kafka client not written here (kcat): kcat
/// produces to the broker and `energiflow consume` stores it; `energiflow
/// ingest` produces and kcat reads it back.
@Suite(.serialized) struct BrokerInteropTests {
    /// Runs kcat with `arguments`, feeding `input`; returns its stdout.
    func kcat(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "kcat \(arguments) failed")
        return String(decoding: data, as: UTF8.self)
    }

    /// Starts `energiflow broker` in `home` and returns it with its address.
    func startBroker(_ home: Binary.Home) throws -> (IngestProcess, String) {
        let broker = try IngestProcess(["broker"], environment: home.environment(databaseURL: nil))
        for _ in 0..<200 {
            if let line = broker.text.split(separator: "\n").first(where: { $0.contains("Kafka at ") }) {
                return (broker, String(line.split(separator: " ").last ?? ""))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        broker.kill9()
        throw Binary.Missing(description: "energiflow broker printed no address: \(broker.text)")
    }

    @Test func kcatProducesAndEnergiflowConsumesAndTheReverse() throws {
        let home = try Binary.Home()
        let (broker, address) = try startBroker(home)
        defer { broker.kill9() }
        let brokerFile = home.root.appendingPathComponent("state/energiflow/broker.json")
        #expect(FileManager.default.fileExists(atPath: brokerFile.path))

        // kcat → broker → energiflow consume → PostgreSQL.
        let record = #"{"HourUTC":"2024-01-01T00:00:00","HourDK":"2024-01-01T01:00:00","PriceArea":"DK1","SpotPriceDKK":100.5,"SpotPriceEUR":13.47}"#
        _ = try kcat(["-b", address, "-P", "-t", "elspot_topic", "-K", "\t"],
                     input: "ElspotPrices|2024-01-01T00:00:00Z|DK1\t\(record)\nbad-key\tnot json\n")
        let database = try TestDatabase.fresh(prefix: "broker_interop")
        let url = try Binary.url(forDatabase: database["dbname"] ?? "")
        let consumed = try IngestProcess.run(["consume", "--until-idle"], environment: home.environment(databaseURL: url))
        #expect(consumed.status == 0, "\(consumed.output)")
        let store = try PostgresConnection(database)
        let row = try #require(try store.query("SELECT price_area, spot_price_eur, source FROM energi_records").first)
        #expect(row[0].string == "DK1")
        #expect(row[1].double == 13.47)
        #expect(row[2].string == "elspot_topic")
        #expect(try store.query("SELECT reason FROM energi_rejects").first?[0].string?.hasPrefix("not JSON") == true)

        // energiflow ingest → broker → kcat. With a broker running, ingest only produces.
        let file = TestPaths.recorded("DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv").path
        let ingested = try IngestProcess.run(["ingest", "--from", file], environment: home.environment(databaseURL: url))
        #expect(ingested.status == 0, "\(ingested.output)")
        let keys = try kcat(["-b", address, "-C", "-t", "declaration_topic", "-o", "beginning", "-e", "-f", "%k\n"])
            .split(separator: "\n")
        #expect(keys.count == 52)
        #expect(keys.allSatisfy { $0.hasPrefix("DeclarationProduction|2024-09-24T2") })
        #expect(Set(keys).count == 52, "every record has its own natural key")
        #expect(try store.query("SELECT count(*) FROM energi_records WHERE dataset = 'DeclarationProduction'").scalar?.int == 0)

        // Ctrl-C stops the broker cleanly and it forgets its address.
        kill(broker.process.processIdentifier, SIGINT)
        let stopped = broker.wait(timeout: 30)
        #expect(stopped.status == 0)
        #expect(!FileManager.default.fileExists(atPath: brokerFile.path))
    }

    /// 3,000 ElspotPrices records padded with 4 KB of incompressible text
    /// each (an undocumented field, kept in the payload): 12 MB, more than
    /// the embedded broker keeps in one partition.
    static func paddedFile(in directory: URL) throws -> URL {
        var state: UInt64 = 42
        var lines: [String] = []
        for i in 0..<3_000 {
            let hour = Date(timeIntervalSince1970: 1_704_067_200 + Double(i) * 3600)
            let text = ISO8601DateFormatter().string(from: hour).replacingOccurrences(of: "Z", with: "")
            var padding = ""
            for _ in 0..<512 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                padding += String(format: "%08x", UInt32(truncatingIfNeeded: state >> 32))
            }
            lines.append(#"{"HourUTC":"\#(text)","PriceArea":"DK1","SpotPriceEUR":\#(i % 89),"Padding":"\#(padding)"}"#)
        }
        let url = directory.appendingPathComponent("padded-elspot.jsonl")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The issue's backlog case: ingest into `energiflow broker` with no
    /// consumer yet, the consumer started 5 s later — every record stored,
    /// because ingest waited instead of letting the broker drop them.
    @Test func ingestWaitsForALateConsumerAndNothingIsLost() throws {
        let home = try Binary.Home()
        let broker = try IngestProcess(["broker", "--partitions", "1"], environment: home.environment(databaseURL: nil))
        defer { broker.kill9() }
        for _ in 0..<200 where !broker.text.contains("Kafka at ") { Thread.sleep(forTimeInterval: 0.05) }
        let database = try TestDatabase.fresh(prefix: "late_consumer")
        let url = try Binary.url(forDatabase: database["dbname"] ?? "")
        let file = try Self.paddedFile(in: home.root)
        let ingest = try IngestProcess(["ingest", "--from", file.path], environment: home.environment(databaseURL: url))
        Thread.sleep(forTimeInterval: 5)
        #expect(ingest.process.isRunning, "ingest should be waiting for a consumer: \(ingest.text)")
        let consumed = try IngestProcess.run(["consume", "--until-idle", "--idle", "3"], environment: home.environment(databaseURL: url),
                                             timeout: 180)
        let ingested = ingest.wait(timeout: 120)
        #expect(ingested.status == 0, "\(ingested.output)")
        #expect(ingested.output.contains("ingest: waiting"), "\(ingested.output)")
        #expect(consumed.status == 0, "\(consumed.output)")
        let store = try PostgresConnection(database)
        #expect(try store.query("SELECT count(*) FROM energi_records").scalar?.int == 3_000)
        #expect(try store.query("SELECT count(*) FROM energi_gaps").scalar?.int == 0)
    }
}
