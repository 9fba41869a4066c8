import Foundation

/// A thread this module owns that calls a blocking poll body in a loop until
/// stopped, so librdkafka's blocking polls never run on the Swift concurrency pool.
final class KafkaPollThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var finished = false

    /// Starts the thread; `body` should block briefly (e.g. poll with a 100 ms timeout).
    init(name: String, body: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while !isStopping { body() }
            condition.withLock {
                finished = true
                condition.broadcast()
            }
        }
        thread.name = name
        thread.start()
    }

    private var isStopping: Bool { condition.withLock { stopping } }

    /// Asks the loop to end and waits until it has.
    func stop() {
        condition.withLock {
            stopping = true
            while !finished { condition.wait() }
        }
    }
}

extension Duration {
    /// Whole milliseconds for librdkafka timeouts, clamped to Int32.
    var kafkaMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let millis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, millis))
    }

    /// "2.5 s" style text for messages.
    var kafkaDescription: String {
        let millis = Double(kafkaMilliseconds)
        return millis < 1000 ? "\(Int(millis)) ms" : "\(String(format: "%g", millis / 1000)) s"
    }
}
