import Foundation
import Postgres

/// `energiflow ingest --from FILE` as a user runs it with nothing configured
/// (Kafka inside the command, which stores what it produces) into a fresh
/// database: its wall time, rate and peak memory (of the whole process:
/// reader, producer, embedded Kafka and the store's consumer).
struct IngestFileBenchmark {
    var file: URL
    var energiflow: URL
    var databaseURL: String

    func run() throws {
        let base = try PostgresConfiguration(connectionString: databaseURL, origin: "the benchmark's database URL")
        // Empty, not migrated: the command migrates it, as on first use.
        let scratch = try ScratchDatabase(on: base, named: "energiflow_bench_file_\(getpid())")
        defer { scratch.drop() }
        let configuration = scratch.configuration

        let state = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-bench-state-\(getpid())")
        defer { try? FileManager.default.removeItem(at: state) }
        let process = Process()
        process.executableURL = energiflow
        process.arguments = ["ingest", "--from", file.path]
        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["KAFKA_BROKERS"] = nil
        environment["XDG_STATE_HOME"] = state.path
        for (key, value) in IngestBenchmark.libpqEnvironment(configuration) { environment[key] = value }
        process.environment = environment
        process.standardOutput = FileHandle.standardError
        process.standardError = FileHandle.standardError
        let start = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        let seconds = ReaderBenchmark.seconds(ContinuousClock.now - start)
        guard process.terminationStatus == 0 else { throw BenchError("energiflow ingest --from failed (status \(process.terminationStatus))") }
        let stored = try PostgresConnection(configuration).query("SELECT count(*) FROM energi_records").scalar?.int ?? 0
        BenchOutput.figure("ingest_file.records_stored", Double(stored), "records")
        BenchOutput.figure("ingest_file.seconds", seconds, "s", decimals: 2)
        BenchOutput.figure("ingest_file.rate", Double(stored) / seconds, "records/s")
        BenchOutput.figure("ingest_file.peak_rss", Double(Self.largestChildResidentBytes()) / 1_048_576, "MB")
        BenchOutput.note("ingest_file: the whole command, start to exit: read, produce to its in-process Kafka, store, roll up.")
    }

    /// The largest peak resident set of the children this process waited for (bytes).
    static func largestChildResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) * 1024
        #else
        guard getrusage(RUSAGE_CHILDREN, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss)
        #endif
    }
}
