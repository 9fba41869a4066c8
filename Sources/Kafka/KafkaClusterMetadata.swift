/// What a broker says about the cluster: its brokers and topics.
public struct KafkaClusterMetadata: Sendable, Equatable {
    public struct Broker: Sendable, Equatable {
        public let id: Int32
        public let host: String
        public let port: Int32
        public var address: String { "\(host):\(port)" }
    }

    public struct Partition: Sendable, Equatable {
        public let id: Int32
        public let leader: Int32
        public let replicas: [Int32]
        /// librdkafka's name of the partition's error, if the broker reported one.
        public let error: String?
    }

    public struct Topic: Sendable, Equatable {
        public let name: String
        public let partitions: [Partition]
        /// librdkafka's name of the topic's error (e.g. `UNKNOWN_TOPIC_OR_PART`), if any.
        public let error: String?
    }

    /// The cluster id, when the broker reports one.
    public let clusterID: String?
    public let brokers: [Broker]
    public let topics: [Topic]
    /// The broker that answered (id and `host:port/id` as librdkafka names it).
    public let originatingBrokerID: Int32
    public let originatingBrokerName: String

    public func topic(_ name: String) -> Topic? { topics.first { $0.name == name } }
}
