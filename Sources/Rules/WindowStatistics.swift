/// The statistics rules can ask of a window of values: pure functions over
/// the non-null numbers of one group, so tests can check them by hand.
///
/// Definitions (documented for users in `RuleFileParser`):
/// - `avg`: the arithmetic mean.
/// - `median`: `percentile(50)`; for an even count, the mean of the middle two.
/// - `p(N, x)`: linear interpolation between closest ranks (Excel's
///   PERCENTILE.INC, NumPy's default, R's type 7): sort the n values as
///   x[0] … x[n-1], take h = (n − 1) · N / 100, and return
///   x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋+1] − x[⌊h⌋]). So p(0) is the minimum, p(100)
///   the maximum, and every p lies within the data.
/// - `stddev`: the *population* standard deviation, √(Σ(x − mean)² / n): the
///   window is the whole set the rules judge, not a sample of a larger one,
///   and one value has a spread of 0 rather than none.
/// - Every statistic of no values is nil (shown as null), except `count` (0)
///   and `sum` (0).
public enum WindowStatistics {
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return sum(values) / Double(values.count)
    }

    /// Kahan–Babuška summation, so long windows of large numbers stay exact enough.
    public static func sum(_ values: [Double]) -> Double {
        var total = 0.0, compensation = 0.0
        for v in values {
            let t = total + v
            if abs(total) >= abs(v) {
                compensation += (total - t) + v
            } else {
                compensation += (v - t) + total
            }
            total = t
        }
        return total + compensation
    }

    public static func minimum(_ values: [Double]) -> Double? { values.min() }

    public static func maximum(_ values: [Double]) -> Double? { values.max() }

    public static func median(_ values: [Double]) -> Double? { percentile(50, values) }

    /// The `rank`-th percentile (0…100) by linear interpolation between closest ranks.
    public static func percentile(_ rank: Double, _ values: [Double]) -> Double? {
        guard !values.isEmpty, rank.isFinite else { return nil }
        let sorted = values.sorted()
        let clamped = Swift.min(100, Swift.max(0, rank))
        let h = Double(sorted.count - 1) * clamped / 100
        let low = Int(h.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        let fraction = h - Double(low)
        // Written this way so equal neighbours give exactly that value.
        return sorted[low] + fraction * (sorted[high] - sorted[low])
    }

    /// The population standard deviation (divide by n).
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        let variance = sum(values.map { ($0 - m) * ($0 - m) }) / Double(values.count)
        return variance.squareRoot()
    }
}
