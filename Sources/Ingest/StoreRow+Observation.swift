import EnergiData
import Store

extension StoreRow {
    /// The store's row for a validated observation that came from `source`
    /// (a topic, or `file:NAME` for direct loads) at a Kafka position.
    public init(_ observation: StoredObservation, source: String, partition: Int32? = nil, offset: Int64? = nil) {
        self.init(naturalKey: observation.naturalKey, time: observation.time, area: observation.area,
                  dataset: observation.dataset.apiName, intervalSeconds: observation.intervalSeconds,
                  priceEUR: observation.priceEUR, productionMWh: observation.productionMWh,
                  productionType: observation.productionType, countsInTotals: observation.countsInTotals,
                  version: observation.version,
                  payload: observation.payload, source: source, partition: partition, offset: offset)
    }
}
