import EnergiData
import Foundation
@testable import Ingest
import Kafka
import Testing

/// The consumer's parts, each with its invariant, without Kafka or PostgreSQL.
@Suite struct ConsumerPartsTests {
    // MARK: BatchQueue

    @Test("a full queue holds the submitter back until a lane takes an item; lanes get items in order, once each")
    func queueIsBoundedAndOrdered() throws {
        let queue = BatchQueue<Int>(depth: 2, lanes: 1)
        try queue.submit(10)
        try queue.submit(11)
        let third = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? queue.submit(12)
            third.signal()
        }
        #expect(third.wait(timeout: .now() + 0.3) == .timedOut, "a third item waits while two do")
        let first = queue.next()
        #expect(first?.item == 10)
        queue.done()
        #expect(third.wait(timeout: .now() + 5) == .success)
        let second = queue.next().map { [$0.sequence, $0.item] }
        #expect(second == [1, 11])
        queue.done()
        let third2 = queue.next().map { [$0.sequence, $0.item] }
        #expect(third2 == [2, 12])
        queue.done()
        #expect(queue.isIdle)
        Thread.detachNewThread { queue.laneExited() }
        try queue.finish()
    }

    @Test("after a failure nothing more is handed out and submit and finish throw it")
    func aFailureStopsEverything() throws {
        struct Broken: Error {}
        let queue = BatchQueue<Int>(depth: 4, lanes: 1)
        try queue.submit(1)
        try queue.submit(2)
        _ = queue.next()
        queue.fail(Broken(), wasBusy: true)
        let after = queue.next()
        #expect(after == nil)
        #expect(throws: Broken.self) { try queue.submit(3) }
        queue.laneExited()
        #expect(throws: Broken.self) { try queue.finish() }
    }

    @Test("with depth 0 submit returns only once a lane took the item")
    func handOver() throws {
        let queue = BatchQueue<Int>(depth: 0, lanes: 1)
        let submitted = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? queue.submit(7)
            submitted.signal()
        }
        #expect(submitted.wait(timeout: .now() + 0.3) == .timedOut)
        let taken = queue.next()
        #expect(taken?.item == 7)
        #expect(submitted.wait(timeout: .now() + 5) == .success)
    }

    // MARK: CommitOrder

    @Test("lanes that finish in any order commit in number order")
    func commitsInOrder() throws {
        let order = CommitOrder()
        let log = Locked<[Int]>([])
        let all = DispatchGroup()
        for sequence in [3, 1, 4, 0, 2] {
            all.enter()
            Thread.detachNewThread {
                try? order.waitForTurn(sequence, tick: .milliseconds(5)) {}
                log.mutate { $0.append(sequence) }
                order.committed(sequence)
                all.leave()
            }
        }
        #expect(all.wait(timeout: .now() + 10) == .success)
        #expect(log.value == [0, 1, 2, 3, 4])
    }

    @Test("a check that throws stops the wait")
    func waitingCanBeStopped() {
        struct Stop: Error {}
        let order = CommitOrder()
        #expect(throws: Stop.self) { try order.waitForTurn(5, tick: .milliseconds(5)) { throw Stop() } }
    }

    // MARK: IdleWatch

    @Test("an idle run stops only when settled, quiet for the idle time and at the end, at most every 200 ms")
    func idleWatch() {
        let start = ContinuousClock.now
        var watch = IdleWatch(idle: .seconds(2), assignmentTimeout: .seconds(10), now: start)
        var asked = 0
        func verdict(_ at: Duration, settled: Bool = true, assigned: Int = 4, atEnd: Bool = true) -> IdleWatch.Verdict {
            watch.verdict(at: start + at, settled: settled, assignedCount: assigned, mayStop: { true },
                          atEnd: { asked += 1; return atEnd })
        }
        var seen: [IdleWatch.Verdict] = []
        seen.append(verdict(.seconds(1)))  // not quiet long enough
        seen.append(verdict(.seconds(3), settled: false))  // a batch being written
        #expect(asked == 0)
        seen.append(verdict(.seconds(3), atEnd: false))
        seen.append(verdict(.milliseconds(3100)))  // asked again within 200 ms: not asked
        #expect(asked == 1)
        watch.messagesArrived(at: start + .seconds(4))
        seen.append(verdict(.seconds(5)))
        seen.append(verdict(.seconds(6)))
        #expect(seen == [.goOn, .goOn, .goOn, .goOn, .goOn, .caughtUp])
        var empty = IdleWatch(idle: .seconds(1), assignmentTimeout: .seconds(10), now: start)
        let early = empty.verdict(at: start + .seconds(5), settled: true, assignedCount: 0, mayStop: { true }, atEnd: { true })
        let late = empty.verdict(at: start + .seconds(11), settled: true, assignedCount: 0, mayStop: { true }, atEnd: { true })
        #expect(early == .goOn && late == .nothingAssigned)
    }

    @Test("each Kafka error is said once a minute")
    func errorThrottle() {
        var throttle = ErrorThrottle()
        let now = ContinuousClock.now
        let said = [throttle.shouldSay("broker down", at: now), throttle.shouldSay("broker down", at: now + .seconds(30)),
                    throttle.shouldSay("another", at: now + .seconds(30)), throttle.shouldSay("broker down", at: now + .seconds(61))]
        #expect(said == [true, false, true, true])
    }

    // MARK: BatchAssembler

    @Test("a batch goes when full (messages or rows) or old, never empty; every message in exactly one")
    func assembler() throws {
        let validator = RecordValidator()
        var assembler = BatchAssembler(maxMessages: 3, maxLatency: .seconds(1))
        let nothing = assembler.takeRest()
        #expect(nothing == nil)
        var taken: [ConsumedBatch] = []
        for offset in Int64(0)..<7 {
            let value = #"{"HourUTC":"2024-01-01T0\#(offset):00:00","PriceArea":"DK1","SpotPriceEUR":\#(offset)}"#
            let message = KafkaMessage(topic: "elspot_topic", partition: 0, offset: offset, key: nil, value: Array(value.utf8), timestamp: nil)
            KafkaMessageView.withView(of: message) { _ = assembler.add($0, validator: validator) }
            if assembler.isFull, let batch = assembler.takeRest() { taken.append(batch) }
        }
        #expect(taken.map(\.messageCount) == [3, 3])
        let young = assembler.take(at: .now)
        #expect(young == nil, "one message, not yet old")
        let old = assembler.take(at: .now + .seconds(2))
        let last = try #require(old)
        #expect(last.messageCount == 1)
        #expect((taken + [last]).flatMap { $0.accepted.map(\.offset) } == Array(0..<7))
        #expect(last.partitionOffsets.first?.nextOffset == 7)
    }
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
