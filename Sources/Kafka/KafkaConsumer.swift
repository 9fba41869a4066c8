import Foundation

/// A Kafka consumer with manual offset commits only.
///
/// Either `subscribe` (a consumer group shares the partitions; a hook picks
/// start offsets on each assignment) or `assign` (fixed partitions from
/// chosen positions, committing nothing). `poll` blocks up to its timeout:
/// call it from a thread of your own, or use the `async` variants, which run
/// it on a thread this consumer owns. End-of-partition events are on.
public final class KafkaConsumer: @unchecked Sendable {
    /// Decides where each newly assigned partition starts; partitions left
    /// out start at the group's committed offset (or `auto.offset.reset`).
    /// Runs inside `poll` on the polling thread. A thrown error is reported
    /// as an `.error` event and the partitions start at their committed offsets.
    public typealias AssignHook = @Sendable ([KafkaTopicPartition]) throws -> [KafkaTopicPartition: KafkaStartOffset]
    /// Told which partitions are being taken away (before they are), e.g. to commit.
    public typealias RevokeHook = @Sendable ([KafkaTopicPartition]) -> Void

    /// librdkafka settings this consumer uses unless the configuration overrides them.
    public static let defaultProperties: [String: String] = [
        "auto.offset.reset": "earliest",
        // librdkafka's mock broker holds an empty fetch for this long even when data arrives.
        "fetch.wait.max.ms": "100",
        // The smallest a real broker accepts by default: a restarted member
        // (or librdkafka's mock group, which waits this long minus 1 s
        // after a member leaves) rejoins sooner.
        "session.timeout.ms": "6000",
        "heartbeat.interval.ms": "2000",
        // Prefetch at most ~16 MB per partition: keeps memory flat whatever the backlog.
        "queued.max.messages.kbytes": "16384",
    ]
    /// Settings this consumer always uses: offsets only move when the caller commits.
    public static let forcedProperties: [String: String] = [
        "enable.auto.commit": "false",
        "enable.auto.offset.store": "false",
        "enable.partition.eof": "true",
    ]

    public let configuration: KafkaConfiguration
    /// The consumer group id (a private random one when created without a group).
    public let groupID: String
    /// False when created without a group: `commit` then refuses.
    public let canCommit: Bool

    let handle: RDKafkaHandle
    private let lock = NSLock()
    private var pending: [KafkaConsumerEvent] = []
    private var assignHook: AssignHook?
    private var revokeHook: RevokeHook?
    private var worker: KafkaWorkerThread?

    /// - Parameter groupID: the consumer group; nil for a consumer that only
    ///   `assign`s and never commits (it gets a private random group id,
    ///   which librdkafka needs for assign).
    public init(configuration: KafkaConfiguration, groupID: String?) throws {
        self.configuration = configuration
        self.canCommit = groupID != nil
        let group = groupID ?? "energiflow-private-\(UUID().uuidString.lowercased())"
        self.groupID = group
        var forced = Self.forcedProperties
        forced["group.id"] = group
        handle = try RDKafkaHandle(
            kind: .consumer,
            properties: configuration.properties(defaults: Self.defaultProperties, forced: forced),
            bootstrapServers: configuration.bootstrapServers,
            rebalance: true)
        handle.setRebalanceHandler { [weak self] event in
            self?.rebalance(event) ?? [:]
        }
    }

    deinit {
        worker?.stop()
        // The handle's deinit closes the consumer if `close` was not called.
    }

    // MARK: Subscribing and assigning

    /// Joins the consumer group and subscribes to `topics`. Assignments arrive
    /// during `poll`; `onAssign` may choose their start offsets.
    public func subscribe(topics: [String], onAssign: AssignHook? = nil, onRevoke: RevokeHook? = nil) throws {
        lock.withLock {
            assignHook = onAssign
            revokeHook = onRevoke
        }
        try handle.subscribe(topics)
    }

    /// Reads exactly these partitions from these positions (no group
    /// membership, no rebalancing), replacing any earlier assignment.
    public func assign(_ starts: [KafkaTopicPartition: KafkaStartOffset], timeout: Duration = .seconds(10)) throws {
        let raw = try rawOffsets(for: starts, timeoutMs: timeout.kafkaMilliseconds, useInvalidForCommitted: true)
        try handle.assign(starts.keys.sorted().map { ($0, raw[$0] ?? RDKafkaOffset.invalid) })
    }

    /// Assigns every partition of `topics` from the same position; returns them.
    @discardableResult
    public func assign(topics: [String], from start: KafkaStartOffset, timeout: Duration = .seconds(10)) throws -> [KafkaTopicPartition] {
        var starts: [KafkaTopicPartition: KafkaStartOffset] = [:]
        for topic in topics {
            for partition in try partitions(of: topic, timeout: timeout) { starts[partition] = start }
        }
        try assign(starts, timeout: timeout)
        return starts.keys.sorted()
    }

    /// Stops reading all partitions (assign mode).
    public func unassign() throws { try handle.unassign() }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws -> [KafkaTopicPartition] { try handle.assignment().sorted() }

