import EnergiData
import Foundation
import Store

/// Loads a recorded file straight into the store, without Kafka: the same
/// reading, validation and idempotent write the pipeline uses. For tests,
/// benchmarks and seeding a store. The file is streamed: memory is one batch.
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
    /// A file broken part-way throws after what was read before is stored.
    @discardableResult
    public func load(_ file: URL, dataset: Dataset? = nil) throws -> Summary {
        let recorded = try RecordFileReader(dataset: dataset).stream(contentsOf: file)
        let validator = RecordValidator()
        let source = recorded.dataset.defaultTopic
        var summary = Summary()
        var batch: [StoreRow] = []
        func flush() throws {
            let written = try writer.write(batch)
            summary.stored += written.inserted
            summary.duplicates += written.duplicates
            batch.removeAll(keepingCapacity: true)
        }
        do {
            while let record = try recorded.next() {
                summary.records += 1
                switch validator.validate(record.messageValue, dataset: recorded.dataset) {
                case .accepted(let observations):
                    batch.append(contentsOf: observations.map { StoreRow($0, source: source) })
                case .rejected:
                    summary.rejected += 1
                }
                if batch.count >= batchSize { try flush() }
            }
        } catch let error as EnergiDataError {
            if !batch.isEmpty { try flush() }
            throw error
        }
        if !batch.isEmpty { try flush() }
        summary.rejected += recorded.rejectCount
        return summary
    }
}
