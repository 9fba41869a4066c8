import Rules
import Tabular

/// `decide` on a live input (`tail … | window 1d | decide`): each row is
/// decided as it arrives, against the rows seen so far.
///
/// The rules' statistics (`avg(price)`, per area by default) summarise the
/// rows received so far — the newest `maximumRows` — where a row with the
/// same key as an earlier one replaces it (a window emitted again as it
/// fills: key = the first time or day column with area, type and dataset
/// when the rows have them), and where open windows (`complete` = false)
/// are left out, so half a day's production does not pull the average down.
/// Only the arriving row is emitted, with its decision; earlier rows keep
/// the decisions they were shown with. An open window itself is not decided
/// (half a day's production would always look scarce): its decision is
/// null and its reason says it is open; it is decided once complete.
final class LiveDecisionStream: RowStream {
    let schema: Schema
    let input: any RowStream
    private let rules: RuleSet
    private let aliases: ColumnAliases
    private let keyIndexes: [Int]
    private let completeIndex: Int?
    private var kept: [[Value]] = []
    private var positions: [[Value]: Int] = [:]

    static let maximumRows = 5000

    init(input: any RowStream, rules: RuleSet, aliases: ColumnAliases) {
        self.input = input
        self.rules = rules
        self.aliases = aliases
        let columns = input.schema
        schema = rules.outputSchema(for: columns)
        var keys: [Int] = []
        if let time = columns.columns.firstIndex(where: \.isTemporal) { keys.append(time) }
        for name in ["area", "type", "dataset"] {
            if let index = columns.index(of: name) { keys.append(index) }
        }
        keyIndexes = keys
        completeIndex = columns.index(of: "complete").flatMap { columns.columns[$0].type == .bool ? $0 : nil }
    }

    var isLive: Bool { input.isLive }

    static let openReason = "open window: decided once it is complete"

    func next() throws -> [Value]? {
        guard let row = try input.next() else { return nil }
        let position = keep(row)
        if let completeIndex, completeIndex < row.count, row[completeIndex] == .bool(false) {
            var out = row
            while out.count < schema.columns.count { out.append(.null) }
            if let decision = schema.index(of: RuleSet.decisionColumn) { out[decision] = .null }
            if let reason = schema.index(of: RuleSet.reasonColumn) { out[reason] = .text(Self.openReason) }
            return out
        }
        var window: [[Value]] = []
        var at = 0
        for (i, kept) in kept.enumerated() {
            if i == position {
                at = window.count
            } else if let completeIndex, completeIndex < kept.count, kept[completeIndex] == .bool(false) {
                continue
            }
            window.append(kept)
        }
        let decided = try rules.apply(to: RowSet(schema: input.schema, rows: window), aliases: aliases)
        guard at < decided.rows.count else { throw ExecutionError(.internal, "decide lost the row it was deciding") }
        return decided.rows[at]
    }

    /// Stores `row` (replacing the row of the same key) and returns its place.
    private func keep(_ row: [Value]) -> Int {
        let key = keyIndexes.map { $0 < row.count ? row[$0] : Value.null }
        if keyIndexes.isEmpty {
            kept.append(row)
        } else if let i = positions[key] {
            kept[i] = row
            return i
        } else {
            positions[key] = kept.count
            kept.append(row)
        }
        if kept.count > Self.maximumRows {
            kept.removeFirst(kept.count - Self.maximumRows * 3 / 4)
            positions = [:]
            if !keyIndexes.isEmpty {
                for (i, row) in kept.enumerated() {
                    positions[keyIndexes.map { $0 < row.count ? row[$0] : Value.null }] = i
                }
            }
        }
        return kept.count - 1
    }

    func close() { input.close() }
}
