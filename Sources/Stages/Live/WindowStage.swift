import Query
import Tabular

/// `window 1h|1d [by=area|none]`: aggregates rows per hour or per calendar
/// day (in the pipeline's zone, Danish days by default) and area, with the
/// columns of `hourly` (1h: time, area, price, production) or `daily` (1d:
/// day, area, price, min_price, max_price, production, price_intervals,
/// production_hours), plus `complete`.
///
/// Made for `tail`: prices and production arrive in separate streams and
/// meet only here, after each is aggregated (`WindowAggregator` has the
/// rules). On a live input a window is emitted when it closes (complete =
/// true) and, while it fills, again each time the stream pauses (complete =
/// false; with stages between tail and window, whenever a newer instant of
/// it arrives); what is open when the stream ends is emitted then. Sinks and
/// `decide` downstream take a re-emitted window as replacing the earlier
/// one. On stored rows (`prices … | window 1d`) it reads everything first
/// and emits each window once.
///
/// Input: a `time` column (an instant) and `price` and/or `production`;
/// `area` and `dataset` are used when present.
struct WindowStage: TransformStage {
    let spec = StageSpec(
        name: "window", kind: .transform,
        summary: "Aggregates live rows per hour (1h) or day (1d) and area, price and production apart until they meet; columns of hourly/daily plus complete.",
        arguments: [
            ArgumentSpec("size", .duration, required: true, position: 0, bounds: 1...31_622_400, help: "1h (columns of hourly) or 1d (columns of daily; calendar days in tz)"),
            ArgumentSpec("by", .choice(["area", "none"]), default: .word("area"),
                         help: "area: a row per window and area (default); none: all areas together"),
        ],
        examples: [
            "tail elspot,balance from=beginning to=end area=DK2 | window 1d | where complete = true",
            "tail prices,production from=beginning to=end | window 1d | decide | select day area price production decision complete",
            "tail prices from=beginning limit=48 | window 1h",
            "prices area=DK2 since=2024-10-01 until=2024-10-08 | window 1d",
        ],
        columns: ["time", "day", "area", "price", "min_price", "max_price", "production", "price_intervals",
                  "production_hours", "complete"])

    static let complete = Column("complete", .bool)

    static func schema(_ size: WindowAggregator.Size) -> Schema {
        switch size {
        case .hour:
            return Schema([StoreColumns.time, StoreColumns.area, StoreColumns.price, StoreColumns.production, complete])
        case .day:
            return Schema([StoreColumns.day, StoreColumns.area, StoreColumns.price, StoreColumns.minPrice,
                           StoreColumns.maxPrice, StoreColumns.production, DailyStage.priceIntervals,
                           DailyStage.productionHours, complete])
        }
    }

    func transform(_ stage: BoundStage, input: Schema, context: ExecutionContext) throws -> PreparedTransform {
        let source = context.statement
        let size: WindowAggregator.Size
        switch stage.duration("size") {
        case let d? where d.seconds == 3600: size = .hour
        case let d? where d.seconds == 86_400 && d.parts.count == 1 && d.parts[0].unit == .day: size = .day
        case let d?:
            throw QueryError(.wrongType, "window takes 1h or 1d, not \(d.text)", at: stage.range(of: "size"), in: source,
                             note: d.seconds == 86_400 ? "1d is a calendar day (23, 24 or 25 hours); 24h is not one" : nil)
        case nil:
            throw QueryError(.missingArgument, "window needs a size: 1h or 1d", at: stage.call.nameRange, in: source)
        }
        guard let time = input.index(of: "time"), input.columns[time].type == .time else {
            throw QueryError(.wrongType, "window needs a time column (an instant) to put rows in windows",
                             at: stage.call.nameRange, in: source,
                             note: "the columns here are " + input.names.joined(separator: ", ") + "; it is made for tail, prices, production and hourly")
        }
        let price = input.index(of: "price").flatMap { input.columns[$0].isNumeric ? $0 : nil }
        let production = input.index(of: "production").flatMap { input.columns[$0].isNumeric ? $0 : nil }
        guard price != nil || production != nil else {
            throw QueryError(.wrongType, "window aggregates price and production, and the rows have neither",
                             at: stage.call.nameRange, in: source, note: "the columns here are " + input.names.joined(separator: ", "))
        }
        let layout = WindowAggregator.Layout(
            time: time, area: input.index(of: "area").flatMap { input.columns[$0].type == .text ? $0 : nil },
            price: price, production: production,
            dataset: input.index(of: "dataset").flatMap { input.columns[$0].type == .text ? $0 : nil })
        let byArea = stage.word("by") != "none"
        let output = Self.schema(size)
        return PreparedTransform(output: output, isBlocking: false) { rows, context in
            let quiet = rows.isLive ? rows.quietReporting : nil
            let aggregator = WindowAggregator(size: size, timeZone: context.timeZone, byArea: byArea, live: rows.isLive,
                                              quietPartials: quiet != nil, layout: layout)
            return WindowStream(schema: output, input: rows, aggregator: aggregator, quiet: quiet, context: context)
        }
    }
}
