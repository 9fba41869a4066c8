import Render

/// Rendering 100,000 points into a 120×30 braille chart (the chart stage's renderer).
enum ChartSection {
    static func run(points: Int) throws {
        let result = try ChartBenchmark.run(points: points, width: 120, height: 30, runs: 30)
        func median(_ xs: [Double]) -> Double { xs[xs.count / 2] }
        BenchOutput.figure("chart.points", Double(points), "points")
        BenchOutput.figure("chart.render_median_ms", median(result.rowSetMilliseconds), "ms", decimals: 2)
        BenchOutput.figure("chart.render_best_ms", result.rowSetMilliseconds.first ?? 0, "ms", decimals: 2)
        BenchOutput.figure("chart.render_from_series_median_ms", median(result.seriesMilliseconds), "ms", decimals: 2)
    }
}
