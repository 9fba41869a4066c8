import Foundation

/// One validated observation ready to store: a price for one interval or the
/// production of one type in one hour, with where it came from.
public struct StoreRow: Sendable, Equatable {
    public var naturalKey: String
    /// The event's UTC time (start of the interval).
    public var time: Date
    public var area: String
    /// The dataset as the API spells it, e.g. "ElspotPrices".
    public var dataset: String
    /// 3600 for hourly data, 900 for 15-minute prices.
    public var intervalSeconds: Int
    public var priceEUR: Double?
    public var productionMWh: Double?
    public var productionType: String?
    /// False for rows that repeat another row's energy (DeclarationProduction's 125%/200% allocations).
    public var countsInTotals: Bool
    /// For rows that come in versions (DeclarationProduction's Preliminary, Final …):
    /// the version, which is also the natural key's last part. Rows whose keys
    /// differ only in it are versions of one observation; the store counts
    /// only the newest (see `RowVersions`). Nil for other rows.
    public var version: String?
    /// The API record as UTF-8 JSON text.
    public var payload: [UInt8]
    /// The Kafka topic (or "file:NAME" for direct loads).
    public var source: String
    public var partition: Int32?
    public var offset: Int64?

    public init(naturalKey: String, time: Date, area: String, dataset: String, intervalSeconds: Int,
                priceEUR: Double? = nil, productionMWh: Double? = nil, productionType: String? = nil,
                countsInTotals: Bool = true, version: String? = nil, payload: [UInt8], source: String,
                partition: Int32? = nil, offset: Int64? = nil) {
        self.naturalKey = naturalKey
        self.time = time
        self.area = area
        self.dataset = dataset
        self.intervalSeconds = intervalSeconds
        self.priceEUR = priceEUR
        self.productionMWh = productionMWh
        self.productionType = productionType
        self.countsInTotals = countsInTotals
        self.version = version
        self.payload = payload
        self.source = source
        self.partition = partition
        self.offset = offset
    }
}

/// A message that failed validation, kept byte for byte with the reason.
public struct RejectRow: Sendable, Equatable {
    public var source: String
    public var partition: Int32?
    public var offset: Int64?
    public var key: [UInt8]?
    public var raw: [UInt8]
    public var reason: String

    public init(source: String, partition: Int32?, offset: Int64?, key: [UInt8]?, raw: [UInt8], reason: String) {
        self.source = source
        self.partition = partition
        self.offset = offset
        self.key = key
        self.raw = raw
        self.reason = reason
    }
}

/// The next offset to read in one partition.
public struct PartitionOffset: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var nextOffset: Int64
    /// The event time of the newest message stored from the partition, when known.
    public var lastEventTime: Date?

    public init(topic: String, partition: Int32, nextOffset: Int64, lastEventTime: Date? = nil) {
        self.topic = topic
        self.partition = partition
        self.nextOffset = nextOffset
        self.lastEventTime = lastEventTime
    }
}
