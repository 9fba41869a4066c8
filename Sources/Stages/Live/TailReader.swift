import EnergiData
import Foundation
import Kafka
import Tabular

/// The Kafka side of `tail`: one consumer without a consumer group
/// (`assign`, never `subscribe`: it joins no group, commits nothing and
/// cannot disturb the store's consumer), reading every partition of the
/// chosen datasets' topics from the chosen position. Messages are checked
/// with the store's `RecordValidator` and turned into rows; the rows of all
/// partitions go out in event-time order (`EventTimeMerge`).
///
/// Invalid messages are counted, not rows: the first is reported at once
/// as a warning, the count when the tail closes. A record whose natural key
/// was seen shortly before (a file replayed twice) is shown once, as the
/// store keeps it once.
final class TailReader {
    struct Options {
        var selection: TailSelection
        var start: KafkaStartOffset
        /// Upper-case areas to keep; empty keeps all.
        var areas: Set<String>
        /// Stop once every partition is read up to where it ended when the tail started.
        var toEnd: Bool
    }

    let options: Options
    private let consumer: KafkaConsumer
    private let validator: RecordValidator
    private let warnings: WarningChannel
    private let stage: String
    private var merge = EventTimeMerge<KafkaTopicPartition>()
    private var recent = RecentKeys()
    /// Per partition, the offset read up to (next offset), from messages and end-of-partition events.
    private var readUpTo: [KafkaTopicPartition: Int64] = [:]
    /// With `toEnd`: per partition, its end when the tail started.
    private var targets: [KafkaTopicPartition: Int64] = [:]
    private(set) var invalid = 0
    private(set) var repeated = 0
    private var firstInvalid: String?
    private var errorsShown: [String: Date] = [:]
    private var closed = false

    /// Connects, finds the topics' partitions and assigns them from `options.start`.
    init(configuration: KafkaConfiguration, topics: [(topic: String, dataset: Dataset)], options: Options,
         warnings: WarningChannel, stage: String, now: Date) throws {
        self.options = options
        self.warnings = warnings
        self.stage = stage
        var map: [String: Dataset] = [:]
        for entry in topics { map[entry.topic] = entry.dataset }
        validator = RecordValidator(topics: map)
        var configuration = configuration
        // A short fetch wait: rows show soon after they are produced.
        configuration["fetch.wait.max.ms"] = configuration["fetch.wait.max.ms"] ?? "100"
        do {
            consumer = try KafkaConsumer(configuration: configuration, groupID: nil)
        } catch let error as KafkaError {
            throw ExecutionError(.connection, "cannot create a Kafka consumer for \(configuration.bootstrapServers): \(error.message)", cause: error)
        }
        do {
            var partitions: [KafkaTopicPartition] = []
            var missing: [String] = []
            for entry in topics {
                do {
                    partitions += try consumer.partitions(of: entry.topic, timeout: .seconds(5))
                } catch let error as KafkaError where error.code == .unknownTopicOrPartition {
                    missing.append(entry.topic)
                }
            }
            guard !partitions.isEmpty else {
                throw ExecutionError(.query, "nothing to tail: " + (missing.count == 1 ? "topic \(missing[0]) does not" : "topics \(missing.joined(separator: ", ")) do not")
                                     + " exist at \(configuration.bootstrapServers); `energiflow ingest` creates them when it first sends records")
            }
            if !missing.isEmpty {
                warnings.warn(stage: stage, (missing.count == 1 ? "topic \(missing[0]) does not" : "topics \(missing.joined(separator: ", ")) do not")
                              + " exist (yet); reading " + Set(partitions.map(\.topic)).sorted().joined(separator: ", "))
            }
            var starts: [KafkaTopicPartition: KafkaStartOffset] = [:]
            for partition in partitions { starts[partition] = options.start }
            try consumer.assign(starts, timeout: .seconds(10))
            for partition in partitions {
                merge.open(partition, now: now)
                if options.toEnd {
                    let marks = try consumer.watermarks(topic: partition.topic, partition: partition.partition, timeout: .seconds(5))
                    targets[partition] = marks.high
                    if marks.high <= marks.low { readUpTo[partition] = marks.high }
                }
            }
        } catch let error as KafkaError {
            try? consumer.close()
            throw Self.connectionError(error, servers: configuration.bootstrapServers)
        } catch {
            try? consumer.close()
            throw error
        }
    }

