import EnergiData
import Foundation
import Ingest
import Kafka
import Postgres
import Store
import TestSupport

/// One test's world: an embedded Kafka cluster with every dataset topic (one
/// partition each unless asked), a fresh migrated database, and the real producer and
/// consumer between them.
final class Pipeline: @unchecked Sendable {
    let cluster: EmbeddedKafkaCluster
    let topics = TopicMap()
    let database: PostgresConfiguration
    let connection: PostgresConnection

    init(_ name: String = #function, brokers: Int = 1, partitions: Int32 = 1) throws {
        cluster = try EmbeddedKafkaCluster(brokers: brokers)
        for dataset in Dataset.allCases { try cluster.createTopic(dataset.defaultTopic, partitions: partitions) }
        database = try TestDatabase.fresh(prefix: "ingest_\(name)")
        connection = try PostgresConnection(database)
        try Migrator.migrate(connection)
    }

    var kafka: KafkaConfiguration { cluster.configuration }

    /// A producer the way `energiflow ingest` makes it.
    func publisher() throws -> RecordPublisher {
        var configuration = kafka
        for (key, value) in RecordPublisher.producerProperties { configuration[key] = value }
        return RecordPublisher(producer: try KafkaProducer(configuration: configuration), topics: topics)
    }

    /// Publishes every record of the recorded files (as `ingest --from` does); returns how many.
    @discardableResult
    func publish(_ names: String..., dataset: Dataset? = nil) throws -> Int {
        try publish(records: names.flatMap { try RecordFileReader(dataset: dataset).read(contentsOf: TestPaths.recorded($0)).records })
    }

    @discardableResult
    func publish(records: [EnergiRecord]) throws -> Int {
        let publisher = try publisher()
        for record in records { try publisher.publish(record) }
        let delivery = try publisher.flush(timeout: .seconds(60))
        guard delivery.failed == 0 else { throw IngestError(.kafka, "\(delivery.failed) messages failed") }
        return records.count
    }

    /// Raw messages, for malformed input.
    func send(topic: String, values: [[UInt8]]) throws {
        let producer = try KafkaProducer(configuration: kafka)
        for (i, value) in values.enumerated() { try producer.send(topic: topic, key: Array("raw-\(i)".utf8), value: value) }
        try producer.flush(timeout: .seconds(30))
    }

    /// Consumes until every partition is read and stored.
    @discardableResult
    func consume(group: String = StoreConsumer.Options.defaultGroup, on connection: PostgresConnection? = nil,
                 writers: Int = 2) throws -> ConsumerStatistics {
        let consumer = StoreConsumer(
            kafka: kafka, connection: connection ?? self.connection,
            options: .init(group: group, topics: topics, writers: writers, untilIdle: .milliseconds(500),
                           assignmentTimeout: .seconds(60)))
        let (statistics, ending) = try consumer.run(stop: IngestStop())
        guard ending == .caughtUp else { throw IngestError(.kafka, "the consumer ended with \(ending)") }
        return statistics
    }

    /// Consumes until every partition is read and stored and `done` says the producer finished.
    @discardableResult
    func consume(until done: @escaping @Sendable () -> Bool) throws -> ConsumerStatistics {
        let consumer = StoreConsumer(
            kafka: kafka, connection: connection,
            options: .init(topics: topics, untilIdle: .milliseconds(500), assignmentTimeout: .seconds(60)))
        let (statistics, ending) = try consumer.run(stop: IngestStop(), mayStopWhenIdle: done)
        guard ending == .caughtUp else { throw IngestError(.kafka, "the consumer ended with \(ending)") }
        return statistics
    }

    /// Publishes the files and consumes them.
    @discardableResult
    func load(_ names: String...) throws -> ConsumerStatistics {
        for name in names { try publish(name) }
        return try consume()
    }

    func count(_ sql: String, _ parameters: [PostgresValue] = []) throws -> Int {
        Int(try connection.query(sql, parameters).scalar?.int ?? -1)
    }

    /// energi_daily rows of one area by day.
    func daily(area: String) throws -> [String: DailyRow] {
        let result = try connection.query("""
            SELECT day::text, total_production_mwh, production_hours, avg_price_eur, min_price_eur, max_price_eur,
                   price_intervals, production_by_type::text, production_dataset
            FROM energi_daily WHERE price_area = $1
            """, [.text(area)])
        var rows: [String: DailyRow] = [:]
        for row in result.rows {
            guard let day = row[0].string else { continue }
            rows[day] = DailyRow(total: row[1].double, hours: Int(row[2].int ?? 0), average: row[3].double,
                                 minimum: row[4].double, maximum: row[5].double, intervals: Int(row[6].int ?? 0),
                                 byType: row[7].string, dataset: row[8].string)
        }
        return rows
    }

    /// The database as PG* variables, for child processes.
    var environment: [String: String] {
        let names = ["host": "PGHOST", "port": "PGPORT", "dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"]
        var result: [String: String] = [:]
        for (keyword, variable) in names { if let value = database[keyword] { result[variable] = value } }
        return result
    }

    deinit {
        try? TestDatabase.drop(database)
    }
}

struct DailyRow {
    var total: Double?
    var hours: Int
    var average: Double?
    var minimum: Double?
    var maximum: Double?
    var intervals: Int
    var byType: String?
    var dataset: String?
}

/// |a - b| small relative to their size.
func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-9) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
