import CRDKafka

/// Builds `rd_kafka_conf_t` objects from property lists.
enum RDKafkaConfig {
    /// A new conf with every property set and logs routed to `KafkaLog`.
    /// The caller owns it: rd_kafka_new takes it only on success.
    static func make(_ properties: [(String, String)]) throws -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(.clientCreation, "librdkafka could not allocate a configuration.")
        }
        var all = properties
        if let contexts = KafkaLog.debugContexts, !properties.contains(where: { $0.0 == "debug" }) {
            all.append(("debug", contexts))
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in all {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let reason = String(decoding: errorText.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                let shown = isSecret(key) ? "***" : value
                let problem = result == RD_KAFKA_CONF_UNKNOWN ? "is not a librdkafka setting" : "has a value librdkafka does not accept"
                throw KafkaError(
                    .configuration,
                    "Kafka setting '\(key)' = '\(shown)' \(problem); check the name and value against librdkafka's CONFIGURATION.md.",
                    rdKafkaReason: reason)
            }
        }
        rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
        return conf
    }

    /// Checks properties by building (and destroying) a conf.
    static func validate(_ properties: [(String, String)]) throws {
        rd_kafka_conf_destroy(try make(properties))
    }

    static func isSecret(_ key: String) -> Bool {
        let lower = key.lowercased()
        return lower.contains("password") || lower.contains("secret") || lower.contains("key.pem")
    }
}

/// librdkafka log lines → `KafkaLog` (dropped when no handler is set).
private let rdKafkaLogCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
    _, level, facility, text in
    guard KafkaLog.handler != nil else { return }
    KafkaLog.emit(
        level: level,
        facility: facility.map { String(cString: $0) } ?? "",
        message: text.map { String(cString: $0) } ?? "")
}
