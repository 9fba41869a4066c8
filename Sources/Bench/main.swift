import Basics
import Foundation

/// EnergiFlowBench: the figures behind `scripts/bench`, section by section.
///
///     EnergiFlowBench ingest --energiflow .build/release/energiflow --database-url URL [--records N]
///
/// Every section prints `name: value unit` lines (notes start with `# `);
/// later sections (the query language, chart rendering) add their own names.

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: EnergiFlowBench ingest --energiflow PATH --database-url URL [--records N] [--naive-records N]
                                      [--lag-bound N] [--batch-size N] [--writers N] [--fixture FILE]
               EnergiFlowBench query --database-url URL [--rows N]
               EnergiFlowBench language --database-url URL --energiflow PATH --psql PATH [--rows N] [--runs N]
                                        [--keep-database NAME]
               EnergiFlowBench script --energiflow PATH [--runs N]
               EnergiFlowBench chart [--points N]
               EnergiFlowBench synthesize --out FILE [--records N] [--form api-json|csv] [--order newest-first|oldest-first]
               EnergiFlowBench read --file FILE [--energiflow PATH --database-url URL]

        """.utf8))
    exit(2)
}

do throws(TimeZoneDataError) {
    try MarketTimeZone.check()
} catch {
    FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
    exit(1)  // the benchmark is not energiflow: its failures all exit 1
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let section = arguments.first else { usage() }
arguments.removeFirst()
var options: [String: String] = [:]
while let name = arguments.first, name.hasPrefix("--"), arguments.count >= 2 {
    options[String(name.dropFirst(2))] = arguments[1]
    arguments.removeFirst(2)
}
guard arguments.isEmpty else { usage() }

do {
    switch section {
    case "ingest":
        guard let binary = options["energiflow"], let url = options["database-url"] else { usage() }
        let benchmark = IngestBenchmark(
            records: Int(options["records"] ?? "") ?? 1_000_000,
            naiveRecords: Int(options["naive-records"] ?? "") ?? 3000,
            energiflow: URL(fileURLWithPath: binary),
            databaseURL: url,
            fixture: URL(fileURLWithPath: options["fixture"]
                ?? "Tests/Fixtures/energidataservice/DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"),
            lagBound: Int(options["lag-bound"] ?? "") ?? 100_000,
            batchSize: Int(options["batch-size"] ?? "") ?? 10_000,
            writers: options["writers"].flatMap { Int($0) })
        try benchmark.run()
    case "query":
        guard let url = options["database-url"] else { usage() }
        try QueryBenchmark(databaseURL: url, productionRows: Int(options["rows"] ?? "") ?? 1_000_000).run()
    case "language":
        guard let url = options["database-url"], let binary = options["energiflow"], let psql = options["psql"] else { usage() }
        let rows = Int(options["rows"] ?? "") ?? 1_000_000
        try LanguageBenchmark(databaseURL: url, energiflow: URL(fileURLWithPath: binary), psql: psql, priceRows: rows,
                              declarationRows: rows, runs: Int(options["runs"] ?? "") ?? 5,
                              fixture: URL(fileURLWithPath: options["fixture"]
                                  ?? "Tests/Fixtures/energidataservice/DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"),
                              keptDatabase: options["keep-database"]).run()
    case "script":
        guard let binary = options["energiflow"] else { usage() }
        try ScriptBenchmark(energiflow: URL(fileURLWithPath: binary), counts: [1_000, 10_000, 100_000],
                            runs: Int(options["runs"] ?? "") ?? 3).run()
    case "chart":
        try ChartSection.run(points: Int(options["points"] ?? "") ?? 100_000)
    case "synthesize":
        // A large DeclarationProduction file for `ingest --from` and the reader.
        guard let out = options["out"] else { usage() }
        guard let form = RecordFileSynthesizer.Form(rawValue: options["form"] ?? "api-json"),
              ["newest-first", "oldest-first"].contains(options["order"] ?? "newest-first") else { usage() }
        let synthesizer = try DeclarationSynthesizer(file: URL(fileURLWithPath: options["fixture"]
            ?? "Tests/Fixtures/energidataservice/DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"))
        let size = try RecordFileSynthesizer(synthesizer: synthesizer, records: Int(options["records"] ?? "") ?? 1_000_000,
                                             form: form, newestFirst: options["order"] != "oldest-first")
            .write(to: URL(fileURLWithPath: out))
        BenchOutput.figure("synthesize.bytes", Double(size), "bytes")
    case "read":
        // The reader alone; with --energiflow and --database-url also `energiflow ingest --from` of the file.
        guard let file = options["file"] else { usage() }
        try ReaderBenchmark(file: URL(fileURLWithPath: file)).run()
        if let binary = options["energiflow"], let url = options["database-url"] {
            try IngestFileBenchmark(file: URL(fileURLWithPath: file), energiflow: URL(fileURLWithPath: binary), databaseURL: url).run()
        }
    case "produce":
        // For experiments: N synthesised DeclarationProduction messages to KAFKA_BROKERS.
        guard let brokers = ProcessInfo.processInfo.environment["KAFKA_BROKERS"], let topic = options["topic"] else { usage() }
        try ProduceOnly(brokers: brokers, topic: topic, records: Int(options["records"] ?? "") ?? 100_000,
                        first: Int(options["first"] ?? "") ?? 0,
                        fixture: URL(fileURLWithPath: options["fixture"]
                            ?? "Tests/Fixtures/energidataservice/DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv")).run()
    default:
        usage()
    }
} catch {
    FileHandle.standardError.write(Data("EnergiFlowBench \(section): \(error)\n".utf8))
    exit(1)
}
