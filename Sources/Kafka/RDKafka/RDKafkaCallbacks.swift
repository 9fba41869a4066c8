import CRDKafka
import Foundation

/// State shared with librdkafka's callbacks, reached through the handle's
/// opaque pointer. It lives as long as its `RDKafkaHandle`, which destroys
/// the rd_kafka_t (the last point a callback can run) before releasing it.
final class RDKafkaCallbackContext: @unchecked Sendable {
    private let lock = NSLock()
    private var _delivered = 0
    private var _failed = 0
    private var _lastDeliveryError: KafkaError?
    private var _lastError: KafkaError?
    private var _fatalError: KafkaError?
    private var _wireTotals: WireTotals?
    let bootstrapServers: String

    /// What a client has sent, from librdkafka's statistics: bytes on the wire
    /// (compressed, with request framing) and messages.
    struct WireTotals: Sendable, Equatable {
        var bytes: Int64
        var messages: Int64
    }

    /// Called from inside a consumer poll on rebalance (ASSIGN or REVOKE); it
    /// must assign or unassign. When nil, librdkafka's default is applied.
    var rebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)? {
        get { lock.withLock { _rebalance } }
        set { lock.withLock { _rebalance = newValue } }
    }
    private var _rebalance: (@Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> Void)?

    init(bootstrapServers: String) { self.bootstrapServers = bootstrapServers }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext? {
        opaque.map { Unmanaged<RDKafkaCallbackContext>.fromOpaque($0).takeUnretainedValue() }
    }

    struct DeliveryCounts { var delivered: Int; var failed: Int; var lastError: KafkaError? }

    var deliveryCounts: DeliveryCounts {
        lock.withLock { DeliveryCounts(delivered: _delivered, failed: _failed, lastError: _lastDeliveryError) }
    }
    var lastError: KafkaError? { lock.withLock { _lastError } }
    var fatalError: KafkaError? { lock.withLock { _fatalError } }

    func recordDelivery(_ err: rd_kafka_resp_err_t, topic: String?) {
        if err == RD_KAFKA_RESP_ERR_NO_ERROR {
            lock.withLock { _delivered += 1 }
            return
        }
        let error = KafkaError(
            rdKafka: err, "Delivering a message to topic '\(topic ?? "?")'", bootstrapServers: bootstrapServers)
        let delivery = KafkaError(
            .delivery, error.message, rdKafkaName: error.rdKafkaName,
            rdKafkaCode: error.rdKafkaCode, rdKafkaReason: error.rdKafkaReason)
        lock.withLock {
            _failed += 1
            _lastDeliveryError = delivery
        }
    }

    var wireTotals: WireTotals? { lock.withLock { _wireTotals } }

    /// Keeps the totals of one statistics report (JSON). Only two numbers are
    /// wanted, so they are found by name rather than parsing the whole
    /// report: `tx_bytes` occurs once, at the top level; `txmsgs` also occurs
    /// per partition, and the top level's is the last in the report.
    func recordStatistics(_ json: UnsafeBufferPointer<UInt8>) {
        guard let bytes = Self.lastNumber(after: "\"tx_bytes\":", in: json),
              let messages = Self.lastNumber(after: "\"txmsgs\":", in: json) else { return }
        lock.withLock { _wireTotals = WireTotals(bytes: bytes, messages: messages) }
    }

    static func lastNumber(after name: String, in text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let pattern = Array(name.utf8)
        guard text.count > pattern.count else { return nil }
        var i = text.count - pattern.count
        while i >= 0 {
            if text[i] == pattern[0], text[i..<(i + pattern.count)].elementsEqual(pattern) {
                var j = i + pattern.count
                var value: Int64 = 0
                var digits = 0
                while j < text.count, text[j] >= 48, text[j] <= 57 {
                    value = value &* 10 &+ Int64(text[j] - 48)
                    j += 1
                    digits += 1
                }
                return digits > 0 ? value : nil
            }
            i -= 1
        }
        return nil
    }

    func recordError(_ error: KafkaError) {
        lock.withLock {
            _lastError = error
            if error.code == .fatal { _fatalError = error }
        }
    }

    /// Installs the callbacks this context serves on a conf.
    func install(on conf: OpaquePointer, deliveryReports: Bool, errors: Bool, rebalance: Bool, statistics: Bool = false) {
        rd_kafka_conf_set_opaque(conf, opaque)
        if statistics { rd_kafka_conf_set_stats_cb(conf, rdKafkaStatisticsCallback) }
        if deliveryReports { rd_kafka_conf_set_dr_msg_cb(conf, rdKafkaDeliveryCallback) }
        if errors { rd_kafka_conf_set_error_cb(conf, rdKafkaErrorCallback) }
        if rebalance { rd_kafka_conf_set_rebalance_cb(conf, rdKafkaRebalanceCallback) }
    }
}

