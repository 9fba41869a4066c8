import CRDKafka
import Foundation

extension RDKafkaHandle {
    func subscribe(_ topics: [String]) throws {
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(KafkaTopicPartition(topic: topic, partition: CRDKafka_PARTITION_UA)) }
        let err = rd_kafka_subscribe(pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Subscribing to \(topics.joined(separator: ", "))", bootstrapServers: bootstrapServers)
        }
    }

    /// Replaces the whole assignment; offsets are raw librdkafka offsets (see `RDKafkaOffset`).
    func assign(_ entries: [(KafkaTopicPartition, Int64)]) throws {
        let list = RDKafkaTopicPartitionList(entries)
        let err = rd_kafka_assign(pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Assigning partitions", bootstrapServers: bootstrapServers)
        }
    }

    func unassign() throws {
        let err = rd_kafka_assign(pointer, nil)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Unassigning partitions", bootstrapServers: bootstrapServers)
        }
    }

    /// The member id the group coordinator gave this consumer; nil before it joined.
    func memberID() -> String? {
        guard let id = rd_kafka_memberid(pointer) else { return nil }
        defer { rd_kafka_mem_free(pointer, id) }
        let text = String(cString: id)
        return text.isEmpty ? nil : text
    }

    func assignment() throws -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let err = rd_kafka_assignment(pointer, &list)
        defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Reading the consumer's assignment", bootstrapServers: bootstrapServers)
        }
        return RDKafkaTopicPartitionList.entries(of: list).map(\.topicPartition)
    }

    /// One event, or nil when none arrived within `timeoutMs`. Throws on a fatal error.
    func consumerPoll(timeoutMs: Int32) throws -> KafkaConsumerEvent? {
        var event: KafkaConsumerEvent?
        _ = try consumerPollBatch(max: 1, timeoutMs: timeoutMs) { event = $0.copied() }
        return event
    }

    /// Up to `max` events, handed to `body` one by one as they lie in
    /// librdkafka's memory (valid only during the call): waits up to
    /// `timeoutMs` for the first, then takes whatever else is already fetched
    /// without waiting. Returns how many were handed over. Once `body`
    /// throws, the rest of this poll's messages are dropped unseen (nothing
    /// was committed for them) and the error is rethrown; a fatal error is
    /// thrown after the others were handed over.
    func consumerPollBatch(max: Int, timeoutMs: Int32, _ body: (KafkaPolledEvent) throws -> Void) throws -> Int {
        guard max > 0, let first = rd_kafka_consumer_poll(pointer, timeoutMs) else { return 0 }
        var messages = [first]
        if max > 1, let queue = rd_kafka_queue_get_consumer(pointer) {
            defer { rd_kafka_queue_destroy(queue) }
            let buffer = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: max - 1)
            defer { buffer.deallocate() }
            let count = rd_kafka_consume_batch_queue(queue, 0, buffer, max - 1)
            if count > 0 {
                messages.reserveCapacity(count + 1)
                for index in 0..<count { if let message = buffer[index] { messages.append(message) } }
            }
        }
        var fatal: KafkaError?
        var failure: Error?
        var delivered = 0
        var topicName = TopicNameCache()
        for message in messages {
            defer { rd_kafka_message_destroy(message) }
            guard failure == nil else { continue }
            do {
                if let event = try polledEvent(message, topicName: &topicName) {
                    try body(event)
                    delivered += 1
                }
            } catch let error as KafkaError where error.code == .fatal {
                fatal = error
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if let fatal { throw fatal }
        return delivered
    }

    /// One message (or error/EOF) as an event; a message stays in
    /// librdkafka's memory, which the caller destroys after using it.
    private func polledEvent(_ message: UnsafeMutablePointer<rd_kafka_message_t>,
                             topicName: inout TopicNameCache) throws -> KafkaPolledEvent? {
        let m = message.pointee
        let topic = topicName.string(m.rkt.flatMap { rd_kafka_topic_name($0) })
        switch m.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
            let millis = rd_kafka_message_timestamp(message, &type)
            return .message(KafkaMessageView(
                topic: topic, partition: m.partition, offset: m.offset,
                key: m.key.map { UnsafeRawBufferPointer(start: $0, count: m.key_len) },
                value: UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len),
                timestamp: millis >= 0 ? Date(timeIntervalSince1970: Double(millis) / 1000) : nil))
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            return .endOfPartition(topic: topic, partition: m.partition, offset: m.offset)
        case RD_KAFKA_RESP_ERR__FATAL:
            throw fatalConsumerError(message)
        default:
            let reason = rd_kafka_message_errstr(message).map { String(cString: $0) }
            let subject = topic.isEmpty ? "Consuming" : "Consuming \(topic)[\(m.partition)]"
            return .error(KafkaError(rdKafka: m.err, subject, bootstrapServers: bootstrapServers, reason: reason))
        }
    }

    private func fatalConsumerError(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaError {
        var buffer = [CChar](repeating: 0, count: 512)
        let underlying = rd_kafka_fatal_error(pointer, &buffer, buffer.count)
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return KafkaError(
            .fatal, "The Kafka consumer for \(bootstrapServers) hit a fatal error and must be recreated.",
            rdKafkaName: RDKafkaLibrary.name(underlying), rdKafkaCode: underlying.rawValue, rdKafkaReason: reason)
    }

    /// Synchronously commits next-offsets for the group.
    func commit(_ entries: [(KafkaTopicPartition, Int64)]) throws {
        guard !entries.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(entries)
        let err = rd_kafka_commit(pointer, list.pointer, 0)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            let error = KafkaError(rdKafka: err, "Committing Kafka offsets", bootstrapServers: bootstrapServers)
            throw KafkaError(.commit, error.message, rdKafkaName: error.rdKafkaName, rdKafkaCode: error.rdKafkaCode, rdKafkaReason: error.rdKafkaReason)
        }
    }

    /// Committed next-offsets of the group (nil where nothing is committed).
    func committed(_ partitions: [KafkaTopicPartition], timeoutMs: Int32) throws -> [KafkaTopicPartition: Int64?] {
        let list = RDKafkaTopicPartitionList(partitions.map { ($0, CRDKafka_OFFSET_INVALID) })
        let err = rd_kafka_committed(pointer, list.pointer, timeoutMs)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Reading committed Kafka offsets", bootstrapServers: bootstrapServers)
        }
        var result: [KafkaTopicPartition: Int64?] = [:]
        for entry in list.entries {
            if entry.error != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(rdKafka: entry.error, "Reading the committed offset of \(entry.topicPartition)", bootstrapServers: bootstrapServers)
            }
            result[entry.topicPartition] = entry.offset >= 0 ? entry.offset : nil
        }
        return result
    }

    /// Moves the fetch position of assigned partitions (raw librdkafka offsets).
    func seek(_ entries: [(KafkaTopicPartition, Int64)], timeoutMs: Int32) throws {
        guard !entries.isEmpty else { return }
        let list = RDKafkaTopicPartitionList(entries)
        if let error = rd_kafka_seek_partitions(pointer, list.pointer, timeoutMs) {
            throw KafkaError(consuming: error, "Seeking", bootstrapServers: bootstrapServers)
        }
        for entry in list.entries where entry.error != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: entry.error, "Seeking \(entry.topicPartition)", bootstrapServers: bootstrapServers)
        }
    }

    /// The next offset the consumer will fetch per partition (nil when not known yet).
    func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: Int64?] {
        let list = RDKafkaTopicPartitionList(partitions.map { ($0, CRDKafka_OFFSET_INVALID) })
        let err = rd_kafka_position(pointer, list.pointer)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Reading consumer positions", bootstrapServers: bootstrapServers)
        }
        var result: [KafkaTopicPartition: Int64?] = [:]
        for entry in list.entries { result[entry.topicPartition] = entry.offset >= 0 ? entry.offset : nil }
        return result
    }

    /// The broker's answer to "earliest offset with timestamp ≥ t" per partition; -1 means none (the end).
    func offsetsForTimes(_ entries: [(KafkaTopicPartition, Int64)], timeoutMs: Int32) throws -> [KafkaTopicPartition: Int64] {
        let list = RDKafkaTopicPartitionList(entries)
        let err = rd_kafka_offsets_for_times(pointer, list.pointer, timeoutMs)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Looking up offsets by time", bootstrapServers: bootstrapServers)
        }
        var result: [KafkaTopicPartition: Int64] = [:]
        for entry in list.entries {
            if entry.error != RD_KAFKA_RESP_ERR_NO_ERROR {
                throw KafkaError(rdKafka: entry.error, "Looking up offsets by time in \(entry.topicPartition)", bootstrapServers: bootstrapServers)
            }
            result[entry.topicPartition] = entry.offset
        }
        return result
    }

    /// Low and high watermark (first offset, next offset to be written), asked of the broker.
    func watermarks(_ topicPartition: KafkaTopicPartition, timeoutMs: Int32) throws -> (low: Int64, high: Int64) {
        var low: Int64 = -1
        var high: Int64 = -1
        let err = rd_kafka_query_watermark_offsets(pointer, topicPartition.topic, topicPartition.partition, &low, &high, timeoutMs)
        if err != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(rdKafka: err, "Reading the offsets of \(topicPartition)", bootstrapServers: bootstrapServers)
        }
        return (low, high)
    }
}

/// librdkafka's special offsets, for code outside this folder.
enum RDKafkaOffset {
    static let beginning = CRDKafka_OFFSET_BEGINNING
    static let end = CRDKafka_OFFSET_END
    static let invalid = CRDKafka_OFFSET_INVALID
}

/// The last topic name turned into a String: messages of a poll come mostly
/// from one topic, and comparing the C text is cheaper than a new String each.
struct TopicNameCache {
    private var bytes: [CChar] = []
    private var last = ""

    mutating func string(_ name: UnsafePointer<CChar>?) -> String {
        guard let name else { return "" }
        let matches = bytes.withUnsafeBufferPointer { cached in
            cached.count > 0 && strcmp(cached.baseAddress!, name) == 0
        }
        if !matches {
            last = String(cString: name)
            bytes = Array(UnsafeBufferPointer(start: name, count: strlen(name) + 1))
        }
        return last
    }
}
