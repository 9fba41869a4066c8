import Foundation
import Ingest
import Postgres
import Store

/// A store loaded with recorded Energi Data Service files (CC BY 4.0,
/// Energinet; see Tests/Fixtures/energidataservice/SOURCES.md), read,
/// validated and written exactly as ingestion does (EnergiData's
/// RecordFileReader and RecordValidator through Ingest's DirectLoader, then
/// Store's RecordWriter, which maintains the daily rollup).
///
/// The default set overlaps prices and production where it matters:
/// - ElspotPrices 2024, seven areas (DK1, DK2, DE, NO2, SE3, SE4, SYSTEM), hourly;
/// - ElectricityBalanceNonv DK2 2024-08-29 … 2024-11-06 (production per type, hourly);
/// - DayAheadPrices DK2 2026-03-01 … 03-07 (15-minute prices);
/// - DeclarationProduction DK1 2024-09-25 00:00–01:59 DK (with the 125%/200% repeats);
/// - ProductionConsumptionSettlement DK1 2024-03-02 … 03-08.
public enum StagesFixtureStore {
    public static let defaultFiles = [
        "ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv",
        "ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv",
        "DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv",
        "DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv",
        "ProductionConsumptionSettlement_DK1_hourly_2024-03-02_2024-03-08_DKtime.csv",
    ]

    private static let cached = LockedValue<PostgresConfiguration?>(nil)

    /// A database with `defaultFiles` loaded, made once per test process and
    /// shared by every test that only reads it.
    public static func shared() throws -> PostgresConfiguration {
        try cached.withLock { value in
            if let value { return value }
            let configuration = try fresh(prefix: "stages_shared", files: defaultFiles)
            value = configuration
            return configuration
        }
    }

    /// A new migrated database with `files` loaded (for tests that write or need other data).
    public static func fresh(prefix: String, files: [String] = []) throws -> PostgresConfiguration {
        let configuration = try TestDatabase.fresh(prefix: prefix)
        let connection = try PostgresConnection(configuration)
        try Migrator.migrate(connection)
        try load(files, into: connection)
        return configuration
    }

    /// Loads recorded files (names in Tests/Fixtures/energidataservice) into a migrated store.
    public static func load(_ files: [String], into connection: PostgresConnection) throws {
        let loader = DirectLoader(writer: RecordWriter(connection: connection))
        for file in files {
            try loader.load(TestPaths.recorded(file))
        }
    }
}
