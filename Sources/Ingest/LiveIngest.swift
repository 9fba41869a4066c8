import Basics
import EnergiData
import Foundation

/// Reads datasets from the API into Kafka: a backfill of [start, end), and
/// with `follow` a poll every `pollInterval` for what is new since the
/// newest event time already stored (or published by this run).
public final class LiveIngest: @unchecked Sendable {
    public struct Options: Sendable {
        public var datasets: [Dataset]
        /// As the API takes it (Danish local time): `2024-01-01` or `2024-01-01T00:00`. Inclusive.
        public var start: String?
        /// Exclusive.
        public var end: String?
        public var follow: Bool
        /// Seconds between polls when following.
        public var pollInterval: TimeInterval
        /// With `follow` and nothing stored and no `start`: look back this far.
        public var followLookback: TimeInterval

        public init(datasets: [Dataset], start: String? = nil, end: String? = nil, follow: Bool = false,
                    pollInterval: TimeInterval = 300, followLookback: TimeInterval = 2 * 86_400) {
            self.datasets = datasets
            self.start = start
            self.end = end
            self.follow = follow
            self.pollInterval = pollInterval
            self.followLookback = followLookback
        }
    }

    public struct Summary: Sendable, Equatable {
        public var records = 0
        public var published = 0
        /// Records of the answers that could not be read (missing key fields).
        public var unreadable = 0
        public var pages = 0
        public var polls = 0
        /// Datasets that failed, with why.
        public var failures: [String] = []
    }

    private let options: Options
    private let client: EnergiDataServiceClient
    private let publisher: RecordPublisher
    private let newestStored: @Sendable (Dataset) throws -> Date?
    private let stop: IngestStop
    private let log: @Sendable (String) -> Void
    private var newestPublished: [Dataset: Date] = [:]

    /// - Parameter newestStored: the newest event time in the store for a dataset (`--follow` resumes there).
    public init(options: Options, client: EnergiDataServiceClient, publisher: RecordPublisher,
                newestStored: @escaping @Sendable (Dataset) throws -> Date? = { _ in nil },
                stop: IngestStop, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.client = client
        self.publisher = publisher
        self.newestStored = newestStored
        self.stop = stop
        self.log = log
    }

    /// Runs the backfill, then (with `follow`) polls until stopped.
    public func run(progress: (Int) -> Void = { _ in }) throws -> Summary {
        var summary = Summary()
        if options.start != nil || !options.follow {
            for dataset in options.datasets where !stop.isStopped {
                fetch(dataset, start: options.start, end: options.end, into: &summary, progress: progress)
            }
        }
        guard options.follow else { return summary }
        var first = options.start == nil
        while !stop.isStopped {
            if !first {
                guard stop.sleep(options.pollInterval) else { break }
            }
            first = false
            summary.polls += 1
            for dataset in options.datasets where !stop.isStopped {
                let from = resumePoint(for: dataset)
                fetch(dataset, start: from, end: nil, into: &summary, progress: progress)
            }
        }
        return summary
    }

    /// Where a poll for `dataset` starts: the newest event time stored or
    /// published (asking for it again is harmless: its key is stored already).
    func resumePoint(for dataset: Dataset) -> String {
        var newest: Date? = newestPublished[dataset]
        do {
            if let stored = try newestStored(dataset), stored > (newest ?? .distantPast) { newest = stored }
        } catch {
            log("ingest: cannot read the newest stored \(dataset.apiName) time (\(error)); using what this run published")
        }
        let from = newest ?? Date().addingTimeInterval(-options.followLookback)
        return Self.danishLocal(from)
    }

    private func fetch(_ dataset: Dataset, start: String?, end: String?, into summary: inout Summary,
                       progress: (Int) -> Void) {
        do {
            try client.fetchAll(dataset, start: start, end: end) { page in
                summary.pages += 1
                summary.records += page.count
                summary.unreadable += page.rejects.count
                for reject in page.rejects.prefix(3) {
                    log("ingest: \(dataset.apiName): skipped a record of \(page.url) (\(reject.reason))")
                }
                for record in page.records {
                    try publisher.publish(record)
                    summary.published += 1
                    if record.time > newestPublished[dataset] ?? .distantPast { newestPublished[dataset] = record.time }
                }
                progress(summary.published)
            }
        } catch let error as IngestError where error.code == .interrupted {
            return
        } catch {
            let text = "\(dataset.apiName): \(error)"
            summary.failures.append(text)
            log("ingest: \(text)")
        }
    }

    /// `2024-10-27T02:00` for an instant, in Danish local time, as the API's `start` takes it.
    static func danishLocal(_ date: Date) -> String {
        ISO8601Format(seconds: false, zone: .none).string(date, in: .copenhagen)
    }
}
