import Foundation
import Kafka

/// `EnergiFlowBench produce`: synthesised DeclarationProduction messages to a
/// topic, for experiments by hand (e.g. with `energiflow consume`).
struct ProduceOnly {
    var brokers: String
    var topic: String
    var records: Int
    var first: Int
    var fixture: URL

    func run() throws {
        let synthesizer = try DeclarationSynthesizer(file: fixture)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: brokers))
        let start = ContinuousClock.now
        for index in first..<(first + records) {
            let message = synthesizer.message(index)
            try producer.send(topic: topic, key: message.key, value: message.value)
        }
        try producer.flush(timeout: .seconds(300))
        let (seconds, atto) = (ContinuousClock.now - start).components
        BenchOutput.figure("produce.records", Double(producer.deliveredCount), "records")
        BenchOutput.figure("produce.rate", Double(records) / (Double(seconds) + Double(atto) / 1e18), "records/s")
    }
}
