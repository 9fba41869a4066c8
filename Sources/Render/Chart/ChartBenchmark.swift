import Foundation
import Tabular

/// The chart speed measurement for scripts/bench: renders a synthetic hourly
/// series (a daily cycle plus deterministic noise, some negative) of
/// `points` points into a `width` × `height` braille chart, `runs` times,
/// and reports the times. Issue 6 asks for 100,000 points into 120×30 in
/// ≤ 20 ms (release build).
public enum ChartBenchmark {
    public struct Result: Sendable, CustomStringConvertible {
        public var points: Int
        public var width: Int
        public var height: Int
        /// Milliseconds per render from `RowSet` (series extraction included), sorted.
        public var rowSetMilliseconds: [Double]
        /// Milliseconds per render from ready-made series, sorted.
        public var seriesMilliseconds: [Double]

        public var description: String {
            func median(_ xs: [Double]) -> String { xs.isEmpty ? "-" : String(format: "%.2f", xs[xs.count / 2]) }
            return "chart: \(points) points into \(width)×\(height): median \(median(rowSetMilliseconds)) ms from rows, "
                + "\(median(seriesMilliseconds)) ms from series (best \(String(format: "%.2f", rowSetMilliseconds.first ?? 0)) ms, \(rowSetMilliseconds.count) runs)"
        }
    }

    /// Rows `hour` (time) and `price` (EUR/MWh) for the benchmark.
    public static func syntheticRows(points: Int) -> RowSet {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let start = 1_700_000_000.0
        let rows: [[Value]] = (0..<points).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(state >> 40) / Double(1 << 24) - 0.5
            let price = 60 + 40 * sin(Double(i) * 2 * .pi / 24) + 30 * noise + (i % 500 < 5 ? -120 : 0)
            return [.time(Date(timeIntervalSince1970: start + Double(i) * 3600)), .double(price)]
        }
        return RowSet(columns: [Column("hour", .time), Column("price", .double, unit: "EUR/MWh")], rows: rows)
    }

    public static func run(points: Int = 100_000, width: Int = 120, height: Int = 30, runs: Int = 20) throws -> Result {
        let rows = syntheticRows(points: points)
        let options = ChartOptions(width: width, height: height, style: .braille)
        let (series, kind) = try ChartRenderer.series(from: rows, options: options)
        var fromRows: [Double] = [], fromSeries: [Double] = []
        for _ in 0..<max(1, runs) {
            var started = DispatchTime.now().uptimeNanoseconds
            _ = try ChartRenderer.render(rows, options: options)
            fromRows.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            started = DispatchTime.now().uptimeNanoseconds
            _ = try ChartRenderer.render(series: series, kind: kind, options: options)
            fromSeries.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        return Result(points: points, width: width, height: height,
                      rowSetMilliseconds: fromRows.sorted(), seriesMilliseconds: fromSeries.sorted())
    }
}
