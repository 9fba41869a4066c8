import EnergiData
import Tabular

/// The raw datasets `raw` shows, with the payload fields it turns into
/// columns: EnergiData's documented fields of the dataset besides the time
/// and area keys (those come from the stored columns), numbers as doubles
/// with their units, text as text.
struct RawDataset: Sendable {
    var word: String
    var apiName: String
    /// The fields, in the API's order, with their column types and units.
    var fields: [Column]
    /// True for datasets stored as one row per production column (one API
    /// record → several stored rows sharing the payload): `raw` shows each record once.
    var isWide: Bool
    /// Fields that, with time and area, make a record unique (for a stable order).
    var keyFields: [String]

    init(_ dataset: Dataset) {
        word = dataset.shortName
        apiName = dataset.apiName
        isWide = dataset.isWide
        keyFields = dataset.extraKeyFields
        let keys: Set<String> = [dataset.timeField, dataset.localTimeField, dataset.areaField]
        fields = dataset.knownFields.filter { !keys.contains($0.name) }.map { field in
            switch field.kind {
            case .number: return Column(field.name, .double, unit: Self.unit(of: field.name, in: dataset))
            case .text, .utcTime, .localTime: return Column(field.name, .text)
            }
        }
    }

    /// Prices per MWh in their currency; energy in MWh (every number of the
    /// wide datasets, Production_MWh of the declaration); none for shares and emissions.
    static func unit(of field: String, in dataset: Dataset) -> String? {
        if dataset.kind == .price {
            return field.hasSuffix("DKK") ? "DKK/MWh" : (field.hasSuffix("EUR") ? "EUR/MWh" : nil)
        }
        return dataset.isWide || field.hasSuffix("_MWh") ? "MWh" : nil
    }

    static let all: [RawDataset] = Dataset.allCases.map(RawDataset.init)

    static func named(_ word: String) -> RawDataset? { all.first { $0.word == word } }
}
