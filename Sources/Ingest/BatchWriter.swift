import Foundation
import Kafka
import Postgres
import Store

/// Stores consumed batches on threads of its own ("lanes", each with its own
/// PostgreSQL connection), so that Kafka polling and validation of the next
/// batch overlap with the database work, and two batches' COPYs overlap with
/// each other on the server's cores.
///
/// Each batch is one transaction: rows, rejects, the next offsets of its
/// partitions, gaps found, and the daily rollup of the days it touched.
/// Batches wait in a `BatchQueue` (bounded); lanes insert in parallel but
/// complete in `CommitOrder` — a lane waits, inside its transaction, until
/// the batch before has committed before it ranks versions, saves offsets,
/// refreshes the rollup and commits. Only after its commit are a batch's
/// offsets committed to Kafka too (for lag tools; the consumer itself
/// starts from the store's).
///
/// - The store unreachable (server stopped, connection lost): the batch is
///   kept, the lane waits with bounded backoff, reconnects and writes it
///   again — the natural key makes a batch that did commit before the
///   connection broke change nothing the second time.
/// - The store refusing a row (a value the validator let through but
///   PostgreSQL does not take): once it is the batch's turn, the batch is
///   split in halves until the message at fault is found; it becomes a
///   reject with the server's message, the rest is stored.
/// - Two batches with the same natural key (a message read twice after a
///   rebalance) in two lanes could wait for each other (the earlier one's
///   insert on the later one's uncommitted row, the later one for the earlier
///   one's commit): a waiting lane that blocks another rolls back and writes
///   its batch again after its turn.
/// - Other consumers (and other lanes) writing the same days: each batch
///   locks its days before it ranks versions and rolls them up (`DayLocks`
///   in Store), so the rollup is what one consumer would have written. A
///   deadlock PostgreSQL breaks between this batch and another consumer's
///   (both inserting one key, say) rolls this one back: it is written again.
final class BatchWriter: @unchecked Sendable {
    struct Options: Sendable {
        var group: String
        /// At most this many batches wait for a free lane; `submit` blocks
        /// beyond (bounded memory). 0: `submit` returns once a lane took the batch.
        var queueDepth: Int
        /// Batches written at once, each on its own connection.
        var lanes: Int
        /// Waits between reconnection attempts (its attempt limit is ignored).
        var reconnect: RetryPolicy
        /// Give up after the store has been unreachable this long; nil waits forever.
        var giveUpAfter: TimeInterval?
    }

    private let configuration: PostgresConfiguration
    private let firstConnection: PostgresConnection
    private let consumer: KafkaConsumer?
    private let options: Options
    private let abort: IngestStop
    private let log: @Sendable (String) -> Void
    private let queue: BatchQueue<ConsumedBatch>
    private let order = CommitOrder()

    private let lock = NSLock()  // guards the figures, the lanes' backend pids and the warning flag
    private var statistics = ConsumerStatistics()
    private var lastCommit: ContinuousClock.Instant?
    private var kafkaCommitWarned = false
    private var backendPIDs: [Int: Int] = [:]

    init(connection: PostgresConnection, consumer: KafkaConsumer?, options: Options, abort: IngestStop,
         log: @escaping @Sendable (String) -> Void) {
        self.configuration = connection.configuration
        self.firstConnection = connection
        self.consumer = consumer
        self.options = options
        self.abort = abort
        self.log = log
        let lanes = max(1, options.lanes)
        queue = BatchQueue(depth: options.queueDepth, lanes: lanes)
        for lane in 0..<lanes {
            let thread = Thread { [self] in run(lane: lane) }
            thread.name = "energiflow-store-writer-\(lane)"
            thread.start()
        }
    }

    // MARK: The polling thread's side

    /// Queues a batch; waits while the queue is full. Throws the writer's failure.
    func submit(_ batch: ConsumedBatch) throws {
        let began = ContinuousClock.now
        defer {
            if Self.trace { log(String(format: "trace: batch handed to a lane after %.3f s", StoreConsumer.seconds(ContinuousClock.now - began))) }
        }
        try queue.submit(batch)
    }

    /// Throws the writer's failure, if it has failed.
    func checkFailure() throws {
        if let failure = queue.failure { throw failure }
    }

    /// Nothing queued and nothing being written.
    var isIdle: Bool { queue.isIdle }

    /// Writes what is queued, stops the lanes, and throws the failure if any.
    func finish() throws {
        try queue.finish()
    }

