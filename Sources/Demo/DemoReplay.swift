import EnergiData
import Foundation
import Ingest

/// The demo's producer, on a thread of its own: the records before
/// `cutoff` at once (the history the charts and decisions start from), then
/// the rest paced at `speed` × real time by their event times, so the
/// stream is seen to arrive. Without `speed` (or without a cutoff) as fast
/// as possible. Messages carry the send time as timestamp (`RecordPublisher`).
final class DemoReplay: @unchecked Sendable {
    let records: [EnergiRecord]
    let cutoff: Date?
    let speed: Double?
    private let publisher: RecordPublisher
    private let stop: IngestStop
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var sent = 0
    private var failure: (any Error)?
    private var finished = false

    init(records: [EnergiRecord], cutoff: Date?, speed: Double?, publisher: RecordPublisher, stop: IngestStop) {
        self.records = records
        self.cutoff = cutoff
        self.speed = speed
        self.publisher = publisher
        self.stop = stop
    }

    /// How many records were handed to Kafka so far.
    var published: Int { lock.withLock { sent } }
    var isFinished: Bool { lock.withLock { finished } }

    /// The records replayed at once.
    var history: ArraySlice<EnergiRecord> {
        guard let cutoff, speed != nil else { return records[...] }
        return records.prefix { $0.time < cutoff }
    }

    func start() {
        let thread = Thread { [self] in
            let outcome = Result { try run() }
            lock.withLock {
                if case .failure(let error) = outcome { failure = error }
                finished = true
            }
            done.signal()
        }
        thread.name = "energiflow-demo-producer"
        thread.start()
    }

    /// Waits until every record is sent and delivered (or it failed, or was stopped).
    func wait() throws {
        done.wait()
        done.signal()
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    private func run() throws {
        let history = self.history
        for record in history where !stop.isStopped { try send(record) }
        let rest = records[history.endIndex...]
        if let speed, let first = rest.first {
            let started = Date()
            for record in rest {
                let due = started.addingTimeInterval(record.time.timeIntervalSince(first.time) / speed)
                let wait = due.timeIntervalSinceNow
                if wait > 0, !stop.sleep(wait) { break }
                try send(record)
            }
        } else {
            for record in rest where !stop.isStopped { try send(record) }
        }
        try publisher.flush(timeout: .seconds(60), stop: stop)
    }

    private func send(_ record: EnergiRecord) throws {
        try publisher.publish(record)
        lock.withLock { sent += 1 }
    }
}
