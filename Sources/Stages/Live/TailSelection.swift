import EnergiData
import Foundation
import Tabular

/// What a `tail` reads and the rows it makes: the datasets named by the
/// stage's words, the columns, and a decoded record as a row.
///
/// Columns are those of the store's sources, so the same stages work on
/// both: prices only → `prices`' columns (time, area, price, price_dkk,
/// dataset); production only → `production`'s (time, area, type,
/// production, dataset); both → the union (time, area, price, price_dkk,
/// type, production, dataset) where a price row has null type and
/// production and a production row null price and price_dkk. No row ever
/// holds both: they meet only after aggregation (`window`).
///
/// Production rows are those that count in totals, as in `production`:
/// DeclarationProduction's 125%/200% repeats of the Total rows are left out.
struct TailSelection: Sendable, Equatable {
    /// The words `tail` takes and the datasets each stands for.
    static let words: [(word: String, datasets: [Dataset])] = [
        ("prices", [.elspotPrices, .dayAheadPrices]),
        ("production", [.declarationProduction, .electricityBalanceNonv, .productionConsumptionSettlement]),
    ] + Dataset.allCases.map { ($0.shortName, [$0]) }

    static var wordList: [String] { words.map(\.word) }

    /// The datasets, in the order named, without repeats.
    let datasets: [Dataset]
    let schema: Schema
    private let hasPrice: Bool
    private let hasProduction: Bool

    /// The datasets of `words` (each one of `wordList`, case already matched by the binder).
    init(words chosen: [String]) {
        var datasets: [Dataset] = []
        for word in chosen {
            for dataset in Self.words.first(where: { $0.word == word })?.datasets ?? [] where !datasets.contains(dataset) {
                datasets.append(dataset)
            }
        }
        self.init(datasets: datasets)
    }

    init(datasets: [Dataset]) {
        self.datasets = datasets
        hasPrice = datasets.contains { $0.kind == .price }
        hasProduction = datasets.contains { $0.kind == .production }
        var columns = [StoreColumns.time, StoreColumns.area]
        if hasPrice { columns += [StoreColumns.price, StoreColumns.priceDKK] }
        if hasProduction { columns += [StoreColumns.type, StoreColumns.production] }
        columns.append(StoreColumns.dataset)
        schema = Schema(columns)
    }

    /// The row of one validated observation; nil for production that does
    /// not count in totals.
    func row(_ observation: StoredObservation) -> [Value]? {
        var row: [Value] = [.time(observation.time), .text(observation.area)]
        switch observation.measure {
        case .price(let eur, let dkk):
            row += [.double(eur), dkk.map(Value.double) ?? .null]
            if hasProduction { row += [.null, .null] }
        case .production(let type, let mwh, let counts):
            guard counts else { return nil }
            if hasPrice { row += [.null, .null] }
            row += [.text(type), .double(mwh)]
        }
        row.append(.text(observation.dataset.apiName))
        return row
    }
}
