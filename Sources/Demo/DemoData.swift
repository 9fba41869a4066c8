import Basics
import EnergiData
import Foundation
import Ingest
import Services
import Tabular

/// The demo's bundled recorded data (`queries/demo/*.csv`, Energinet, CC BY
/// 4.0; see its SOURCES.md): every record of every file in event-time order,
/// split into the history replayed at once and the rest replayed at speed.
public struct DemoData: Sendable {
    public static let attribution = "Source: Energinet, CC BY 4.0 (Energi Data Service, www.energidataservice.dk)"

    public let files: [URL]
    /// Every record, oldest first (records of one hour keep the files' order).
    public let records: [EnergiRecord]
    public let datasets: [Dataset]
    public let areas: [String]

    /// Reads the CSV files of `directory`.
    public init(directory: URL) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        files = names.filter { $0.hasSuffix(".csv") }.sorted().map { directory.appendingPathComponent($0) }
        guard !files.isEmpty else {
            throw DemoError(.data, "the demo's data is missing: no CSV files in \(directory.path)")
        }
        // The demo's few files are read whole: its replay splits them into history and the rest.
        var recorded: [RecordFile] = []
        for file in files {
            do {
                recorded.append(try RecordFileReader().read(contentsOf: file))
            } catch {
                throw DemoError(.data, "the demo's data cannot be read: \(file.path): \(error)", cause: error)
            }
        }
        var datasets: [Dataset] = []
        for file in recorded where !datasets.contains(file.dataset) { datasets.append(file.dataset) }
        self.datasets = datasets
        records = Self.merged(recorded.map(\.records))
        self.areas = Set(records.map(\.area)).sorted()
    }

    /// `queries/demo` of the shipped queries (found from the executable, or ENERGIFLOW_SHIPPED_QUERIES).
    public static func directory(environment: [String: String]) throws -> URL {
        guard let shipped = EnergiFlowPaths(environment: environment).shippedQueriesDirectory else {
            throw DemoError(.data, "the demo's data (queries/demo) was not found next to the energiflow executable; run it from a checkout (scripts/demo) or set ENERGIFLOW_SHIPPED_QUERIES to the queries folder")
        }
        return shipped.appendingPathComponent("demo", isDirectory: true)
    }

    public var first: Date? { records.first?.time }
    public var last: Date? { records.last?.time }

    /// The start of the Danish day `days` after the first record's day: where the history ends.
    public func cutoff(afterDays days: Int) -> Date? {
        guard let first else { return nil }
        var day = Day(containing: first, in: .copenhagen)
        for _ in 0..<max(0, days) { day = day.next }
        return day.start(in: .copenhagen)
    }

    /// Lists already in time order, merged stably (ties keep the files' order).
    static func merged(_ lists: [[EnergiRecord]]) -> [EnergiRecord] {
        lists.enumerated()
            .flatMap { list in list.element.enumerated().map { (list: list.offset, index: $0.offset, record: $0.element) } }
            .sorted { a, b in
                if a.record.time != b.record.time { return a.record.time < b.record.time }
                return (a.list, a.index) < (b.list, b.index)
            }
            .map(\.record)
    }
}
