import EnergiData
import Foundation

/// Replays recorded files into Kafka: every record of every file, merged in
/// event-time order, as fast as possible or paced at `speed` × real time
/// (`3600`: one market hour a second), for demos of a live stream.
public struct FileReplay: Sendable {
    public struct Summary: Sendable, Equatable {
        /// Records read from the files.
        public var records = 0
        /// Records handed to Kafka (fewer when stopped early).
        public var published = 0
        /// Rows of the files that could not be read (bad line, missing key field).
        public var unreadable = 0
        public var datasets: [Dataset] = []
    }

    /// One file, read.
    public struct Source: Sendable {
        public var url: URL
        public var file: RecordFile
    }

    public var speed: Double?

    public init(speed: Double? = nil) {
        self.speed = speed
    }

    /// Reads `urls` (each any recorded form; `dataset` forces one dataset).
    public static func read(_ urls: [URL], dataset: Dataset? = nil) throws -> [Source] {
        try urls.map { url in
            do throws(EnergiDataError) {
                return Source(url: url, file: try RecordFileReader(dataset: dataset).read(contentsOf: url))
            } catch {
                throw IngestError(.file, "cannot replay \(url.path): \(error.description)", cause: error.cause)
            }
        }
    }

    /// Publishes the records of `sources` in event-time order. `progress` is
    /// called after each record with the number published so far.
    public func run(_ sources: [Source], publisher: RecordPublisher, stop: IngestStop,
                    progress: (Int) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        var datasets: [Dataset] = []
        for source in sources where !datasets.contains(source.file.dataset) { datasets.append(source.file.dataset) }
        summary.datasets = datasets
        summary.unreadable = sources.reduce(0) { $0 + $1.file.rejects.count }
        let records = Self.merged(sources.map(\.file.records))
        summary.records = records.count
        guard let first = records.first else { return summary }
        let started = Date()
        for record in records {
            if stop.isStopped { break }
            if let speed, speed > 0 {
                let due = started.addingTimeInterval(record.time.timeIntervalSince(first.time) / speed)
                let wait = due.timeIntervalSinceNow
                if wait > 0, !stop.sleep(wait) { break }
            }
            try publisher.publish(record)
            summary.published += 1
            progress(summary.published)
        }
        return summary
    }

    /// Several time-ordered lists merged into one, stable (ties keep list order).
    static func merged(_ lists: [[EnergiRecord]]) -> [EnergiRecord] {
        let nonEmpty = lists.filter { !$0.isEmpty }
        if nonEmpty.count <= 1 { return nonEmpty.first ?? [] }
        return nonEmpty.enumerated()
            .flatMap { list in list.element.enumerated().map { (list: list.offset, index: $0.offset, record: $0.element) } }
            .sorted { a, b in
                if a.record.time != b.record.time { return a.record.time < b.record.time }
                return (a.list, a.index) < (b.list, b.index)
            }
            .map(\.record)
    }
}
