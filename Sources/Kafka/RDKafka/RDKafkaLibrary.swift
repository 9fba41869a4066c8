import CRDKafka

/// Library-level facts and librdkafka error translation.
enum RDKafkaLibrary {
    static var versionString: String { String(cString: rd_kafka_version_str()) }

    static func name(_ err: rd_kafka_resp_err_t) -> String { String(cString: rd_kafka_err2name(err)) }
    static func text(_ err: rd_kafka_resp_err_t) -> String { String(cString: rd_kafka_err2str(err)) }
}

extension KafkaError {
    /// An error for a librdkafka response code: `what` says what was being
    /// done (e.g. "Committing offsets for group g"); a hint saying what to do
    /// is appended from the kind of error.
    init(rdKafka err: rd_kafka_resp_err_t, _ what: String, bootstrapServers: String? = nil, reason: String? = nil) {
        let code = KafkaError.code(for: err)
        let where_ = bootstrapServers.map { " at \($0)" } ?? ""
        let hint: String
        switch code {
        case .unreachable:
            hint = "no Kafka broker answered\(where_); check that one is running and that the bootstrap servers are right"
        case .timedOut:
            hint = "the broker\(where_) did not answer in time; check that it is running and reachable"
        case .unknownTopicOrPartition:
            hint = "the topic or partition does not exist; create it first or check its name"
        case .fatal:
            hint = "the client hit an unrecoverable error and must be recreated"
        case .unsupported:
            hint = "the broker\(where_) does not support this request"
        case .invalidUse:
            hint = "the request was not valid for this client"
        default:
            hint = "the broker or librdkafka reported \(RDKafkaLibrary.text(err))"
        }
        self.init(
            code, "\(what) failed: \(hint).",
            rdKafkaName: RDKafkaLibrary.name(err), rdKafkaCode: err.rawValue,
            rdKafkaReason: reason ?? RDKafkaLibrary.text(err))
    }

    /// Same, from an `rd_kafka_error_t` which this call destroys.
    init(consuming error: OpaquePointer, _ what: String, bootstrapServers: String? = nil) {
        let err = rd_kafka_error_code(error)
        let reason = rd_kafka_error_string(error).map { String(cString: $0) }
        let fatal = rd_kafka_error_is_fatal(error) != 0
        rd_kafka_error_destroy(error)
        self.init(rdKafka: fatal ? RD_KAFKA_RESP_ERR__FATAL : err, what, bootstrapServers: bootstrapServers, reason: reason)
    }

    static func code(for err: rd_kafka_resp_err_t) -> Code {
        switch err {
        case RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE:
            return .timedOut
        case RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__RESOLVE:
            return .unreachable
        case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            return .unknownTopicOrPartition
        case RD_KAFKA_RESP_ERR__FATAL:
            return .fatal
        case RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE, RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
            return .unsupported
        case RD_KAFKA_RESP_ERR__INVALID_ARG, RD_KAFKA_RESP_ERR__UNKNOWN_GROUP, RD_KAFKA_RESP_ERR__STATE:
            return .invalidUse
        default:
            return .broker
        }
    }
}