    /// Figures so far: stored, duplicates, batches, reconnects.
    var figures: (statistics: ConsumerStatistics, lastCommit: ContinuousClock.Instant?) {
        lock.withLock { (statistics, lastCommit) }
    }

    // MARK: A lane

    private func run(lane: Int) {
        var connection: PostgresConnection? = lane == 0 ? firstConnection : nil
        while let (sequence, batch) = queue.next() {
            do {
                try store(batch, sequence: sequence, lane: lane, connection: &connection)
                queue.done()
            } catch {
                queue.fail(error, wasBusy: true)
                break
            }
        }
        queue.laneExited()
    }

    private struct RestartError: Error {}

    private func store(_ batch: ConsumedBatch, sequence: Int, lane: Int, connection: inout PostgresConnection?) throws {
        let offsets = batch.partitionOffsets
        var serialized = false
        var conflicts = 0
        var summary = RecordWriter.Summary()
        let began = ContinuousClock.now
        var waited = Duration.zero
        while true {
            do {
                if serialized { try waitForTurn(sequence, writer: nil) }
                summary = try whileReconnecting(lane: lane, connection: &connection) { writer in
                    try writer.transaction { tx in
                        let insertion = try writer.insert(batch.rows, in: tx)
                        let start = ContinuousClock.now
                        try waitForTurn(sequence, writer: writer)
                        waited += ContinuousClock.now - start
                        return try writer.complete(insertion, rejects: batch.rejects, offsets: offsets,
                                                   consumerGroup: options.group, gaps: batch.gaps, in: tx)
                    }
                }
                summary.totalSeconds = StoreConsumer.seconds(ContinuousClock.now - began)
                break
            } catch is RestartError {
                serialized = true
            } catch let error as StoreError where Self.isConflict(error) {
                // Another consumer's transaction and this one waited for each other
                // (PostgreSQL broke the cycle by failing this one): write it again.
                conflicts += 1
                if Self.trace { log("trace: batch \(sequence) met a conflicting transaction (\(error.cause?.message ?? error.message)); writing it again") }
                if conflicts >= 3 { serialized = true }
                guard conflicts < 50 else { throw error }
            } catch let error as StoreError where !Self.isConnectionProblem(error) && !batch.accepted.isEmpty {
                log("store: PostgreSQL refused a row of this batch (\(error.cause?.message ?? error.message)); finding the message at fault")
                try waitForTurn(sequence, writer: nil)
                summary = try whileReconnecting(lane: lane, connection: &connection) { writer in
                    try writeIsolating(batch, offsets: offsets, writer: writer)
                }
                break
            }
        }
        if Self.trace {
            log(String(format: "trace: batch %d of %d messages, %d rows: insert %.3f s, rollup %.3f s (%d days, %d from the batch), waiting for its turn to commit %.3f s, lane %.3f s in all",
                       sequence, batch.messageCount, batch.rows.count, summary.insertSeconds, summary.rollupSeconds,
                       summary.daysRefreshed, summary.daysFromBatchSums, StoreConsumer.seconds(waited), summary.totalSeconds))
        }
        commitToKafka(batch)
        lock.withLock {
            statistics.stored += summary.inserted
            statistics.duplicates += summary.duplicates
            statistics.batches += 1
            lastCommit = .now
        }
        order.committed(sequence)
    }

    /// Waits until every batch before `sequence` has committed. With
    /// `writer` (inside a transaction), checks meanwhile that this lane does
    /// not block another lane's insert; if it does, throws `RestartError`.
    private func waitForTurn(_ sequence: Int, writer: RecordWriter?) throws {
        var ticks = 0
        try order.waitForTurn(sequence) {
            // The failure itself is reported by the lane that had it.
            if queue.failure != nil { throw IngestError(.database, "an earlier batch could not be stored") }
            if abort.isStopped { throw IngestError(.interrupted, "stopped while storing") }
            ticks += 1
            guard let writer, ticks % 4 == 0 else { return }
            let mine = writer.connection.backendPID
            let others = lock.withLock { backendPIDs.values.filter { $0 != mine } }
            guard !others.isEmpty else { return }
            let blocking = try Self.storeErrors {
                try writer.connection.query("""
                    SELECT EXISTS (SELECT 1 FROM unnest($1::int[]) AS o(pid) WHERE pg_backend_pid() = ANY (pg_blocking_pids(o.pid)))
                    """, [.array(others.map { String($0) })])
            }
            if blocking.scalar?.bool == true {
                if Self.trace { log("trace: batch \(sequence) blocks an earlier one; rolling back to write it after its turn") }
                throw RestartError()
            }
        }
    }