private let rdKafkaDeliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
    _, message, opaque in
    guard let message, let context = RDKafkaCallbackContext.from(opaque) else { return }
    let err = message.pointee.err
    let topic = err == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : message.pointee.rkt.flatMap { rd_kafka_topic_name($0) }.map { String(cString: $0) }
    context.recordDelivery(err, topic: topic)
}

private let rdKafkaStatisticsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
    _, json, length, opaque in
    guard let json, let context = RDKafkaCallbackContext.from(opaque) else { return 0 }
    json.withMemoryRebound(to: UInt8.self, capacity: length) { context.recordStatistics(UnsafeBufferPointer(start: $0, count: length)) }
    return 0  // librdkafka frees the report
}

private let rdKafkaErrorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
    rk, code, reason, opaque in
    guard let context = RDKafkaCallbackContext.from(opaque) else { return }
    var err = rd_kafka_resp_err_t(rawValue: code)
    var text = reason.map { String(cString: $0) }
    if err == RD_KAFKA_RESP_ERR__FATAL, let rk {
        var buffer = [CChar](repeating: 0, count: 512)
        let underlying = rd_kafka_fatal_error(rk, &buffer, buffer.count)
        text = "\(RDKafkaLibrary.name(underlying)): " + String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        err = RD_KAFKA_RESP_ERR__FATAL
    }
    context.recordError(KafkaError(rdKafka: err, "Talking to Kafka", bootstrapServers: context.bootstrapServers, reason: text))
    KafkaLog.emit(level: 3, facility: "ERROR", message: text ?? RDKafkaLibrary.text(err))
}

private let rdKafkaRebalanceCallback: @convention(c) (
    OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?
) -> Void = { rk, err, partitions, opaque in
    guard let rk else { return }
    if let context = RDKafkaCallbackContext.from(opaque), let handler = context.rebalance, let partitions {
        handler(rk, err, partitions)
        return
    }
    RDKafkaRebalance.applyDefault(rk, err, partitions)
}

/// Applying an assignment or revocation the way librdkafka expects, for
/// both the eager and the cooperative rebalance protocols.
enum RDKafkaRebalance {
    static func isCooperative(_ rk: OpaquePointer) -> Bool {
        rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
    }

    /// Assigns (ASSIGN) or unassigns (REVOKE/other) `partitions`, returning any error text.
    @discardableResult
    static func applyDefault(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) -> String? {
        let cooperative = isCooperative(rk)
        if err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS {
            if cooperative {
                return consume(rd_kafka_incremental_assign(rk, partitions))
            }
            let result = rd_kafka_assign(rk, partitions)
            return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaLibrary.text(result)
        }
        if cooperative, let partitions {
            return consume(rd_kafka_incremental_unassign(rk, partitions))
        }
        let result = rd_kafka_assign(rk, nil)
        return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : RDKafkaLibrary.text(result)
    }

    private static func consume(_ error: OpaquePointer?) -> String? {
        guard let error else { return nil }
        defer { rd_kafka_error_destroy(error) }
        return rd_kafka_error_string(error).map { String(cString: $0) }
    }
}
