import Foundation
import Kafka
import Postgres
import Store

/// Stores consumed batches on a thread of its own, so that Kafka polling and
/// validation of the next batch overlap with the database work of this one.
///
/// Each batch is one transaction (`RecordWriter.write`): rows, rejects, the
/// next offsets of its partitions, and the daily rollup of the days it
/// touched. Only after it committed are the offsets committed to Kafka too
/// (for lag tools; the consumer itself starts from the store's offsets).
///
/// - The store unreachable (server stopped, connection lost): the batch is
///   kept, the writer waits with bounded backoff, reconnects and writes it
///   again — the natural key makes a batch that did commit before the
///   connection broke change nothing the second time.
/// - The store refusing a row (a value the validator let through but
///   PostgreSQL does not take): the batch is split in halves until the
///   message at fault is found; it becomes a reject with the server's
///   message, the rest is stored.
final class BatchWriter: @unchecked Sendable {
    struct Options: Sendable {
        var group: String
        /// At most this many batches wait; `submit` blocks beyond (bounded memory).
        var queueDepth: Int
        /// Waits between reconnection attempts (its attempt limit is ignored).
        var reconnect: RetryPolicy
        /// Give up after the store has been unreachable this long; nil waits forever.
        var giveUpAfter: TimeInterval?
    }

    private let writer: RecordWriter
    private let consumer: KafkaConsumer?
    private let options: Options
    private let abort: IngestStop
    private let log: @Sendable (String) -> Void

    private let condition = NSCondition()
    private var queue: [ConsumedBatch] = []
    private var busy = false
    private var finishing = false
    private var finished = false
    private var failure: Error?
    private var statistics = ConsumerStatistics()
    private var lastCommit: ContinuousClock.Instant?
    private var kafkaCommitWarned = false

    init(writer: RecordWriter, consumer: KafkaConsumer?, options: Options, abort: IngestStop,
         log: @escaping @Sendable (String) -> Void) {
        self.writer = writer
        self.consumer = consumer
        self.options = options
        self.abort = abort
        self.log = log
        let thread = Thread { [self] in run() }
        thread.name = "energiflow-store-writer"
        thread.start()
    }

    // MARK: The polling thread's side

    /// Queues a batch; waits while the queue is full. Throws the writer's failure.
    func submit(_ batch: ConsumedBatch) throws {
        try condition.withLock {
            while failure == nil && queue.count >= max(1, options.queueDepth) { condition.wait() }
            if let failure { throw failure }
            queue.append(batch)
            condition.broadcast()
        }
    }

    /// Throws the writer's failure, if it has failed.
    func checkFailure() throws {
        try condition.withLock { if let failure { throw failure } }
    }

    /// Nothing queued and nothing being written.
    var isIdle: Bool { condition.withLock { queue.isEmpty && !busy } }

    /// Writes what is queued, stops the thread, and throws its failure if any.
    func finish() throws {
        try condition.withLock {
            finishing = true
            condition.broadcast()
            while !finished { condition.wait() }
            if let failure { throw failure }
        }
    }

    /// Figures so far: stored, duplicates, batches, reconnects.
    var figures: (statistics: ConsumerStatistics, lastCommit: ContinuousClock.Instant?) {
        condition.withLock { (statistics, lastCommit) }
    }

    // MARK: The writer thread

