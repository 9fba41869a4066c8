import Foundation
import Ingest
import Postgres

/// The whole `energiflow ingest --from FILE` of an API-JSON file (as the
/// API returns it: `{"total":…,"dataset":…,"records":[…]}`), with no Kafka
/// configured and no broker running: Kafka inside the process, which then
/// stores what it produces. Timed from outside, with its peak memory.
struct EndToEndIngest {
    struct Outcome {
        var seconds: Double
        var peakRSS: Int
        var cpuSeconds: Double
        var fileBytes: Int
    }

    var energiflow: URL
    var base: PostgresConfiguration
    var synthesizer: DeclarationSynthesizer
    var records: Int

    func run() throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-bench-e2e-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("DeclarationProduction.json")
        let bytes = try writeAPIFile(to: file)

        let scratch = try ScratchDatabase(on: base, named: "energiflow_bench_\(getpid())_e2e")
        defer { scratch.drop() }
        let configuration = scratch.configuration
        // A fresh store, migrated before the clock starts (as a store in use is).
        let connection = try scratch.openMigrated()

        var environment: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "XDG_STATE_HOME": directory.appendingPathComponent("state").path,  // no `energiflow broker` recorded there
            "LANG": "C.UTF-8",
        ]
        for (key, value) in IngestBenchmark.libpqEnvironment(configuration) { environment[key] = value }
        let outcome = try ChildRun.run([energiflow.path, "ingest", "--from", file.path], environment: environment,
                                       inheriting: false, stdout: "/dev/stderr")
        guard outcome.status == 0 else { throw BenchError("energiflow ingest --from failed (status \(outcome.status))") }
        let stored = try connection.query("SELECT count(*), count(DISTINCT natural_key) FROM energi_records").first
        guard stored?[0].int == Int64(records), stored?[1].int == Int64(records) else {
            throw BenchError("ingest --from stored \(stored?[0].int ?? 0) rows, not \(records)")
        }
        return Outcome(seconds: outcome.wallSeconds, peakRSS: Int(outcome.peakRSSMegabytes * 1_048_576),
                       cpuSeconds: outcome.cpuSeconds, fileBytes: bytes)
    }

    /// The records as the API's JSON response; returns the file's size.
    private func writeAPIFile(to url: URL) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var out: [UInt8] = Array(#"{"total":\#(records),"filters":"{}","limit":\#(records),"dataset":"DeclarationProduction","records":["#.utf8)
        var written = 0
        for index in 0..<records {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: synthesizer.message(index).value)
            if out.count > 1 << 20 {
                try handle.write(contentsOf: out)
                written += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        out.append(contentsOf: Array("]}".utf8))
        try handle.write(contentsOf: out)
        return written + out.count
    }
}
