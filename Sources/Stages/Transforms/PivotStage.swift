import Basics
import Foundation
import Postgres
import Query
import Tabular

/// `pivot KEY VALUE`: turns rows into columns, one column per value of KEY
/// holding VALUE (`pivot area price` gives DK1, DE, … columns), as DuckDB's
/// PIVOT does: every other column is the row key, one row per combination
/// of them, ordered by them. The new columns come in the order of their
/// values (text by code point). Two rows for one cell are an error, never a
/// silent pick: summarize them first.
///
/// On store rows the planner asks the store for the values of KEY first
/// (a pushed pivot needs its columns before the statement is written) and
/// checks them again inside the statement's own transaction; in memory it
/// reads every row first.
struct PivotStage: TransformStage {
    /// More columns than this is a mistake (a key with a value per row).
    static let maximumColumns = 500

    let spec: StageSpec = {
        var spec = StageSpec(
        name: "pivot", kind: .transform,
        summary: "Turns rows into columns: pivot KEY VALUE makes a column per value of KEY (pivot area price).",
        arguments: [
            ArgumentSpec("key", .column, required: true, position: 0, help: "the column whose values become columns"),
            ArgumentSpec("value", .column, required: true, position: 1, help: "the column whose values fill them"),
        ],
        examples: [
            "daily area=DK1,DE since=2024-01-01 until=2025-01-01 | select day, area, price | pivot area price | where DK1 - DE > 20",
            "production area=DK2 since=2024-09-01 until=2024-09-08 by=day,type | pivot type production",
            "prices area=DK1 since=2023-12-25 until=2025-01-01 | summarize avg(price) as price by month(time), year(time) | pivot year price",
        ])
        spec.notes = [
            "Every column but KEY and VALUE is the row key (as DuckDB's PIVOT): one row per combination of them, so select the columns you want first (select day, area, price | pivot area price).",
            "The new columns are named after KEY's values (text as it is, days as 2024-01-31, numbers as written) and come in the order of those values; write a name that is not a plain word in backquotes: where `2024` > `2023`. Two rows for one cell are an error: summarize them first.",
        ]
        return spec
    }()

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        try stage.validateColumns(input.names, in: context.statement)
        guard let keyName = stage.column("key"), let key = input.column(named: keyName),
              let valueName = stage.column("value"), let value = input.column(named: valueName) else {
            throw QueryError(.missingArgument, "pivot needs a key column and a value column", at: stage.call.nameRange)
        }
        guard keyName != valueName else {
            throw QueryError(.wrongType, "pivot needs two different columns", at: stage.range(of: "value"))
        }
        let rowKeys = input.columns.filter { $0.name != keyName && $0.name != valueName }
        let statement = context.statement
        return PreparedTransform(
            output: nil, isBlocking: true,
            pushDown: { query in
                guard let database = context.database else { return false }
                let (sql, parameters) = query.distinctValues(of: key, limit: Self.maximumColumns + 1)
                let result: PostgresResult
                do {
                    result = try database.connection().query(sql, parameters)
                } catch let error as PostgresError {
                    throw ExecutionError.from(error, at: stage.call.range, in: statement, what: "the query for pivot's columns")
                }
                let values = result.rows.map { PostgresRows.value($0[0], as: key.type) }
                let names = try Self.columnNames(values, key: key, rowKeys: rowKeys, stage: stage, source: statement)
                query.pivot(rowKeys: rowKeys, key: key, value: value, keyValues: values, names: names)
                query.check(PlanCheck(sql: sql, parameters: parameters, expected: values.map(\.postgres), stage: "pivot"))
                return true
            },
            apply: { rows, context in
                let all = try rows.collect(cancellation: context.cancellation)
                let (schema, pivoted) = try Self.pivot(all, schema: rows.schema, key: keyName, value: valueName,
                                                       stage: stage, source: context.statement)
                rows.close()
                return ArrayRowStream(schema: schema, rows: pivoted)
            })
    }

    /// The column names the key's values give, checked: no missing value, no
    /// name the row keys or another value already has, not too many.
    static func columnNames(_ values: [Value], key: Column, rowKeys: [Column], stage: BoundStage,
                            source: SourceText?) throws(QueryError) -> [String] {
        guard values.count <= maximumColumns else {
            throw QueryError(.other, "pivot would make more than \(maximumColumns) columns: \(key.name) has that many values",
                             at: stage.range(of: "key"), in: source, label: "limit of \(maximumColumns) columns",
                             note: "filter the rows first, or pivot a column with fewer values")
        }
        var names: [String] = []
        for value in values {
            let name: String
            switch value {
            case .null:
                throw QueryError(.other, "pivot: some rows have no \(key.name), so they have no column to go in",
                                 at: stage.range(of: "key"), in: source,
                                 note: "give them one first, e.g. extend \(key.name) = coalesce(\(key.name), 'none')")
            case .text(let s): name = s
            case .time(let t): name = ISO8601.utcString(t)
            default: name = value.description
            }
            guard !name.isEmpty, name.utf8.count <= 63, !name.unicodeScalars.contains("\0") else {
                throw QueryError(.other, "pivot: the \(key.name) '\(DiagnosticRenderer.printable(String(name.prefix(40))))' cannot name a column",
                                 at: stage.range(of: "key"), in: source,
                                 note: "a column name has 1 to 63 bytes; change the values first with extend")
            }
            if rowKeys.contains(where: { $0.name == name }) || names.contains(name) {
                throw QueryError(.other, "pivot: the \(key.name) '\(DiagnosticRenderer.printable(name))' would make a second column named so",
                                 at: stage.range(of: "key"), in: source,
                                 note: "rename the other column first (select … as …), or change the values with extend")
            }
            names.append(name)
        }
        return names
    }

    /// Pivots rows in memory: the same columns, cells and order as the pushed statement.
    static func pivot(_ rows: [[Value]], schema: Schema, key: String, value: String, stage: BoundStage,
                      source: SourceText?) throws -> (Schema, [[Value]]) {
        guard let k = schema.index(of: key), let v = schema.index(of: value) else {
            throw QueryError(.unknownColumn, "pivot: the rows have no column \(schema.index(of: key) == nil ? key : value)",
                             at: stage.call.range, in: source)
        }
        let keyColumn = schema.columns[k]
        let rowKeyIndexes = schema.columns.indices.filter { $0 != k && $0 != v }
        let rowKeys = rowKeyIndexes.map { schema.columns[$0] }
        func cell(_ row: [Value], _ i: Int) -> Value { i < row.count ? row[i] : .null }
        var keyValues = Array(Set(rows.map { cell($0, k) }))
        keyValues.sort { Value.compare($0, $1) == .orderedAscending }
        let names = try columnNames(keyValues, key: keyColumn, rowKeys: rowKeys, stage: stage, source: source)
        let column = Dictionary(uniqueKeysWithValues: keyValues.enumerated().map { ($1, $0) })
        var groupOf: [[Value]: Int] = [:]
        var out: [[Value]] = []
        var filled: [[Bool]] = []
        for row in rows {
            let rowKey = rowKeyIndexes.map { cell(row, $0) }
            let g: Int
            if let found = groupOf[rowKey] {
                g = found
            } else {
                g = out.count
                groupOf[rowKey] = g
                out.append(rowKey + [Value](repeating: .null, count: keyValues.count))
                filled.append([Bool](repeating: false, count: keyValues.count))
            }
            guard let c = column[cell(row, k)] else { continue }
            if filled[g][c] {
                let described = zip(rowKeys, rowKey).map { "\($0.name)=\($1)" }.joined(separator: ", ")
                throw QueryError(.other, "pivot found two rows for \(names[c])\(described.isEmpty ? "" : " where \(described)")",
                                 at: stage.call.range, in: source,
                                 note: "a cell holds one value; summarize first, e.g. summarize avg(\(value)) by \(([key] + rowKeys.map(\.name)).joined(separator: ", "))")
            }
            filled[g][c] = true
            out[g][rowKeys.count + c] = cell(row, v)
        }
        var valueColumn = schema.columns[v]
        valueColumn.weight = nil
        let output = Schema(rowKeys + names.map { name in
            var c = valueColumn
            c.name = name
            return c
        })
        let order = rowKeys.map { SortKey.column($0) }
        return (output, try RowSorter.sort(out, by: order, schema: output))
    }
}