    static func connectionError(_ error: KafkaError, servers: String) -> ExecutionError {
        switch error.code {
        case .unreachable, .timedOut, .broker, .fatal, .clientCreation, .system:
            return ExecutionError(.connection, "cannot read Kafka at \(servers): \(error.message)", cause: error)
        default:
            return ExecutionError(.query, "Kafka refused the tail: \(error.message)", cause: error)
        }
    }

    // MARK: Reading

    /// Waits up to `timeout` for messages and takes what came.
    func poll(timeout: TimeInterval, now: () -> Date) throws {
        let events: [KafkaConsumerEvent]
        do {
            events = try consumer.poll(max: 2000, timeout: .milliseconds(max(0, Int(timeout * 1000))))
        } catch let error as KafkaError {
            throw Self.connectionError(error, servers: consumer.configuration.bootstrapServers)
        }
        let time = now()
        for event in events {
            switch event {
            case .message(let message):
                let partition = message.topicPartition
                readUpTo[partition] = max(readUpTo[partition] ?? 0, message.nextOffset)
                merge.add(entries(of: message), to: partition, now: time)
            case .endOfPartition(let topic, let partition, let offset):
                let key = KafkaTopicPartition(topic: topic, partition: partition)
                readUpTo[key] = max(readUpTo[key] ?? 0, offset)
                merge.markEnd(key)
            case .error(let error):
                // librdkafka repeats transient errors (a broker away): say each once a minute.
                let text = error.message
                if errorsShown[text].map({ time.timeIntervalSince($0) > 60 }) ?? true {
                    errorsShown[text] = time
                    warnings.warn(stage: stage, "Kafka: \(text)")
                }
            }
        }
    }

    /// The next row in event-time order that may go out now, if any.
    func nextRow(now: Date) -> [Value]? { merge.next(now: now) }

    /// With `toEnd`: every partition is read up to its end at the start, and every row went out.
    var isCaughtUp: Bool {
        guard options.toEnd, merge.isEmpty else { return false }
        return targets.allSatisfy { (readUpTo[$0.key] ?? -1) >= $0.value }
    }

    /// The rows of one message; none for an invalid message, a repeat, other areas.
    private func entries(of message: KafkaMessage) -> [EventTimeMerge<KafkaTopicPartition>.Entry] {
        switch validator.validate(message.value.isEmpty ? nil : message.value, topic: message.topic) {
        case .rejected(let rejection):
            invalid += 1
            if firstInvalid == nil {
                let text = "\(message.topic) offset \(message.offset): \(rejection.reason)"
                firstInvalid = text
                warnings.warn(stage: stage, "skipped an invalid message (\(text))")
            }
            return []
        case .accepted(let observations):
            var entries: [EventTimeMerge<KafkaTopicPartition>.Entry] = []
            for observation in observations {
                if !options.areas.isEmpty, !options.areas.contains(observation.area) { continue }
                guard recent.insert(observation.naturalKey) else {
                    repeated += 1
                    continue
                }
                if let row = options.selection.row(observation) {
                    entries.append(.init(time: observation.time, row: row))
                }
            }
            return entries
        }
    }

    /// Stops reading (idempotent) and reports what was skipped.
    func close() {
        guard !closed else { return }
        closed = true
        try? consumer.close()
        if invalid > 1, let firstInvalid {
            warnings.warn(stage: stage, "skipped \(invalid) invalid messages in all (they are not rows; the first: \(firstInvalid))")
        }
        if repeated > 0 {
            warnings.warn(stage: stage, "showed \(repeated) repeated record\(repeated == 1 ? "" : "s") once (the same natural key as one shown shortly before)")
        }
    }

    deinit { close() }
}
