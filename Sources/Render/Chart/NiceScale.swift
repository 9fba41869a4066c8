import Foundation

/// A y axis range widened to round numbers, with its tick values and labels:
/// steps of 1, 2, 2.5 or 5 times a power of ten.
public struct NiceScale: Sendable, Equatable {
    public let low: Double
    public let high: Double
    public let step: Double
    /// Tick values from low to high.
    public let ticks: [Double]

    /// The roundest scale covering `min...max` with at most `maxIntervals` steps.
    public init(min lo: Double, max hi: Double, maxIntervals: Int) {
        var lo = lo, hi = hi
        if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
        if lo > hi { swap(&lo, &hi) }
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        if !(hi - lo).isFinite {
            // Beyond Double's range (±1e308): just the two ends.
            (step, low, high, ticks) = (hi / 2 - lo / 2, lo, hi, [lo, hi])
            return
        }
        let intervals = Swift.max(1, maxIntervals)
        // The first (smallest) round step that needs no more than `intervals`
        // steps, or a slightly larger one when that wastes less room
        // (-500…250 by 250 rather than -600…200 by 200 for -440…180).
        var exponent = floor(log10((hi - lo) / Double(intervals))) - 1
        var chosen: (step: Double, low: Double, high: Double)? = nil
        search: while exponent < 400 {
            let power = pow(10, exponent)
            for mantissa in [1.0, 2.0, 2.5, 5.0] {
                let step = mantissa * power
                if let found = chosen, step >= found.step * 3 { break search }
                let first = floor(lo / step + 1e-9)
                let last = ceil(hi / step - 1e-9)
                guard last - first <= Double(intervals) else { continue }
                if let found = chosen, (last - first) * step >= found.high - found.low { continue }
                chosen = (step, first * step, last * step)
            }
            exponent += 1
        }
        let found = chosen ?? (step: hi - lo, low: lo, high: hi)
        step = found.step
        low = found.low
        high = found.high
        let (first, step) = ((found.low / found.step).rounded(), found.step)
        let steps = ((found.high - found.low) / step).rounded()
        let count = steps.isFinite ? Int(Swift.min(Swift.max(steps, 0), 1000)) : 1
        // Multiply rather than add, so 0.1-steps do not drift (0.30000000000000004).
        ticks = (0...count).map { i in
            let v = (first + Double(i)) * step
            return abs(v) < step * 1e-9 ? 0 : v
        }
    }

    /// Tick labels: as many decimals as the step needs, and `k`/`M`/`G` for
    /// large numbers (`15k`, `2.5M`). Zero is `0`.
    public var labels: [String] {
        let largest = Swift.max(abs(low), abs(high))
        let (divisor, suffix): (Double, String) =
            largest >= 1e10 ? (1e9, "G") : largest >= 1e7 ? (1e6, "M") : largest >= 1e4 ? (1e3, "k") : (1, "")
        let scaledStep = step / divisor
        var decimals = 0
        while decimals < 10 {
            let shifted = scaledStep * pow(10, Double(decimals))
            if abs(shifted - shifted.rounded()) < 1e-6 * Swift.max(1, shifted) { break }
            decimals += 1
        }
        return ticks.map { tick in
            tick == 0 ? "0" : CellFormat.fixed(tick / divisor, decimals: decimals) + suffix
        }
    }
}
