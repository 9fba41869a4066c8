import EnergiData
import Foundation

/// Replays recorded files into Kafka: every record of every file, merged in
/// event-time order, as fast as possible or paced at `speed` × real time
/// (`3600`: one market hour a second), for demos of a live stream.
///
/// Files are streamed (`RecordFileStream`): memory does not grow with their
/// size. Several files are merged as they are read (records of one time keep
/// the order of the files given), sharing the memory one file would take.
public struct FileReplay: Sendable {
    public struct Summary: Sendable, Equatable {
        /// Records read from the files.
        public var records = 0
        /// Records handed to Kafka (fewer when stopped early).
        public var published = 0
        /// Rows of the files that could not be read (bad line, missing key field).
        public var unreadable = 0
        public var datasets: [Dataset] = []
        /// Files that could not be read to their end, with why and what was sent.
        public var failures: [String] = []
    }

    /// One file, open for reading (its head read: its form and dataset).
    public final class Source {
        public let url: URL
        public let stream: RecordFileStream

        init(url: URL, stream: RecordFileStream) {
            self.url = url
            self.stream = stream
        }

        public var dataset: Dataset { stream.dataset }
    }

    public var speed: Double?

    public init(speed: Double? = nil) {
        self.speed = speed
    }

    /// Opens `urls` (each any recorded form; `dataset` forces one dataset).
    /// Throws `IngestError` (`.file`) for a file that cannot be read at all.
    public static func read(_ urls: [URL], dataset: Dataset? = nil) throws -> [Source] {
        try urls.map { url in
            do throws(EnergiDataError) {
                return Source(url: url, stream: try RecordFileReader(dataset: dataset).stream(contentsOf: url, sharing: urls.count))
            } catch {
                throw IngestError(.file, "cannot replay \(url.path): \(error.description)", cause: error)
            }
        }
    }

    /// Publishes the records of `sources` in event-time order. `progress` is
    /// called after each record with the number published so far. A file
    /// that turns out broken part-way (JSON cut off, a read error) is left
    /// there and named in `failures`; the others go on.
    public func run(_ sources: [Source], publisher: RecordPublisher, stop: IngestStop,
                    progress: (Int) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        for source in sources where !summary.datasets.contains(source.dataset) { summary.datasets.append(source.dataset) }
        var heads: [EnergiRecord?] = []
        for source in sources { heads.append(next(source, &summary)) }
        var first: Date?
        let started = Date()
        while !stop.isStopped {
            // The earliest head; of equal times, the first file's.
            var pick: Int?
            for k in heads.indices {
                guard let head = heads[k] else { continue }
                if let p = pick, let best = heads[p], best.time <= head.time { continue }
                pick = k
            }
            guard let k = pick, let record = heads[k] else { break }
            if let speed, speed > 0 {
                let start = first ?? record.time
                first = start
                let due = started.addingTimeInterval(record.time.timeIntervalSince(start) / speed)
                let wait = due.timeIntervalSinceNow
                if wait > 0, !stop.sleep(wait) { break }
            }
            try publisher.publish(record)
            summary.published += 1
            progress(summary.published)
            heads[k] = next(sources[k], &summary)
        }
        summary.unreadable = sources.reduce(0) { $0 + $1.stream.rejectCount }
        return summary
    }

    /// The next record of `source`; nil at its end or when it turns out
    /// broken (then noted in the summary's failures).
    private func next(_ source: Source, _ summary: inout Summary) -> EnergiRecord? {
        do {
            guard let record = try source.stream.next() else { return nil }
            summary.records += 1
            return record
        } catch {
            summary.failures.append("\(source.url.path): \(error.description); the \(source.stream.recordCount) records before it were read and sent, the rest of the file was not")
            return nil
        }
    }
}
