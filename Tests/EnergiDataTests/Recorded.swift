import Basics
import Foundation
import EnergiData
import TestSupport

/// The recorded Energi Data Service files (Tests/Fixtures/energidataservice,
/// CC BY 4.0, Energinet) and an independent way to split them, for
/// expectations computed without the code under test.
enum Recorded {
    static let elspotDK2 = "ElspotPrices_DK2_hourly_2017-01-01_2022-10-19_DKtime.csv"
    static let elspotDK1DK2 = "ElspotPrices_DK1-DK2_hourly_2021-01-01_2024-03-31_DKtime.csv"
    static let elspot7Areas = "ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv"
    static let elspotDK1 = "ElspotPrices_DK1_hourly_2022-10-25_2025-09-30_DKtime.csv"
    static let dayAhead = "DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"
    static let declaration = "DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"
    static let balance2024 = "ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv"
    static let balance2019 = "ElectricityBalanceNonv_DK1-DK2_hourly_2019-01-01_2019-12-31_DKtime.csv"
    static let settlementWeek = "ProductionConsumptionSettlement_DK1_hourly_2024-03-02_2024-03-08_DKtime.csv"
    static let settlementFeb = "ProductionConsumptionSettlement_DK1-DK2_hourly_2024-02-17_2024-02-18_DKtime.csv"
    static let settlementMar = "ProductionConsumptionSettlement_DK1-DK2_hourly_2024-03-04_2024-03-05_DKtime.csv"
    static let settlementFiles = [settlementWeek, settlementFeb, settlementMar]

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestPaths.recorded(name)))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static func read(_ name: String, dataset: Dataset? = nil) throws(EnergiDataError) -> RecordFile {
        try RecordFileReader(dataset: dataset).read(contentsOf: TestPaths.recorded(name))
    }

    /// `read(name)` once per test run: the big files take seconds in a debug build.
    static func cached(_ name: String) throws(EnergiDataError) -> RecordFile {
        if let file = cache.get(name) { return file }
        let file = try read(name)
        cache.set(name, file)
        return file
    }

    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private var files: [String: RecordFile] = [:]
        func get(_ name: String) -> RecordFile? { lock.withLock { files[name] } }
        func set(_ name: String, _ file: RecordFile) { lock.withLock { files[name] = file } }
    }

    /// Header and rows split naively (these files have no quotes): BOM
    /// dropped, `;` or `,` by the header line, empty lines skipped.
    static func split(_ name: String) throws -> (header: [String], rows: [[String]]) {
        var text = try text(name)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let separator: Character = lines[0].contains(";") ? ";" : ","
        let cells = lines.map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) }
        return (cells[0], Array(cells.dropFirst()))
    }

    /// A CSV cell as a number (decimal comma or point); nil when empty.
    static func number(_ cell: String) -> Double? {
        cell.isEmpty ? nil : Double(cell.replacingOccurrences(of: ",", with: "."))
    }

    /// UTC instant of `YYYY-MM-DD HH:MM[:SS]` / `…T…` (optionally `+00:00`),
    /// computed with Foundation's calendar, independently of `Timestamp`.
    static func utc(_ text: String) -> Date? {
        var t = text.replacingOccurrences(of: "T", with: " ")
        if t.hasSuffix("+00:00") { t.removeLast(6) }
        let parts = t.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count >= 5 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3],
                                                  minute: parts[4], second: parts.count > 5 ? parts[5] : 0))
    }
}

extension Array where Element == UInt8 {
    var text: String { String(decoding: self, as: UTF8.self) }
}
