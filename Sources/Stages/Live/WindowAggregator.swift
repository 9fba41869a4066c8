import Basics
import Foundation
import EnergiData
import Store
import Tabular

/// The arithmetic of `window`: rows in, one aggregate per window (an hour,
/// or a calendar day in the pipeline's zone) and area out, with the columns
/// of `hourly` (1h) or `daily` (1d) and `complete`.
///
/// Per window and area, prices and production are aggregated apart and
/// meet only in the output row — never a price joined to a production row:
/// - price: time-weighted average (a DayAheadPrices quarter hour weighs a
///   quarter of an ElspotPrices hour), min, max, and the number of intervals;
/// - production: the sum per production dataset, of which one is shown,
///   chosen as the daily rollup chooses (`DailyRules` in Store, so two datasets
///   describing the same energy are never added); `production_hours` are its
///   distinct hours.
///
/// When a window is complete: each area has a watermark, the newest event
/// time seen of each kind (price, production) — the older of the two once
/// both have been seen, so a price published a day ahead does not close a
/// day whose production is still coming. A window whose end the watermark
/// has reached is complete (`complete` = true) and is emitted at once. A
/// row older than that (late) updates its window, which is emitted again.
///
/// Open windows show as they fill, `complete` = false: with `quietPartials`
/// when the caller says the input has paused (`showOpen()`), otherwise
/// whenever a row moves a window's newest time on (its earlier instants are
/// then done). When the input ends, `finish()` emits what is still open.
/// A non-live input (`live` false) emits nothing until `finish()`, then
/// every window once, in order.
struct WindowAggregator {
    enum Size: Equatable {
        case hour, day
    }

    /// Where the inputs' columns are; only `time` is required.
    struct Layout {
        var time: Int
        var area: Int?
        var price: Int?
        var production: Int?
        var dataset: Int?
    }

    struct Key: Hashable, Comparable {
        var start: Date
        var group: String

        static func < (a: Key, b: Key) -> Bool { (a.start, a.group) < (b.start, b.group) }
    }

    struct Production {
        var mwh = 0.0
        var hours = Set<Date>()
    }

    struct State {
        var end: Date
        var day: Day?
        var areas = Set<String>()
        var priceSum = 0.0
        var priceSeconds = 0.0
        var minPrice: Double?
        var maxPrice: Double?
        var priceIntervals = 0
        var production: [String: Production] = [:]
        var newest = Date.distantPast
        var closed = false
        /// Changed since it was last emitted.
        var changed = false
    }

    let size: Size
    let timeZone: TimeZone
    let byArea: Bool
    let live: Bool
    let quietPartials: Bool
    let layout: Layout
    /// Closed windows kept for late rows; older ones are dropped (and rows for them).
    let maximumClosed: Int

    private var windows: [Key: State] = [:]
    private var open: [String: Set<Key>] = [:]
    private var closedOrder: [Key] = []
    private var closedHead = 0
    /// Rows of windows starting at or before this instant are dropped (their windows were forgotten).
    private var horizon: Date?
    private(set) var dropped = 0
    private var marks: [String: (price: Date?, production: Date?)] = [:]
    private var cachedDay: (start: Date, end: Date, day: Day)?

    init(size: Size, timeZone: TimeZone, byArea: Bool, live: Bool, quietPartials: Bool, layout: Layout,
         maximumClosed: Int = 20_000) {
        self.size = size
        self.timeZone = timeZone
        self.byArea = byArea
        self.live = live
        self.quietPartials = quietPartials
        self.layout = layout
        self.maximumClosed = max(1, maximumClosed)
    }

    // MARK: Rows in

    /// Takes one row; returns the windows to emit now (live only).
    mutating func add(_ row: [Value]) -> [[Value]] {
        guard layout.time < row.count, case .time(let time) = row[layout.time] else { return [] }
        let area = layout.area.flatMap { $0 < row.count ? row[$0].text : nil }
        let group = byArea ? (area ?? "") : ""
        let (start, end, day) = bounds(of: time)
        if let horizon, start <= horizon {
            dropped += 1
            return []
        }
        let price = layout.price.flatMap { $0 < row.count ? row[$0].number : nil }
        let production = layout.production.flatMap { $0 < row.count ? row[$0].number : nil }
        guard price != nil || production != nil else { return [] }
        let dataset = layout.dataset.flatMap { $0 < row.count ? row[$0].text : nil } ?? ""

        var out: [[Value]] = []
        let key = Key(start: start, group: group)
        var state = windows[key] ?? State(end: end, day: day)
        if windows[key] == nil { open[group, default: []].insert(key) }
        if live, !quietPartials, !state.closed, state.changed, time > state.newest {
            out.append(output(key, state, complete: false))
            state.changed = false
        }
        if let area { state.areas.insert(area) }
        if let price {
            // Time-weighted as the daily rollup weighs prices (DailyRules): by the dataset's interval.
            let seconds = Double(Dataset(apiName: dataset)?.interval ?? 3600)
            state.priceSum += price * seconds
            state.priceSeconds += seconds
            state.minPrice = min(state.minPrice ?? price, price)
            state.maxPrice = max(state.maxPrice ?? price, price)
            state.priceIntervals += 1
        }
        if let production {
            state.production[dataset, default: Production()].mwh += production
            state.production[dataset, default: Production()].hours.insert(time)
        }
        state.newest = max(state.newest, time)
        state.changed = true
        if state.closed, live {
            // Late: its window was complete already; show it again with this row.
            out.append(output(key, state, complete: true))
            state.changed = false
        }
        windows[key] = state

        var mark = marks[group] ?? (nil, nil)
        if price != nil { mark.price = max(mark.price ?? time, time) }
        if production != nil { mark.production = max(mark.production ?? time, time) }
        marks[group] = mark
        out += close(group, watermark: [mark.price, mark.production].compactMap { $0 }.min() ?? time)
        return live ? out : []
    }

