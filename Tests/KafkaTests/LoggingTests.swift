import Foundation
import Kafka
import Testing

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [(Int32, String, String)] = []
    func add(_ level: Int32, _ facility: String, _ message: String) { lock.withLock { lines.append((level, facility, message)) } }
    var all: [(Int32, String, String)] { lock.withLock { lines } }
}

@Suite("librdkafka log routing", .serialized)
struct LoggingTests {
    @Test("librdkafka's log lines reach a Swift handler when one is set")
    func logHandlerReceivesLines() throws {
        let previous = Kafka.logHandler
        defer { Kafka.logHandler = previous }
        let lines = LogLines()
        Kafka.logHandler = { level, facility, message in lines.add(level, facility, message) }

        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"))
        try producer.send(topic: "nowhere", key: nil, value: [1])
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !lines.all.contains(where: { $0.2.contains("127.0.0.1:1") }) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let refused = lines.all.first { $0.2.contains("127.0.0.1:1") }
        #expect(refused != nil, "a log line about the refused connection")
        #expect((refused?.0 ?? 99) <= 4, "logged as an error or warning")
    }
}
