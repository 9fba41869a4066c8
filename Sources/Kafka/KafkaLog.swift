import Foundation

/// The process-wide destination of librdkafka's log lines (see `Kafka.logHandler`).
enum KafkaLog {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: KafkaLogHandler? = defaultHandler()

    static var handler: KafkaLogHandler? {
        get { lock.withLock { current } }
        set { lock.withLock { current = newValue } }
    }

    /// The `ENERGIFLOW_KAFKA_DEBUG` value when it names librdkafka debug
    /// contexts (anything but empty, `0`, `1`, `true`, `false`).
    static var debugContexts: String? {
        guard let value = ProcessInfo.processInfo.environment["ENERGIFLOW_KAFKA_DEBUG"] else { return nil }
        switch value.lowercased() {
        case "", "0", "1", "true", "false", "no", "yes": return nil
        default: return value
        }
    }

    static func emit(level: Int32, facility: String, message: String) {
        handler?(level, facility, message)
    }

    private static func defaultHandler() -> KafkaLogHandler? {
        guard let value = ProcessInfo.processInfo.environment["ENERGIFLOW_KAFKA_DEBUG"],
              !["", "0", "false", "no"].contains(value.lowercased())
        else { return nil }
        return { level, facility, message in
            FileHandle.standardError.write(Data("kafka[\(level)] \(facility): \(message)\n".utf8))
        }
    }
}