    /// The open windows that changed since they were last shown (the input paused).
    mutating func showOpen() -> [[Value]] {
        guard live else { return [] }
        var out: [[Value]] = []
        for key in open.values.flatMap({ $0 }).sorted() {
            guard var state = windows[key], state.changed else { continue }
            out.append(output(key, state, complete: false))
            state.changed = false
            windows[key] = state
        }
        return out
    }

    /// The input ended: live, the windows not yet shown as they are now;
    /// otherwise every window, in order.
    mutating func finish() -> [[Value]] {
        var out: [[Value]] = []
        for key in windows.keys.sorted() {
            guard var state = windows[key], !live || state.changed else { continue }
            out.append(output(key, state, complete: state.closed))
            state.changed = false
            windows[key] = state
        }
        return out
    }

    // MARK: Windows

    /// Closes the open windows of `group` that end at or before `watermark`.
    private mutating func close(_ group: String, watermark: Date) -> [[Value]] {
        guard let keys = open[group] else { return [] }
        var out: [[Value]] = []
        for key in keys.sorted() {
            guard var state = windows[key], state.end <= watermark else { continue }
            state.closed = true
            out.append(output(key, state, complete: true))
            state.changed = false
            windows[key] = state
            open[group]?.remove(key)
            closedOrder.append(key)
        }
        forgetOldClosed()
        return out
    }

    /// Keeps at most `maximumClosed` closed windows (the newest to close);
    /// rows for a window dropped here are dropped too (`dropped`).
    private mutating func forgetOldClosed() {
        while closedOrder.count - closedHead > maximumClosed {
            let key = closedOrder[closedHead]
            closedHead += 1
            windows[key] = nil
            horizon = max(horizon ?? key.start, key.start)
        }
        if closedHead > 4096, closedHead * 2 > closedOrder.count {
            closedOrder.removeFirst(closedHead)
            closedHead = 0
        }
    }

    /// The window an instant falls in: an hour, or the calendar day in `timeZone`.
    mutating func bounds(of time: Date) -> (start: Date, end: Date, day: Day?) {
        switch size {
        case .hour:
            if timeZone.secondsFromGMT(for: time) % 3600 == 0 {
                let start = Date(timeIntervalSince1970: (time.timeIntervalSince1970 / 3600).rounded(.down) * 3600)
                return (start, start.addingTimeInterval(3600), nil)
            }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            let interval = calendar.dateInterval(of: .hour, for: time)
            let start = interval?.start ?? time
            return (start, interval?.end ?? start.addingTimeInterval(3600), nil)
        case .day:
            if let cached = cachedDay, time >= cached.start, time < cached.end {
                return (cached.start, cached.end, cached.day)
            }
            let day = Day(containing: time, in: timeZone)
            let bounds = (start: day.start(in: timeZone), end: day.next.start(in: timeZone), day: day)
            cachedDay = bounds
            return (bounds.start, bounds.end, bounds.day)
        }
    }

    // MARK: Rows out

    /// The production dataset shown for a window: the daily rollup's choice (`DailyRules`).
    static func chosen(_ production: [String: Production]) -> Production? {
        DailyRules.chosenDataset(production.mapValues(\.hours.count)).flatMap { production[$0] }
    }

    func output(_ key: Key, _ state: State, complete: Bool) -> [Value] {
        let area: Value
        if byArea {
            area = key.group.isEmpty ? .null : .text(key.group)
        } else {
            area = state.areas.isEmpty ? .null : .text(state.areas.sorted().joined(separator: ","))
        }
        let price: Value = state.priceSeconds > 0 ? .double(state.priceSum / state.priceSeconds) : .null
        let production = Self.chosen(state.production)
        let total: Value = production.map { .double($0.mwh) } ?? .null
        switch size {
        case .hour:
            return [.time(key.start), area, price, total, .bool(complete)]
        case .day:
            return [state.day.map(Value.day) ?? .time(key.start), area, price,
                    state.minPrice.map(Value.double) ?? .null, state.maxPrice.map(Value.double) ?? .null,
                    total, .int(Int64(state.priceIntervals)), .int(Int64(production?.hours.count ?? 0)),
                    .bool(complete)]
        }
    }
}
