import Query
import Render
import Tabular

/// `spark [VALUE] [by=COL,...] [order=COL] [width=N] [shared=true]`: one row
/// per group with the shape of a measure as a sparkline (`Sparkline.summarize`):
/// the group columns, `min` and `max` of the value (so the scale can be
/// read), and `spark`, a text column of ▁▂▃▄▅▆▇█.
///
/// Defaults: the value is `price` when there is one, else the first number
/// column; the groups are per `area` when there is one, else all rows are one
/// group; the values are taken in the order of the first time or day column.
/// Each group is scaled to its own minimum and maximum unless `shared=true`.
/// Blocking: it reads every row first.
struct SparkStage: TransformStage {
    let spec = StageSpec(
        name: "spark", kind: .transform,
        summary: "One row per group (area by default) with min, max and a sparkline of a measure (price by default).",
        arguments: [
            ArgumentSpec("value", .column, position: 0, help: "the number column (default: price, else the first number column)"),
            ArgumentSpec("by", .list(.column), help: "group columns (default: area when there is one)"),
            ArgumentSpec("order", .column, help: "the order of the values (default: the first time or day column)"),
            ArgumentSpec("width", .integer, default: .integer(48), bounds: 1...10_000, help: "characters of the sparkline; longer series are averaged down"),
            ArgumentSpec("shared", .bool, default: .bool(false), help: "one scale for every group instead of each its own"),
        ],
        examples: [
            "hourly area=DK1,DK2 since=2024-10-01 until=2024-10-08 | spark",
            "daily area=DK1,DK2,SE3 since=2024-01-01 until=2025-01-01 | spark price width=52 shared=true",
            "production area=DK2 since=2024-10-01 until=2024-10-08 by=hour,type | spark production by=type",
        ])

    static let columnName = "spark"

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        try stage.validateColumns(input.names, in: context.statement)
        guard let width = stage.integer("width"), width >= 1, width <= 10_000 else {
            throw QueryError(.wrongType, "spark needs a width from 1 to 10000 characters", at: stage.range(of: "width"))
        }
        guard let value = Self.value(stage, input) else {
            throw QueryError(.wrongType, "spark needs a number column", at: stage.call.nameRange,
                             note: "the columns here are " + input.names.joined(separator: ", "))
        }
        if let column = input.column(named: value), !column.isNumeric {
            throw QueryError(.wrongType, "\(value) is \(column.type.rawValue); a sparkline needs numbers",
                             at: stage.range(of: "value"))
        }
        let shared = stage.bool("shared") ?? false
        let output = Self.outputSchema(stage, input, value: value)
        return PreparedTransform(output: output, isBlocking: true) { rows, context in
            let schema = rows.schema
            let groups = Self.groups(stage, schema)
            let order = stage.column("order") ?? schema.columns.first(where: \.isTemporal)?.name
            var result: [[Value]]?
            var index = 0
            return MappedRowStream(schema: Self.outputSchema(stage, schema, value: value), input: rows) { input in
                if result == nil {
                    let all = RowSet(schema: schema, rows: try input.collect(cancellation: context.cancellation))
                    do {
                        result = try Sparkline.summarize(all, groupBy: groups, value: value, order: order, width: Int(width),
                                                         name: Self.columnName, sharedScale: shared).rows
                    } catch let error as RenderError {
                        throw QueryError(.wrongType, error.message, at: stage.call.range)
                    }
                }
                guard let rows = result, index < rows.count else { return nil }
                defer { index += 1 }
                return rows[index]
            }
        }
    }

    /// `value=`, else price, else the first number column.
    static func value(_ stage: BoundStage, _ input: Schema) -> String? {
        if let given = stage.column("value") { return given }
        if let price = input.column(named: "price"), price.isNumeric { return "price" }
        return input.columns.first(where: \.isNumeric)?.name
    }

    /// `by=`, else area when there is one.
    static func groups(_ stage: BoundStage, _ schema: Schema) -> [String] {
        if stage.isGiven("by") { return stage.strings("by") }
        return schema.index(of: "area") == nil ? [] : ["area"]
    }

    /// The group columns, min and max in the value's unit, and the sparkline.
    static func outputSchema(_ stage: BoundStage, _ input: Schema, value: String) -> Schema {
        let unit = input.column(named: value)?.unit
        let groups = groups(stage, input).compactMap { input.column(named: $0) }
        return Schema(groups + [Column("min", .double, unit: unit), Column("max", .double, unit: unit),
                                Column(columnName, .text)])
    }
}
