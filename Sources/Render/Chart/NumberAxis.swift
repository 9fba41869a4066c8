import Foundation

/// Labels for a chart's x axis of plain numbers (an hour of the day, a week
/// of the year): round values (steps of 1, 2, 2.5 or 5 times a power of ten,
/// whole numbers where the data are), as many as fit with three spaces
/// between them.
public enum NumberAxis {
    public static func labels(from start: Double, to end: Double, columns: Int, subColumns: Int = 1,
                              leftRoom: Int = 0, rightRoom: Int = 0) -> [TimeAxis.Label] {
        guard columns > 0, start.isFinite, end.isFinite, end >= start else { return [] }
        let map = XMap(start: start, end: end, dots: columns * subColumns)
        var best: [TimeAxis.Label] = []
        // From many ticks to few: the first set whose labels fit.
        for intervals in stride(from: max(2, columns / 3), through: 1, by: -1) {
            let scale = NiceScale(min: start, max: end, maxIntervals: intervals)
            let ticks = scale.ticks.filter { $0 >= start - 1e-9 && $0 <= end + 1e-9 }
            guard !ticks.isEmpty else { continue }
            let labels = ticks.map { t -> TimeAxis.Label in
                let text = Self.text(t, step: scale.step)
                let width = DisplayText.width(text)
                let column = map.dot(t) / subColumns
                var first = column - (width - 1) / 2
                first = min(first, columns + rightRoom - width)
                first = max(first, -leftRoom)
                return TimeAxis.Label(time: t, column: column, start: first, text: text)
            }
            let fits = zip(labels, labels.dropFirst()).allSatisfy { a, b in
                b.start >= a.start + DisplayText.width(a.text) + TimeAxis.minimumGap
            }
            if fits { return labels }
            if best.isEmpty { best = [labels[0]] }
        }
        return best
    }

    /// A tick value with as many decimals as its step needs.
    static func text(_ value: Double, step: Double) -> String {
        if step >= 1 || step <= 0 { return String(Int64(value.rounded())) }
        let decimals = min(6, Int((-log10(step)).rounded(.up)))
        return String(format: "%.\(decimals)f", value)
    }
}