    /// The partitions of `topic`, from the cluster's metadata.
    public func partitions(of topic: String, timeout: Duration = .seconds(10)) throws -> [KafkaTopicPartition] {
        // All-topics metadata: asking for one unknown topic would make some brokers
        // (librdkafka's mock among them) auto-create it.
        let metadata = try handle.metadata(timeoutMs: timeout.kafkaMilliseconds)
        guard let entry = metadata.topic(topic), entry.error == nil, !entry.partitions.isEmpty else {
            throw KafkaError(
                .unknownTopicOrPartition,
                "Topic '\(topic)' does not exist at \(configuration.bootstrapServers); create it or check its name.",
                rdKafkaName: metadata.topic(topic)?.error)
        }
        return entry.partitions.map { KafkaTopicPartition(topic: topic, partition: $0.id) }
    }

    // MARK: Polling

    /// The next event, or nil when nothing arrived within `timeout`.
    /// Throws only on a fatal error (the consumer must then be recreated).
    public func poll(timeout: Duration) throws -> KafkaConsumerEvent? {
        if let event = takePending(max: 1).first { return event }
        let event = try handle.consumerPoll(timeoutMs: timeout.kafkaMilliseconds)
        // A rebalance served during the poll may have queued an error event.
        if let event { return event }
        return takePending(max: 1).first
    }

    /// Up to `max` events: waits up to `timeout` for the first, then returns
    /// what is already fetched without waiting further.
    public func poll(max: Int, timeout: Duration) throws -> [KafkaConsumerEvent] {
        var events: [KafkaConsumerEvent] = []
        _ = try poll(max: max, timeout: timeout) { events.append($0.copied()) }
        return events
    }

    /// Like `poll(max:timeout:)`, without copying: each event goes to `body`
    /// in turn, a message as a view of librdkafka's memory that is valid only
    /// during that call (`copy()` keeps it). For consumers that turn messages
    /// into something else right away. Returns how many events were handed
    /// over. If `body` throws, the rest of this poll's messages are dropped
    /// unseen — nothing was committed for them, so they are read again after
    /// a restart — and the error is rethrown.
    @discardableResult
    public func poll(max: Int, timeout: Duration, _ body: (KafkaPolledEvent) throws -> Void) throws -> Int {
        var count = 0
        for event in takePending(max: max) {
            try event.withPolledEvent(body)
            count += 1
        }
        if count < max {
            let wait = count == 0 ? timeout.kafkaMilliseconds : 0
            count += try handle.consumerPollBatch(max: max - count, timeoutMs: wait, body)
            for event in takePending(max: max - count) {
                try event.withPolledEvent(body)
                count += 1
            }
        }
        return count
    }

    // MARK: Committing

    /// Synchronously commits, per partition, the next offset to read
    /// (the processed message's offset + 1).
    public func commit(_ nextOffsets: [KafkaTopicPartition: Int64]) throws {
        guard canCommit else {
            throw KafkaError(.invalidUse, "This Kafka consumer was created without a consumer group and never commits; create it with a group id to commit.")
        }
        try handle.commit(nextOffsets.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The group's committed next-offsets; partitions with nothing committed are absent.
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) throws -> [KafkaTopicPartition: Int64] {
        try handle.committed(partitions, timeoutMs: timeout.kafkaMilliseconds).compactMapValues { $0 }
    }

    /// The member id the group coordinator gave this consumer (nil before it joined).
    public var memberID: String? { handle.memberID() }

    /// Leaves the group (revoking through `onRevoke`) and stops fetching. Idempotent.
    public func close() throws {
        try handle.closeConsumer()
    }

    // MARK: Internals

    private func takePending(max: Int) -> [KafkaConsumerEvent] {
        lock.withLock {
            guard !pending.isEmpty, max > 0 else { return [] }
            let taken = Array(pending.prefix(max))
            pending.removeFirst(taken.count)
            return taken
        }
    }

    private func report(_ error: KafkaError) {
        lock.withLock { pending.append(.error(error)) }
    }

    /// Runs inside librdkafka's rebalance callback, on the polling thread.
    private func rebalance(_ event: RDKafkaRebalanceEvent) -> [KafkaTopicPartition: Int64] {
        switch event {
        case .assign(let partitions):
            guard let hook = lock.withLock({ assignHook }) else { return [:] }
            do {
                let starts = try hook(partitions).filter { partitions.contains($0.key) }
                return try rawOffsets(for: starts, timeoutMs: 10_000, useInvalidForCommitted: true)
            } catch {
                report(error as? KafkaError ?? KafkaError(
                    .invalidUse, "The partition-assignment hook failed (\(error)); the partitions start at their committed offsets."))
                return [:]
            }
        case .revoke(let partitions):
            lock.withLock { revokeHook }?(partitions)
            return [:]
        case .failed(let problem):
            report(KafkaError(.broker, "Applying a consumer-group rebalance failed: \(problem).", rdKafkaReason: problem))
            return [:]
        }
    }

    /// Runs a blocking call on this consumer's own thread and awaits its result.
    func onWorker<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let thread = lock.withLock { () -> KafkaWorkerThread in
            if let worker { return worker }
            let created = KafkaWorkerThread(name: "energiflow-kafka-consumer")
            worker = created
            return created
        }
        return try await withCheckedThrowingContinuation { continuation in
            thread.submit { continuation.resume(with: Result { try body() }) }
        }
    }
}
