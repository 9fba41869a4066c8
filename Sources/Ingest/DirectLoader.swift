import EnergiData
import Foundation
import Store

/// Loads a recorded file straight into the store, without Kafka: the same
/// reading, validation and idempotent write the pipeline uses. For tests,
/// benchmarks and seeding a store.
public struct DirectLoader {
    public struct Summary: Sendable, Equatable {
        public var records = 0
        public var stored = 0
        public var duplicates = 0
        public var rejected = 0
    }

    public var writer: RecordWriter
    public var batchSize: Int

    public init(writer: RecordWriter, batchSize: Int = 20_000) {
        self.writer = writer
        self.batchSize = batchSize
    }

    /// Reads `file` (any recorded form), validates each record as the consumer
    /// would, and stores the rows under the dataset's default topic as source.
    @discardableResult
    public func load(_ file: URL, dataset: Dataset? = nil) throws -> Summary {
        let recorded = try RecordFileReader(dataset: dataset).read(contentsOf: file)
        let validator = RecordValidator()
        let source = recorded.dataset.defaultTopic
        var summary = Summary()
        summary.records = recorded.records.count
        summary.rejected = recorded.rejects.count
        var batch: [StoreRow] = []
        func flush() throws {
            let written = try writer.write(batch)
            summary.stored += written.inserted
            summary.duplicates += written.duplicates
            batch.removeAll(keepingCapacity: true)
        }
        for record in recorded.records {
            switch validator.validate(record.messageValue, dataset: recorded.dataset) {
            case .accepted(let observations):
                batch.append(contentsOf: observations.map { StoreRow($0, source: source) })
            case .rejected:
                summary.rejected += 1
            }
            if batch.count >= batchSize { try flush() }
        }
        if !batch.isEmpty { try flush() }
        return summary
    }
}
