import Foundation

/// Module-wide facts and switches of the Kafka wrapper.
public enum Kafka {
    /// The librdkafka version this process runs with, e.g. `2.0.2`.
    public static var libraryVersion: String { RDKafkaLibrary.versionString }

    /// Where librdkafka's log lines go. By default nowhere (a REPL must not
    /// get stray stderr noise); setting `ENERGIFLOW_KAFKA_DEBUG` in the
    /// environment sends them to stderr, and its value, unless it is `1` or
    /// `true`, is also passed as librdkafka's `debug` contexts (e.g. `broker,fetch`).
    public static var logHandler: KafkaLogHandler? {
        get { KafkaLog.handler }
        set { KafkaLog.handler = newValue }
    }
}

/// Receives one librdkafka log line: syslog level (0 emergency … 7 debug),
/// facility (e.g. `FAIL`, `MOCK`) and text. Called on librdkafka's threads.
public typealias KafkaLogHandler = @Sendable (_ level: Int32, _ facility: String, _ message: String) -> Void
