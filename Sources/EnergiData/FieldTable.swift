import Foundation

/// A dataset's documented fields prepared for the validator's hot loop: names
/// as bytes in one buffer (no String work per message), kinds, and the role
/// each field plays. Immutable after creation; one per dataset, for the life
/// of the process.
final class FieldTable: @unchecked Sendable {
    enum Role: Equatable {
        case time, localTime, area, eur, dkk, mwh
        /// A DeclarationProduction key part, by its position in `extraKeyFields`.
        case keyPart(Int)
        /// A wide dataset's production column, by its position in `productionColumns`.
        case production(Int)
        case other
    }

    let dataset: Dataset
    let count: Int
    let names: [String]
    let kinds: [FieldKind]
    let roles: [Role]
    let timeIndex: Int
    let localTimeIndex: Int
    let areaIndex: Int
    /// -1 where the dataset has no such field.
    let eurIndex: Int, dkkIndex: Int, mwhIndex: Int
    /// DeclarationProduction's key parts, in natural-key order.
    let keyPartIndices: [Int]
    /// A wide dataset's production columns, in `productionColumns` order.
    let productionIndices: [Int]
    /// Field name bytes, back to back; field i is at `starts[i]..<starts[i + 1]`.
    private let bytes: UnsafeMutablePointer<UInt8>
    private let starts: UnsafeMutablePointer<Int>

    private init(_ dataset: Dataset) {
        self.dataset = dataset
        let fields = dataset.knownFields
        count = fields.count
        names = fields.map(\.name)
        kinds = fields.map(\.kind)
        roles = fields.map { field in
            let name = field.name
            if name == dataset.timeField { return .time }
            if name == dataset.localTimeField { return .localTime }
            if name == dataset.areaField { return .area }
            if let prices = dataset.priceFields {
                if name == prices.eur { return .eur }
                if name == prices.dkk { return .dkk }
            }
            if dataset == .declarationProduction && name == "Production_MWh" { return .mwh }
            if let k = dataset.extraKeyFields.firstIndex(of: name) { return .keyPart(k) }
            if let k = dataset.productionColumns.firstIndex(of: name) { return .production(k) }
            return .other
        }
        let roles = self.roles
        func index(_ role: Role) -> Int { roles.firstIndex(of: role) ?? -1 }
        timeIndex = index(.time)
        localTimeIndex = index(.localTime)
        areaIndex = index(.area)
        eurIndex = index(.eur)
        dkkIndex = index(.dkk)
        mwhIndex = index(.mwh)
        keyPartIndices = dataset.extraKeyFields.indices.map { index(.keyPart($0)) }
        productionIndices = dataset.productionColumns.indices.map { index(.production($0)) }
        let total = names.reduce(0) { $0 + $1.utf8.count }
        bytes = .allocate(capacity: max(total, 1))
        starts = .allocate(capacity: count + 1)
        var offset = 0
        for (k, name) in names.enumerated() {
            starts[k] = offset
            for b in name.utf8 {
                bytes[offset] = b
                offset += 1
            }
        }
        starts[count] = offset
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
    }

    private static let tables: [FieldTable] = Dataset.allCases.map(FieldTable.init)

    static func of(_ dataset: Dataset) -> FieldTable {
        tables[Dataset.allCases.firstIndex(of: dataset) ?? 0]
    }

    /// The index of the field whose name is the bytes at `key`, trying `hint`
    /// first (records usually list fields in the documented order); -1 if none.
    @inline(__always)
    func index(of key: UnsafePointer<UInt8>, length: Int, hint: Int) -> Int {
        if hint < count, matches(hint, key, length) { return hint }
        for k in 0..<count where k != hint && matches(k, key, length) { return k }
        return -1
    }

    @inline(__always)
    private func matches(_ k: Int, _ key: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        let start = starts[k]
        guard starts[k + 1] - start == length else { return false }
        return memcmp(bytes + start, key, length) == 0
    }
}
