/// Gives live sources (`tail`) what they need to reach Kafka, resolved only
/// when such a pipeline runs. A placeholder for the live-tail work: it will
/// grow what the Kafka consumer needs.
public protocol KafkaProvider: Sendable {
    /// `host:port[,host:port…]` of the brokers (KAFKA_BROKERS, the running
    /// `energiflow broker`, or an embedded cluster).
    func bootstrapServers() throws -> String
}
