import Services
import Stages

/// Kafka for live sources, resolved when such a pipeline runs: KAFKA_BROKERS,
/// else a running `energiflow broker`. A shell does not start a Kafka of its
/// own (nothing would be producing into it). Topics are the datasets' default
/// names (`elspot_topic`, …), as `energiflow ingest` uses them by default.
/// (`energiflow demo` gives its session a `FixedKafka` for its in-process cluster instead.)
struct ServiceKafkaProvider: KafkaProvider {
    var environment: [String: String]

    func bootstrapServers() throws -> String {
        switch KafkaTarget.resolve(environment: environment) {
        case .brokers(let servers):
            return servers
        case .sharedBroker(let record):
            return record.bootstrapServers
        case .inProcess:
            throw ExecutionError(.connection, "no Kafka to read from: set KAFKA_BROKERS, run `energiflow broker` in another terminal (and `energiflow ingest` into it), or try `energiflow demo`")
        }
    }
}