    private func run() {
        while true {
            let next: ConsumedBatch? = condition.withLock {
                while queue.isEmpty && !finishing { condition.wait() }
                guard !queue.isEmpty else { return nil }
                busy = true
                condition.broadcast()
                return queue.removeFirst()
            }
            guard let batch = next else { break }
            do {
                try store(batch)
                condition.withLock {
                    busy = false
                    condition.broadcast()
                }
            } catch {
                condition.withLock {
                    failure = error
                    busy = false
                    queue.removeAll()
                    condition.broadcast()
                }
                break
            }
        }
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    private func store(_ batch: ConsumedBatch) throws {
        let offsets = batch.partitionOffsets
        let summary = try whileReconnecting { try write(batch, offsets: offsets) }
        condition.withLock {
            statistics.stored += summary.inserted
            statistics.duplicates += summary.duplicates
            statistics.batches += 1
            lastCommit = .now
        }
        commitToKafka(batch)
    }

    /// One transaction for the batch; on a row the store refuses, the
    /// isolating path.
    private func write(_ batch: ConsumedBatch, offsets: [PartitionOffset]) throws -> RecordWriter.Summary {
        do {
            return try writer.write(batch.rows, rejects: batch.rejects, offsets: offsets, consumerGroup: options.group)
        } catch let error as StoreError where !Self.isConnectionProblem(error) && !batch.accepted.isEmpty {
            log("store: PostgreSQL refused a row of this batch (\(error.message)); finding the message at fault")
            return try writeIsolating(batch, offsets: offsets)
        }
    }

    /// Stores halves of the batch until the messages the store refuses are
    /// found; they become rejects, saved with the offsets in a last transaction.
    private func writeIsolating(_ batch: ConsumedBatch, offsets: [PartitionOffset]) throws -> RecordWriter.Summary {
        var rejects = batch.rejects
        var total = RecordWriter.Summary()
        func attempt(_ range: Range<Int>) throws {
            guard !range.isEmpty else { return }
            var rows: [StoreRow] = []
            for entry in batch.accepted[range] { rows.append(contentsOf: batch.rows[entry.rowRange]) }
            do {
                let summary = try writer.write(rows)
                total.inserted += summary.inserted
                total.duplicates += summary.duplicates
            } catch let error as StoreError where !Self.isConnectionProblem(error) {
                if range.count == 1, let entry = batch.accepted[range].first {
                    let reason = "the store refused it: \(error.cause?.message ?? error.message)"
                    rejects.append(ConsumedBatch.reject(entry.message, reason: reason))
                    log("store: rejected \(entry.message.topicPartition)@\(entry.message.offset): \(reason)")
                } else {
                    let middle = range.lowerBound + range.count / 2
                    try attempt(range.lowerBound..<middle)
                    try attempt(middle..<range.upperBound)
                }
            }
        }
        try attempt(0..<batch.accepted.count)
        let last = try writer.write([], rejects: rejects, offsets: offsets, consumerGroup: options.group)
        total.rejected = last.rejected
        total.daysRefreshed += last.daysRefreshed
        return total
    }

    /// Runs `body`; while the store is unreachable, waits, reconnects and runs it again.
    private func whileReconnecting<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        var since: Date?
        while true {
            do {
                let value = try body()
                if attempt > 0 { log("store: PostgreSQL is back; resumed") }
                return value
            } catch let error as StoreError where Self.isConnectionProblem(error) {
                let began = since ?? Date()
                since = began
                attempt += 1
                let down = Date().timeIntervalSince(began)
                if let limit = options.giveUpAfter, down >= limit {
                    throw IngestError(.database, "PostgreSQL at \(writer.connection.configuration.endpointDescription) has been unreachable for \(Int(down)) s; giving up. Nothing is lost: the next run resumes from the stored offsets.", cause: error.cause?.message)
                }
                let wait = options.reconnect.delay(afterAttempt: attempt)
                if attempt == 1 || attempt % 10 == 0 {
                    log("store: PostgreSQL is unreachable (\(error.cause?.message ?? error.message)); retrying every few seconds, nothing is lost meanwhile")
                }
                guard abort.sleep(wait) else {
                    throw IngestError(.interrupted, "stopped while waiting for PostgreSQL; what was stored stays stored, the rest is read again next time")
                }
                do {
                    try writer.connection.reconnect()
                    condition.withLock { statistics.reconnects += 1 }
                } catch {
                    continue
                }
            }
        }
    }

    private func commitToKafka(_ batch: ConsumedBatch) {
        guard let consumer, !batch.nextOffsets.isEmpty else { return }
        do {
            try consumer.commit(batch.nextOffsets)
        } catch {
            // Only for lag tools: the store's offsets are what counts. A commit
            // for a partition taken away in a rebalance fails, harmlessly.
            if !kafkaCommitWarned {
                kafkaCommitWarned = true
                log("consume: note: committing offsets to Kafka failed (\(error)); the offsets in PostgreSQL are what counts")
            }
        }
    }

    /// True when the error means "the server is not there", not "the server said no".
    static func isConnectionProblem(_ error: StoreError) -> Bool {
        guard let cause = error.cause else { return false }
        switch cause.code {
        case .connectionLost, .connectionFailed: return true
        default: break
        }
        guard let state = cause.sqlState else { return false }
        // 08: connection exception; 57P01-03: admin shutdown, crash shutdown, cannot connect now.
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(state)
    }
}
