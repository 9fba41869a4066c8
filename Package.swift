// swift-tools-version:6.0
// EnergiFlow: Danish electricity prices and production, streamed through Kafka
// into PostgreSQL and explored with a small pipeline language.
//
// Arrows point one way: executable → features → domain → wrappers → C.
import PackageDescription

/// A system-library target over a C library found by pkg-config.
func systemLibrary(_ name: String, pkgConfig: String, apt: String, brew: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt]), .brew([brew])])
}

let package = Package(
    name: "EnergiFlow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "energiflow", targets: ["energiflow"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C libraries.
        systemLibrary("CLibPQ", pkgConfig: "libpq", apt: "libpq-dev", brew: "libpq"),
        systemLibrary("CRDKafka", pkgConfig: "rdkafka", apt: "librdkafka-dev", brew: "librdkafka"),
        systemLibrary("CEditLine", pkgConfig: "libedit", apt: "libedit-dev", brew: "libedit"),
        systemLibrary("CCurl", pkgConfig: "libcurl", apt: "libcurl4-openssl-dev", brew: "curl"),
        // The one process-control call Swift cannot make (prctl is variadic).
        .target(name: "CProcessControl"),

        // The concepts every layer needs, written once: the market's time zone, civil dates and
        // ISO 8601 text, JSON. No C, no dependencies.
        .target(name: "Basics"),

        // One Swift wrapper per C library; C calls stay inside each.
        .target(name: "Postgres", dependencies: ["CLibPQ", "Basics"]),
        .target(name: "Kafka", dependencies: ["CRDKafka"]),
        .target(name: "HTTP", dependencies: ["Basics", "CCurl"]),
        .target(name: "LineEditor", dependencies: ["CEditLine"]),

        // Reading files the user names without hanging on a FIFO or a device, with readable errors.
        .target(name: "Files"),
        // Every child process: spawning, process groups, pipes, deadlines, leftovers, reaping.
        .target(name: "ChildProcesses", dependencies: ["CProcessControl"]),

        // Domain.
        .target(name: "Tabular", dependencies: ["Basics"]),
        .target(name: "EnergiData", dependencies: ["Basics"]),
        .target(name: "Store", dependencies: ["Basics", "Postgres", "Tabular"]),

        // Features.
        .target(name: "Services", dependencies: ["Basics", "Postgres", "Kafka", "Files", "ChildProcesses", "Store"]),
        .target(name: "Ingest", dependencies: ["Basics", "EnergiData", "Kafka", "Store", "HTTP", "Postgres", "Tabular", "Render"]),
        .target(name: "Query", dependencies: ["Basics", "Tabular"]),
        .target(name: "Rules", dependencies: ["Basics", "Query", "Tabular", "Files"]),
        .target(name: "Render", dependencies: ["Basics", "Tabular"]),
        .target(name: "Plugins", dependencies: ["Basics", "Query", "Tabular", "Files", "ChildProcesses"]),
        .target(name: "Stages", dependencies: ["Basics", "Query", "Tabular", "Store", "Postgres", "Rules", "Render", "Plugins", "Kafka", "EnergiData", "Ingest"]),
        // The one place an error becomes the text users read and the documented exit status.
        .target(name: "ErrorReporting", dependencies: ["Basics", "Stages", "Query", "Plugins", "Services", "Ingest", "Postgres"]),
        .target(name: "Shell", dependencies: ["Basics", "Query", "Stages", "Render", "LineEditor", "Services", "Store", "Plugins", "Postgres", "Rules", "Files", "ErrorReporting"]),
        // `energiflow demo`: embedded PostgreSQL and Kafka, the bundled data replayed, the REPL on top.
        .target(name: "Demo", dependencies: ["Basics", "Ingest", "Shell", "Services", "Stages", "Kafka", "EnergiData", "Postgres", "Store", "Tabular", "ErrorReporting"]),

        // The executable: argument parsing and wiring only.
        .executableTarget(name: "energiflow", dependencies: [
            "Basics", "Services", "Ingest", "Shell", "Store", "EnergiData", "Kafka", "Postgres", "HTTP", "LineEditor", "Demo", "ErrorReporting", "Render",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The benchmark behind scripts/bench (prints `name: value unit` figures).
        .executableTarget(name: "EnergiFlowBench", dependencies: ["Basics", "Ingest", "Kafka", "Postgres", "Store", "EnergiData", "Stages", "Render", "ChildProcesses", "Query", "Tabular"],
                          path: "Sources/Bench"),

        // Tests. TestSupport holds what several test targets share (paths, the test database).
        .target(name: "TestSupport", dependencies: ["Postgres", "Store", "Ingest"], path: "Tests/TestSupport"),
        .testTarget(name: "BasicsTests", dependencies: ["Basics", "TestSupport"]),
        .testTarget(name: "PostgresTests", dependencies: ["Basics", "Postgres", "TestSupport"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka"]),
        .testTarget(name: "HTTPTests", dependencies: ["Basics", "HTTP", "TestSupport"]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor", "TestSupport"]),
        .testTarget(name: "TabularTests", dependencies: ["Tabular"]),
        .testTarget(name: "EnergiDataTests", dependencies: ["Basics", "EnergiData", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Basics", "Store", "Postgres", "Tabular", "TestSupport"]),
        .testTarget(name: "ServicesTests", dependencies: ["Services", "Postgres", "Store", "TestSupport", "ErrorReporting"]),
        .testTarget(name: "IngestTests", dependencies: ["Basics", "Ingest", "TestSupport", "Kafka", "Store", "Postgres", "EnergiData", "HTTP", "Services", "Tabular"]),
        .testTarget(name: "QueryTests", dependencies: ["Basics", "Query", "Tabular", "TestSupport"]),
        .testTarget(name: "RulesTests", dependencies: ["Basics", "Rules", "Query", "Tabular", "TestSupport"]),
        .testTarget(name: "RenderTests", dependencies: ["Basics", "Render", "TestSupport", "Tabular"], exclude: ["Golden"]),
        .testTarget(name: "PluginsTests", dependencies: ["Basics", "Plugins", "TestSupport", "ChildProcesses", "Query", "Tabular"]),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses"]),
        .testTarget(name: "StagesTests", dependencies: ["Basics", "Stages", "TestSupport", "Kafka", "EnergiData", "Ingest", "Store", "Postgres", "Plugins", "Query", "Render", "Rules", "Tabular", "ErrorReporting"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell", "Query", "Stages", "Postgres", "LineEditor", "TestSupport", "Ingest", "Plugins", "Store", "ErrorReporting"]),
        .testTarget(name: "ErrorReportingTests", dependencies: ["Basics", "ErrorReporting", "Stages", "Query", "Plugins", "Services", "Ingest", "Postgres", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Basics", "TestSupport", "Postgres"]),
        // Issue 15's probes (privilege, files, trust, plugins) through the built binary; each expects refusal.
        .testTarget(name: "SecurityTests", dependencies: ["TestSupport", "Postgres", "Services", "Store"]),
        .testTarget(name: "DemoTests", dependencies: ["Demo", "TestSupport", "Stages", "Kafka", "Ingest", "EnergiData", "Tabular", "ErrorReporting"]),
    ],
    swiftLanguageModes: [.v6]
)
