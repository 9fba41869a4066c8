extension KafkaConsumer {
    /// `poll(timeout:)` run on this consumer's own thread, so the wait does
    /// not hold a thread of the Swift concurrency pool.
    public func next(timeout: Duration) async throws -> KafkaConsumerEvent? {
        try await onWorker { try self.poll(timeout: timeout) }
    }

    /// `poll(max:timeout:)` run on this consumer's own thread.
    public func nextBatch(max: Int, timeout: Duration) async throws -> [KafkaConsumerEvent] {
        try await onWorker { try self.poll(max: max, timeout: timeout) }
    }

    /// `commit` run on this consumer's own thread.
    public func commitAsync(_ nextOffsets: [KafkaTopicPartition: Int64]) async throws {
        try await onWorker { try self.commit(nextOffsets) }
    }

    /// `close` run on this consumer's own thread.
    public func closeAsync() async throws {
        try await onWorker { try self.close() }
    }
}
