import EnergiData

/// Which Kafka topic each dataset goes to. Defaults are the datasets' own
/// topics (`elspot_topic`, `dayahead_topic`, `declaration_topic`,
/// `balance_topic`, `settlement_topic`); a prefix is put in front of all of
/// them and single datasets can be given a topic of their own.
public struct TopicMap: Sendable, Equatable {
    private var topics: [Dataset: String]

    /// - Parameters:
    ///   - prefix: put before every default topic name (`test_` → `test_elspot_topic`).
    ///   - overrides: a topic per dataset, used as is (no prefix).
    public init(prefix: String = "", overrides: [Dataset: String] = [:]) {
        var topics: [Dataset: String] = [:]
        for dataset in Dataset.allCases { topics[dataset] = overrides[dataset] ?? prefix + dataset.defaultTopic }
        self.topics = topics
    }

    /// The topic of `dataset`.
    public func topic(for dataset: Dataset) -> String {
        topics[dataset] ?? dataset.defaultTopic
    }

    /// The topics of `datasets`, in the datasets' order, without repeats.
    public func topics(for datasets: [Dataset]) -> [String] {
        var seen = Set<String>()
        return datasets.map(topic(for:)).filter { seen.insert($0).inserted }
    }

    /// The dataset a topic carries, nil for a topic of no dataset.
    public func dataset(forTopic topic: String) -> Dataset? {
        topics.first { $0.value == topic }?.key
    }

    /// Topic → dataset, for `RecordValidator(topics:)`.
    public var datasetsByTopic: [String: Dataset] {
        Dictionary(topics.map { ($0.value, $0.key) }, uniquingKeysWith: { first, _ in first })
    }

    /// Problems that make the map unusable (two datasets on one topic), as sentences.
    public var problems: [String] {
        var byTopic: [String: [Dataset]] = [:]
        for (dataset, topic) in topics { byTopic[topic, default: []].append(dataset) }
        return byTopic.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.map { topic, datasets in
            "topic \(topic) is given to \(datasets.map(\.apiName).sorted().joined(separator: " and ")); each dataset needs a topic of its own"
        } + topics.filter { $0.value.isEmpty }.map { "the topic of \($0.key.apiName) is empty" }
    }
}
