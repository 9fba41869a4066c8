import EnergiData
import Store

extension EncodedRows {
    /// Adds the store's row for a row the validator handed over, from
    /// `source` (a topic) at a Kafka position: encoded in place, the natural
    /// key written straight into the batch.
    mutating func append(_ view: ObservationView, source: String, partition: Int32?, offset: Int64?) {
        let price: Double?, mwh: Double?, type: String?, counts: Bool
        switch view.measure {
        case .price(let eur, _): (price, mwh, type, counts) = (eur, nil, nil, true)
        case .production(let kind, let value, let countsInTotals): (price, mwh, type, counts) = (nil, value, kind, countsInTotals)
        }
        append(time: view.time, area: view.area, productionMWh: mwh, priceEUR: price, productionType: type,
               source: source, payload: view.payload,
               naturalKeyLength: view.naturalKeyLength, writeNaturalKey: { view.writeNaturalKey(to: $0) },
               dataset: view.dataset.apiName, intervalSeconds: view.intervalSeconds, countsInTotals: counts,
               version: view.version, partition: partition, offset: offset)
    }
}
