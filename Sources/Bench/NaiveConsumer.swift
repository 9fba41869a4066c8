import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres

/// The original design, for reference: read one message, validate it,
/// INSERT its row and COMMIT, then the next.
struct NaiveConsumer {
    var kafka: KafkaConfiguration
    var topic: String
    var configuration: PostgresConfiguration

    /// Produces `messages`, then consumes them one by one; returns records per second.
    func run(messages: [(key: [UInt8], value: [UInt8])]) throws -> Double {
        guard !messages.isEmpty else { return 0 }
        let producer = try KafkaProducer(configuration: kafka)
        for message in messages { try producer.send(topic: topic, key: message.key, value: message.value) }
        try producer.flush()

        let connection = try PostgresConnection(configuration)
        let consumer = try KafkaConsumer(configuration: kafka, groupID: nil)
        try consumer.assign([KafkaTopicPartition(topic: topic, partition: 0): .beginning])
        let validator = RecordValidator(topics: [topic: .declarationProduction])
        var done = 0
        var start: ContinuousClock.Instant?
        let deadline = ContinuousClock.now + .seconds(600)
        while done < messages.count, ContinuousClock.now < deadline {
            guard case .message(let message)? = try consumer.poll(timeout: .milliseconds(500)) else { continue }
            if start == nil { start = .now }
            guard case .accepted(let rows) = validator.validate(message.value, topic: message.topic), let row = rows.first else {
                throw BenchError("a benchmark message was rejected")
            }
            try connection.transaction { tx in
                try tx.execute("""
                    INSERT INTO energi_records ("timestamp", price_area, production_mwh, production_type, source, payload,
                                                natural_key, dataset, interval_seconds, counts_in_totals, kafka_partition, kafka_offset)
                    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11, $12)
                    ON CONFLICT (price_area, "timestamp", natural_key) DO NOTHING
                    """, [.timestamp(row.time), .text(row.area), .double(row.productionMWh ?? 0), .text(row.productionType ?? ""),
                          .text(message.topic), .text(String(decoding: row.payload, as: UTF8.self)), .text(row.naturalKey),
                          .text(row.dataset.apiName), .int(Int64(row.intervalSeconds)), .bool(row.countsInTotals),
                          .int(Int64(message.partition)), .int(message.offset)])
            }
            done += 1
        }
        guard let start, done == messages.count else { throw BenchError("the naive consumer read \(done) of \(messages.count) messages") }
        return Double(done) / StoreConsumer.seconds(ContinuousClock.now - start)
    }
}
