import EnergiData
import Store

extension EncodedRows {
    /// Adds the store's row for a row the validator handed over, from
    /// `source` (a topic) at a Kafka position: encoded in place, the natural
    /// key written straight into the batch.
    mutating func append(_ view: ObservationView, source: String, partition: Int32?, offset: Int64?) {
        let measure = view.measure
        append(time: view.time, area: view.area, productionMWh: measure.productionMWh, priceEUR: measure.priceEUR,
               productionType: measure.productionType, source: source, payload: view.payload,
               naturalKeyLength: view.naturalKeyLength, writeNaturalKey: { view.writeNaturalKey(to: $0) },
               dataset: view.dataset.apiName, intervalSeconds: view.intervalSeconds, countsInTotals: measure.countsInTotals,
               version: view.version, partition: partition, offset: offset)
    }
}