    /// One transaction per half until the messages the store refuses are
    /// found; they become rejects, saved with the offsets in a last transaction.
    private func writeIsolating(_ batch: ConsumedBatch, offsets: [PartitionOffset], writer: RecordWriter) throws -> RecordWriter.Summary {
        var rejects = batch.rejects
        var total = RecordWriter.Summary()
        func attempt(_ range: Range<Int>) throws {
            guard !range.isEmpty else { return }
            do {
                let summary = try writer.write(batch.rows(ofAccepted: range))
                total.inserted += summary.inserted
                total.duplicates += summary.duplicates
            } catch let error as StoreError where !Self.isConnectionProblem(error) {
                if range.count == 1, let entry = batch.accepted[range].first {
                    let reason = "the store refused it: \(error.cause?.message ?? error.message)"
                    rejects.append(batch.reject(entry, reason: reason))
                    log("store: rejected \(entry.topic)[\(entry.partition)]@\(entry.offset): \(reason)")
                } else {
                    let middle = range.lowerBound + range.count / 2
                    try attempt(range.lowerBound..<middle)
                    try attempt(middle..<range.upperBound)
                }
            }
        }
        try attempt(0..<batch.accepted.count)
        let last = try writer.write([], rejects: rejects, offsets: offsets, consumerGroup: options.group, gaps: batch.gaps)
        total.rejected = last.rejected
        return total
    }

    /// Runs `body` with this lane's writer; while the store is unreachable,
    /// waits, reconnects and runs it again.
    private func whileReconnecting<T>(lane: Int, connection: inout PostgresConnection?,
                                      _ body: (RecordWriter) throws -> T) throws -> T {
        var attempt = 0
        var since: Date?
        var lastProblem = ""
        while true {
            do {
                if connection == nil {
                    connection = try Self.storeErrors { try PostgresConnection(configuration) }
                } else if attempt > 0 {
                    try Self.storeErrors { try connection?.reconnect() }
                    lock.withLock { statistics.reconnects += 1 }
                }
                guard let current = connection else { continue }
                lock.withLock { backendPIDs[lane] = current.backendPID }
                let value = try body(RecordWriter(connection: current))
                if attempt > 0 { log("store: PostgreSQL is back; resumed") }
                return value
            } catch let error as StoreError where Self.isConnectionProblem(error) {
                let began = since ?? Date()
                since = began
                attempt += 1
                lastProblem = error.cause?.message ?? error.message
                let down = Date().timeIntervalSince(began)
                if let limit = options.giveUpAfter, down >= limit {
                    throw IngestError(.database, "PostgreSQL at \(configuration.endpointDescription) has been unreachable for \(Int(down)) s; giving up. Nothing is lost: the next run resumes from the stored offsets.", cause: error)
                }
                if attempt == 1 || attempt % 10 == 0 {
                    log("store: PostgreSQL is unreachable (\(lastProblem)); retrying every few seconds, nothing is lost meanwhile")
                }
                guard abort.sleep(options.reconnect.delay(afterAttempt: attempt)) else {
                    throw IngestError(.interrupted, "stopped while waiting for PostgreSQL; what was stored stays stored, the rest is read again next time")
                }
            }
        }
    }

    private static func storeErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as PostgresError {
            throw StoreError(.database, error.message, cause: error)
        }
    }

    private func commitToKafka(_ batch: ConsumedBatch) {
        guard let consumer, !batch.nextOffsets.isEmpty else { return }
        do {
            try consumer.commit(batch.nextOffsets)
        } catch {
            // Only for lag tools: the store's offsets are what counts. A commit
            // for a partition taken away in a rebalance fails, harmlessly.
            let warn = lock.withLock { () -> Bool in
                defer { kafkaCommitWarned = true }
                return !kafkaCommitWarned
            }
            if warn { log("consume: note: committing offsets to Kafka failed (\(error)); the offsets in PostgreSQL are what counts") }
        }
    }

    /// ENERGIFLOW_TRACE=1 logs the time each batch took.
    static let trace = ProcessInfo.processInfo.environment["ENERGIFLOW_TRACE"] == "1"

    /// True for a deadlock or serialization failure: the transaction was
    /// rolled back because of another one, and may simply run again.
    static func isConflict(_ error: StoreError) -> Bool {
        guard let state = error.cause?.sqlState else { return false }
        return state == "40P01" || state == "40001"
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
