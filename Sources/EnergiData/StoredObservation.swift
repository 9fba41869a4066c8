import Foundation

/// One row for `energi_records`, made by `RecordValidator` from a valid Kafka
/// message: a price or one production figure, at the event's UTC time, with
/// the raw message bytes to store as `jsonb`.
///
/// A price message gives one row. A DeclarationProduction message gives one
/// row. A wide message (ElectricityBalanceNonv, ProductionConsumptionSettlement)
/// gives one row per production column that is not null, all sharing the
/// message's payload.
public struct StoredObservation: Sendable, Hashable {
    public enum Measure: Sendable, Hashable {
        /// A price per MWh; Elspot and DayAhead both feed the EUR series
        /// (`spot_price_eur`). DKK is kept when the record has it. May be negative.
        case price(eur: Double, dkk: Double?)
        /// Production in MWh over the interval. `countsInTotals` is false for
        /// DeclarationProduction rows with FuelAllocationMethod 125% or 200%:
        /// they repeat the Total row's MWh and are stored but never summed.
        case production(type: String, mwh: Double, countsInTotals: Bool)
    }

    /// Unique per stored row; see `NaturalKey` for the format.
    public let naturalKey: String
    public let dataset: Dataset
    /// The event's UTC time (start of the interval), never the time of insertion.
    public let time: Date
    public let area: String
    /// Length of the interval the value covers (3600 or 900).
    public let intervalSeconds: Int
    public let measure: Measure
    /// The Kafka message value as received (valid JSON that `jsonb` accepts).
    public let payload: [UInt8]
    /// For records that come in versions (DeclarationProduction's Version:
    /// Preliminary, Final …), the version, unescaped; it is also the natural
    /// key's last part. Nil for other records.
    public let version: String?

    public init(naturalKey: String, dataset: Dataset, time: Date, area: String, intervalSeconds: Int,
                measure: Measure, payload: [UInt8], version: String? = nil) {
        self.naturalKey = naturalKey
        self.dataset = dataset
        self.time = time
        self.area = area
        self.intervalSeconds = intervalSeconds
        self.measure = measure
        self.payload = payload
        self.version = version
    }

    public var priceEUR: Double? { measure.priceEUR }
    public var priceDKK: Double? { measure.priceDKK }
    public var productionType: String? { measure.productionType }
    public var productionMWh: Double? { measure.productionMWh }
    /// True for prices and for production that counts in totals.
    public var countsInTotals: Bool { measure.countsInTotals }
}

extension StoredObservation.Measure {
    public var priceEUR: Double? {
        if case .price(let eur, _) = self { return eur }
        return nil
    }

    public var priceDKK: Double? {
        if case .price(_, let dkk) = self { return dkk }
        return nil
    }

    public var productionType: String? {
        if case .production(let type, _, _) = self { return type }
        return nil
    }

    public var productionMWh: Double? {
        if case .production(_, let mwh, _) = self { return mwh }
        return nil
    }

    /// True for prices and for production that counts in totals.
    public var countsInTotals: Bool {
        if case .production(_, _, let counts) = self { return counts }
        return true
    }
}
