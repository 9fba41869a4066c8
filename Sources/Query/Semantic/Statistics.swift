/// The statistics aggregates compute: pure functions over the non-null
/// numbers of one group, so tests can check them by hand. The same
/// definitions hold in memory and in SQL (PostgreSQL's `percentile_cont`,
/// `stddev_pop`, `corr`).
///
/// - `mean`: the arithmetic mean; `weightedMean` Σ x·w / Σ w.
/// - `median`: `percentile(50)`; for an even count, the mean of the middle two.
/// - `percentile(N, x)`: linear interpolation between closest ranks (Excel's
///   PERCENTILE.INC, NumPy's default, R's type 7, PostgreSQL's
///   percentile_cont): sort the n values as x[0] … x[n-1], take
///   h = N / 100 · (n − 1), and return x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋+1] − x[⌊h⌋]).
///   So p(0) is the minimum, p(100) the maximum, and every p lies within the data.
/// - `standardDeviation`: the *population* standard deviation,
///   √(Σ(x − mean)² / n): one value has a spread of 0 rather than none.
/// - `correlation`: Pearson's r over the pairs where both values are present;
///   none when either side does not vary.
/// - Every statistic of no values is nil (null), except the sum (0).
public enum WindowStatistics {
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return sum(values) / Double(values.count)
    }

    /// Σ x·w / Σ w over the pairs given; nil when the weights add up to 0.
    public static func weightedMean(_ values: [Double], weights: [Double]) -> Double? {
        let total = sum(weights)
        guard total != 0 else { return nil }
        return sum(zip(values, weights).map { $0 * $1 }) / total
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
        let fraction = Swift.min(100, Swift.max(0, rank)) / 100
        // In PostgreSQL's order of operations (percentile_cont), so both give the same bits.
        let h = fraction * Double(sorted.count - 1)
        let low = Int(h.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        let part = h - Double(low)
        // Written this way so equal neighbours give exactly that value.
        return sorted[low] + part * (sorted[high] - sorted[low])
    }

    /// The population standard deviation (divide by n).
    public static func standardDeviation(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        let variance = sum(values.map { ($0 - m) * ($0 - m) }) / Double(values.count)
        return variance.squareRoot()
    }

    /// Pearson's correlation of the pairs; nil for no pairs or a side that does not vary.
    public static func correlation(_ xs: [Double], _ ys: [Double]) -> Double? {
        let n = Swift.min(xs.count, ys.count)
        guard n > 0, let mx = mean(Array(xs.prefix(n))), let my = mean(Array(ys.prefix(n))) else { return nil }
        var sxy: [Double] = [], sxx: [Double] = [], syy: [Double] = []
        sxy.reserveCapacity(n); sxx.reserveCapacity(n); syy.reserveCapacity(n)
        for i in 0..<n {
            let dx = xs[i] - mx, dy = ys[i] - my
            sxy.append(dx * dy); sxx.append(dx * dx); syy.append(dy * dy)
        }
        let vx = sum(sxx), vy = sum(syy)
        guard vx > 0, vy > 0 else { return nil }
        return Swift.max(-1, Swift.min(1, sum(sxy) / (vx * vy).squareRoot()))
    }
}
