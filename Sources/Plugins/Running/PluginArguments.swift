import Basics
import Foundation
import Query
import Tabular

/// A bound stage's arguments as the plugin's command line: `--name value`
/// for every argument that has a value (given or a default), in the order
/// the manifest declares them; absent optional arguments are left out.
///
/// Values, always one argv word each:
/// - word, text, column, choice: as is (no quotes, spaces kept);
/// - number: `2`, `2.5`; integer: `3`; bool: `true` / `false`;
/// - duration: as written (`7d`, `15m`, `1h30m`);
/// - date: `2024-01-31`; date-time: ISO 8601 with offset, a time written
///   without a zone read in the pipeline's time zone (`2024-01-31T12:00:00+01:00`);
/// - list: the items comma-joined (`DK1,DK2`).
public enum PluginArguments {
    public static func commandLine(for stage: BoundStage, timeZone: TimeZone = .copenhagen) -> [String] {
        var argv: [String] = []
        for spec in stage.spec.arguments {
            guard let value = stage[spec.name] else { continue }
            argv += ["--" + spec.name, text(value, timeZone: timeZone)]
        }
        return argv
    }

    /// One value as the plugin receives it.
    public static func text(_ value: ArgumentValue, timeZone: TimeZone) -> String {
        switch value {
        case .word(let s), .text(let s), .column(let s): return s
        case .number, .integer, .bool, .duration, .expression: return value.description
        case .date(let d): return d.description
        case .dateTime(let t):
            guard let date = t.date(in: timeZone) else { return t.normalized }
            // In the offset the text gave, or else in the pipeline's zone.
            let stamp = t.utcOffset.map { Timestamp(date, utcOffset: $0, fractionDigits: 3) } ?? Timestamp(date, in: timeZone, fractionDigits: 3)
            return RowEncoder.timeFormat.string(stamp)
        case .list(let items): return items.map { text($0, timeZone: timeZone) }.joined(separator: ",")
        }
    }
}
