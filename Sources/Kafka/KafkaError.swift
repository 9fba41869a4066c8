/// The one error type of the Kafka module: what went wrong, in a sentence
/// that says what to do, with librdkafka's own error kept when there is one.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is, for callers that branch on it.
    public enum Code: String, Sendable, Equatable {
        /// A configuration property was unknown or had a bad value.
        case configuration
        /// The client could not be created (librdkafka refused the configuration).
        case clientCreation
        /// No broker answered within the time allowed.
        case unreachable
        /// An operation did not finish within its timeout.
        case timedOut
        /// The topic or partition does not exist on the cluster.
        case unknownTopicOrPartition
        /// A message could not be delivered.
        case delivery
        /// The client hit an unrecoverable error and must be recreated.
        case fatal
        /// Committing or reading committed offsets failed.
        case commit
        /// The operation needs something the client was not set up for
        /// (e.g. committing on a consumer without a consumer group).
        case invalidUse
        /// The broker does not support the request (e.g. librdkafka's mock
        /// cluster has no CreateTopics).
        case unsupported
        /// Creating, reading or changing topics or the embedded cluster failed.
        case admin
        /// Any other error reported by librdkafka or the broker.
        case broker
        /// A local socket or thread problem (the port forwarder of the embedded cluster).
        case system
    }

    public let code: Code
    /// A sentence for people: what went wrong and what to do.
    public let message: String
    /// librdkafka's error name (e.g. `_TRANSPORT`, `UNKNOWN_TOPIC_OR_PART`), when the cause was a librdkafka error.
    public let rdKafkaName: String?
    /// librdkafka's numeric `rd_kafka_resp_err_t`, when the cause was a librdkafka error.
    public let rdKafkaCode: Int32?
    /// librdkafka's own text about the cause, when it gave one.
    public let rdKafkaReason: String?

    public init(
        _ code: Code, _ message: String,
        rdKafkaName: String? = nil, rdKafkaCode: Int32? = nil, rdKafkaReason: String? = nil
    ) {
        self.code = code
        self.message = message
        self.rdKafkaName = rdKafkaName
        self.rdKafkaCode = rdKafkaCode
        self.rdKafkaReason = rdKafkaReason
    }

    public var description: String {
        var text = message
        if let rdKafkaName {
            text += " (librdkafka \(rdKafkaName)"
            if let rdKafkaReason, !rdKafkaReason.isEmpty { text += ": \(rdKafkaReason)" }
            text += ")"
        } else if let rdKafkaReason, !rdKafkaReason.isEmpty {
            text += " (librdkafka: \(rdKafkaReason))"
        }
        return text
    }
}
