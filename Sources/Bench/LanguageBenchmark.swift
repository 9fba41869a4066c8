import EnergiData
import Foundation
import Postgres
import Query
import Stages
import Store

/// The query language against psql, each running the same SQL in the same
/// run, both as whole processes (start, connect, run, write the output):
///
/// - `summarize avg(price) by month(time)` over 1,000,000 raw price rows
///   (15-minute prices of two areas), against psql executing the statement
///   the planner wrote (PREPARE / EXECUTE with the same values);
/// - the export `production area=DK1 by=hour,type | csv` over 1,000,000
///   stored DeclarationProduction rows, against
///   `psql -c "\copy (the same SELECT) to stdout with csv header"`, with the
///   CPU and the peak memory of both processes.
struct LanguageBenchmark {
    var databaseURL: String
    var energiflow: URL
    var psql: String
    var priceRows: Int
    var declarationRows: Int
    var runs: Int
    var fixture: URL
    /// A database to keep after the run and reuse when it already holds the
    /// rows (repeated runs skip the load; psql can look at it afterwards).
    var keptDatabase: String?

    static let summarize = "prices | summarize avg(price) by month(time)"
    static let export = "production area=DK1 by=hour,type | csv"

    func run() throws {
        let base = try PostgresConfiguration(url: databaseURL, origin: "BENCH_DATABASE_URL")
        let admin = try PostgresConnection(base)
        let name = keptDatabase ?? "energiflow_bench_language_\(getpid())"
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(name)]).rows.count == 1
        if keptDatabase == nil || !exists {
            try admin.executeScript("DROP DATABASE IF EXISTS \(name)")
            try admin.executeScript("CREATE DATABASE \(name)")
        }
        defer { if keptDatabase == nil { _ = try? admin.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } }
        let configuration = base.database(name)
        let connection = try PostgresConnection(configuration)
        try Migrator.migrate(connection)
        let url = Self.url(databaseURL, database: name)

        let loadStart = Date()
        let loaded = try connection.query("SELECT count(*) FROM energi_records").scalar?.int ?? 0
        if loaded != priceRows + declarationRows {
            try connection.executeScript("TRUNCATE energi_records, energi_daily")
            try loadPrices(connection)
            try loadDeclaration(connection)
            try connection.executeScript("VACUUM ANALYZE energi_records")
            try connection.executeScript("VACUUM ANALYZE energi_daily")
        }
        let prices = try connection.query("SELECT count(*) FROM energi_records WHERE spot_price_eur IS NOT NULL").scalar?.int ?? 0
        let declaration = try connection.query("SELECT count(*) FROM energi_records WHERE dataset = 'DeclarationProduction'").scalar?.int ?? 0
        BenchOutput.figure("query.language_price_rows", Double(prices), "rows")
        BenchOutput.figure("query.language_declaration_rows", Double(declaration), "rows")
        BenchOutput.figure("query.language_load_seconds", Date().timeIntervalSince(loadStart), "s", decimals: 1)

        try compare(Self.summarize, figure: "summarize_month", url: url, csv: false)
        try compare(Self.export, figure: "export_csv", url: url, csv: true)
    }

    /// Both sides `runs` times, alternating; medians, and the ratio of the medians.
    func compare(_ pipeline: String, figure: String, url: String, csv: Bool) throws {
        let statement = try Self.statement(of: csv ? String(pipeline.dropLast(" | csv".count)) : pipeline)
        let psqlArguments: [String]
        if csv {
            let oneLine = Self.inline(statement.sql, statement.parameters).split(whereSeparator: \.isNewline).joined(separator: " ")
            psqlArguments = [psql, "-X", "-q", url, "-c", "\\copy (\(oneLine)) to stdout with csv header"]
        } else {
            let values = statement.parameters.map(Self.literal).joined(separator: ", ")
            psqlArguments = [psql, "-X", "-q", url, "-c", "PREPARE q AS \(statement.sql)",
                             "-c", "EXECUTE q" + (values.isEmpty ? "" : "(\(values))")]
        }
        let directory = FileManager.default.temporaryDirectory
        let ours = directory.appendingPathComponent("bench-ours-\(getpid()).out").path
        let theirs = directory.appendingPathComponent("bench-psql-\(getpid()).out").path
        defer {
            try? FileManager.default.removeItem(atPath: ours)
            try? FileManager.default.removeItem(atPath: theirs)
        }
        var energiflowRuns: [ChildRun] = [], psqlRuns: [ChildRun] = []
        // One warm-up of each, so both read from the same warm cache.
        _ = try ChildRun.run([energiflow.path, "-c", pipeline], environment: ["DATABASE_URL": url])
        _ = try ChildRun.run(psqlArguments)
        for _ in 0..<runs {
            let a = try ChildRun.run([energiflow.path, "-c", pipeline], environment: ["DATABASE_URL": url], stdout: ours)
            guard a.status == 0 else { throw BenchError("energiflow -c '\(pipeline)' exited \(a.status)") }
            energiflowRuns.append(a)
            let b = try ChildRun.run(psqlArguments, stdout: theirs)
            guard b.status == 0 else { throw BenchError("psql exited \(b.status) for \(figure)") }
            psqlRuns.append(b)
        }
        let oursWall = ChildRun.median(energiflowRuns.map(\.wallSeconds))
        let psqlWall = ChildRun.median(psqlRuns.map(\.wallSeconds))
        BenchOutput.note("\(figure): energiflow -c '\(pipeline)' against psql with the planner's SQL; medians of \(runs) runs")
        BenchOutput.line("query.\(figure)_runs_s: " + energiflowRuns.map { String(format: "%.3f", $0.wallSeconds) }.joined(separator: " ")
                         + " | psql " + psqlRuns.map { String(format: "%.3f", $0.wallSeconds) }.joined(separator: " "))
        BenchOutput.figure("query.\(figure)_ms", oursWall * 1000, "ms")
        BenchOutput.figure("query.\(figure)_psql_ms", psqlWall * 1000, "ms")
        BenchOutput.figure("query.\(figure)_ratio", oursWall / psqlWall, "x psql", decimals: 2)
        BenchOutput.figure("query.\(figure)_cpu_s", ChildRun.median(energiflowRuns.map(\.cpuSeconds)), "s", decimals: 2)
        BenchOutput.figure("query.\(figure)_psql_cpu_s", ChildRun.median(psqlRuns.map(\.cpuSeconds)), "s", decimals: 2)
        BenchOutput.figure("query.\(figure)_peak_rss", energiflowRuns.map(\.peakRSSMegabytes).max() ?? 0, "MB")
        BenchOutput.figure("query.\(figure)_psql_peak_rss", psqlRuns.map(\.peakRSSMegabytes).max() ?? 0, "MB")
        if csv {
            let ourLines = try Self.lines(ours), theirLines = try Self.lines(theirs)
            BenchOutput.figure("query.\(figure)_rows", Double(ourLines - 1), "rows")
            BenchOutput.line("query.\(figure)_same_rows_as_psql: \(ourLines == theirLines ? "yes" : "NO (\(ourLines) vs \(theirLines) lines)")")
        }
    }

    /// The statement the planner writes for `pipeline`.
    static func statement(of pipeline: String) throws -> (sql: String, parameters: [PostgresValue]) {
        let source = SourceText(pipeline)
        let executor = Executor()
        guard case .pipeline(let parsed)? = try Parser.parse(source, stages: executor.registry).statements.first else {
            throw BenchError("cannot parse \(pipeline)")
        }
        let bound = try Binder(stages: executor.registry, source: source).bind(parsed)
        guard let statement = try executor.plan(bound, source: source, context: ExecutionContext()).statement else {
            throw BenchError("\(pipeline) did not plan one statement")
        }
        return statement
    }

    /// A value as a typed SQL literal (the benchmark's own values only).
    static func literal(_ value: PostgresValue) -> String {
        let type = SQL.describeType(value)
        switch value {
        case .null: return "NULL"
        case .text: return SQL.describe(value)
        default: return "'" + value.description + "'::" + type
        }
    }

    /// `sql` with each `$n` replaced by its value as a literal (for `\copy`, which takes no parameters).
    static func inline(_ sql: String, _ parameters: [PostgresValue]) -> String {
        var out = sql
        for i in stride(from: parameters.count, through: 1, by: -1) {
            out = out.replacingOccurrences(of: "$\(i)", with: literal(parameters[i - 1]))
        }
        return out
    }

    static func lines(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
    }

    static func url(_ base: String, database: String) -> String {
        guard var components = URLComponents(string: base) else { return base }
        components.path = "/" + database
        return components.string ?? base
    }

    // MARK: Loading

    /// Quarter-hour prices of DK1 and DK2, as DayAheadPrices arrive: `priceRows` in all.
    func loadPrices(_ connection: PostgresConnection) throws {
        let writer = RecordWriter(connection: connection)
        let start = Date(timeIntervalSince1970: 1_104_534_000)  // 2004-12-31T23:00Z, a Danish midnight
        var batch: [StoreRow] = []
        let perArea = priceRows / 2
        for quarter in 0..<perArea {
            let time = start.addingTimeInterval(Double(quarter) * 900)
            let stamp = Int64(time.timeIntervalSince1970)
            for (a, area) in ["DK1", "DK2"].enumerated() {
                let wave = sin(Double(quarter) / 96 * 2 * .pi)
                batch.append(StoreRow(naturalKey: "DayAheadPrices|\(stamp)|\(area)", time: time, area: area, dataset: "DayAheadPrices",
                                      intervalSeconds: 900, priceEUR: (60 + 40 * wave + Double(a * 3 + quarter % 7)).rounded(),
                                      payload: Array(#"{"DayAheadPriceEUR":1}"#.utf8), source: "dayahead_topic"))
            }
            if batch.count >= 50_000 {
                _ = try writer.write(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        _ = try writer.write(batch)
    }

    /// `declarationRows` DeclarationProduction records of DK1 made from the recorded file's structure
    /// (one real hour's 26 rows, hour after hour), validated as ingestion does.
    func loadDeclaration(_ connection: PostgresConnection) throws {
        let synthesizer = try DeclarationSynthesizer(file: fixture)
        let validator = RecordValidator()
        let writer = RecordWriter(connection: connection)
        var batch: [StoreRow] = []
        var stored = 0
        var index = 0
        while stored < declarationRows {
            let message = synthesizer.message(index)
            index += 1
            if case .accepted(let observations) = validator.validate(message.value, dataset: .declarationProduction) {
                for observation in observations where observation.area == "DK1" {
                    stored += 1
                    batch.append(StoreRow(naturalKey: observation.naturalKey, time: observation.time, area: observation.area,
                                          dataset: observation.dataset.apiName, intervalSeconds: observation.intervalSeconds,
                                          priceEUR: observation.priceEUR, productionMWh: observation.productionMWh,
                                          productionType: observation.productionType, countsInTotals: observation.countsInTotals,
                                          version: observation.version, payload: observation.payload, source: "declaration_topic"))
                }
            }
            if batch.count >= 50_000 {
                _ = try writer.write(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        _ = try writer.write(batch)
    }
}
