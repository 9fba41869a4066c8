import Basics
import Foundation
@testable import Stages
import Tabular
import Testing

/// The rules of `window` (WindowAggregator) and of the tail's event-time
/// merge (EventTimeMerge), on rows made here with known answers.
@Suite struct LiveAggregatorTests {
    /// Rows as the tail makes them for prices and production together.
    static let layout = WindowAggregator.Layout(time: 0, area: 1, price: 2, production: 5, dataset: 6)

    /// 2024-10-01 00:00 in Copenhagen (22:00 UTC the day before) plus `hours`.
    static func time(_ hours: Double) -> Date { Date(timeIntervalSince1970: 1_727_733_600 + hours * 3600) }

    static func price(_ hours: Double, _ eur: Double, area: String = "DK2", dataset: String = "ElspotPrices") -> [Value] {
        [.time(time(hours)), .text(area), .double(eur), .null, .null, .null, .text(dataset)]
    }

    static func production(_ hours: Double, _ mwh: Double, area: String = "DK2", type: String = "Wind",
                           dataset: String = "ElectricityBalanceNonv") -> [Value] {
        [.time(time(hours)), .text(area), .null, .null, .text(type), .double(mwh), .text(dataset)]
    }

    func aggregator(_ size: WindowAggregator.Size = .day, live: Bool = true, quiet: Bool = true,
                    byArea: Bool = true) -> WindowAggregator {
        WindowAggregator(size: size, timeZone: .copenhagen, byArea: byArea, live: live, quietPartials: quiet,
                         layout: Self.layout)
    }

    // Day rows: day, area, price, min, max, production, price_intervals, production_hours, complete.

    @Test func aDayClosesWhenBothStreamsHavePassedItsEnd() {
        var window = aggregator()
        var out: [[Value]] = []
        for hour in 0..<24 {
            out += window.add(Self.price(Double(hour), 10))
            out += window.add(Self.production(Double(hour), 100))
        }
        // Tomorrow's prices (published a day ahead) do not close today: production is still at 23:00.
        for hour in 24..<30 { out += window.add(Self.price(Double(hour), 20)) }
        #expect(out.isEmpty)
        out += window.add(Self.production(24, 50))
        #expect(out.count == 1)
        #expect(out.first == [.day(Day(year: 2024, month: 10, day: 1)), .text("DK2"), .double(10), .double(10), .double(10),
                              .double(2400), .int(24), .int(24), .bool(true)])
        // At the end, the open day shows as it is.
        let rest = window.finish()
        #expect(rest == [[.day(Day(year: 2024, month: 10, day: 2)), .text("DK2"), .double(20), .double(20), .double(20),
                          .double(50), .int(6), .int(1), .bool(false)]])
    }

    @Test func anOpenWindowShowsWhenTheStreamPausesOnlyIfItChanged() {
        var window = aggregator()
        #expect(window.add(Self.price(0, 10)).isEmpty)
        #expect(window.add(Self.price(1, 30)).isEmpty)
        let shown = window.showOpen()
        #expect(shown.count == 1)
        #expect(shown.first?[2] == .double(20) && shown.first?[8] == .bool(false))
        #expect(window.showOpen().isEmpty)
        _ = window.add(Self.production(1, 5))
        #expect(window.showOpen().first?[5] == .double(5))
        #expect(window.finish().isEmpty)   // nothing changed since it was shown
    }

    @Test func withoutPausesAnOpenWindowShowsWhenANewerInstantArrives() {
        var window = aggregator(quiet: false)
        #expect(window.add(Self.price(0, 10)).isEmpty)
        #expect(window.add(Self.production(0, 7)).isEmpty)
        // 01:00 moves the day on: the day so far (00:00 complete) is shown first.
        let shown = window.add(Self.price(1, 50))
        #expect(shown == [[.day(Day(year: 2024, month: 10, day: 1)), .text("DK2"), .double(10), .double(10), .double(10),
                           .double(7), .int(1), .int(1), .bool(false)]])
        #expect(window.add(Self.production(1, 3)).isEmpty)
        #expect(window.showOpen().isEmpty == false)
    }

    @Test func aLateRowUpdatesItsClosedWindowWhichIsShownAgain() {
        var window = aggregator(.hour)
        _ = window.add(Self.price(0, 10))
        let closed = window.add(Self.price(1, 20))
        #expect(closed == [[.time(Self.time(0)), .text("DK2"), .double(10), .null, .bool(true)]])
        let late = window.add(Self.production(0, 42))
        #expect(late == [[.time(Self.time(0)), .text("DK2"), .double(10), .double(42), .bool(true)]])
    }

    @Test func theFallBackDayIsOneWindowOf25Hours() {
        var window = aggregator(live: false)
        // 2024-10-27 00:00 in Copenhagen is 2024-10-26 22:00 UTC.
        let start = Date(timeIntervalSince1970: 1_729_980_000)
        for hour in 0..<25 {
            _ = window.add([.time(start.addingTimeInterval(Double(hour) * 3600)), .text("DK2"), .double(Double(hour)),
                            .null, .null, .null, .text("ElspotPrices")])
        }
        let rows = window.finish()
        #expect(rows.count == 1)
        #expect(rows.first?[0] == .day(Day(year: 2024, month: 10, day: 27)))
        #expect(rows.first?[6] == .int(25))
        #expect(rows.first?[2] == .double(12))
    }

    @Test func aQuarterHourPriceWeighsAQuarterOfAnHour() {
        var window = aggregator(.hour, live: false)
        _ = window.add(Self.price(0, 100))   // an hour of ElspotPrices
        for quarter in 0..<2 { _ = window.add(Self.price(Double(quarter) / 4, 0, dataset: "DayAheadPrices")) }
        // (100 × 3600 + 0 × 900 × 2) / 5400
        #expect(window.finish().first?[2] == .double(100 * 3600 / 5400))
    }

    @Test func oneProductionDatasetIsShownNeverTheSumOfTwo() {
        var window = aggregator(live: false)
        for hour in 0..<24 {
            _ = window.add(Self.production(Double(hour), 10, dataset: "ElectricityBalanceNonv"))
            _ = window.add(Self.production(Double(hour), 11, dataset: "ProductionConsumptionSettlement"))
            if hour < 23 { _ = window.add(Self.production(Double(hour), 99, dataset: "DeclarationProduction")) }
        }
        // Most hours first (balance and settlement have 24, declaration 23), then settlement before the others.
        #expect(window.finish().first?[5] == .double(264))
        var two = aggregator(live: false)
        _ = two.add(Self.production(0, 10, dataset: "ElectricityBalanceNonv"))
        _ = two.add(Self.production(0, 99, dataset: "DeclarationProduction"))
        #expect(two.finish().first?[5] == .double(99))
    }

    @Test func byNoneAddsTheAreasUp() {
        var window = aggregator(live: false, byArea: false)
        _ = window.add(Self.production(0, 10, area: "DK1"))
        _ = window.add(Self.production(0, 5, area: "DK2"))
        let rows = window.finish()
        #expect(rows.count == 1)
        #expect(rows.first?[1] == .text("DK1,DK2") && rows.first?[5] == .double(15))
    }

    // MARK: Event-time merge

    @Test func theMergeWaitsForALaneThatMayStillHaveOlderRows() {
        var merge = EventTimeMerge<String>(patience: 100)
        let now = Date()
        merge.open("prices", now: now)
        merge.open("production", now: now)
        merge.add([.init(time: Self.time(0), row: [.text("p0")]), .init(time: Self.time(1), row: [.text("p1")])],
                  to: "prices", now: now)
        #expect(merge.next(now: now) == nil)   // production may still bring 00:00
        merge.add([.init(time: Self.time(0), row: [.text("q0")])], to: "production", now: now)
        #expect(merge.next(now: now) == [.text("p0")])
        #expect(merge.next(now: now) == [.text("q0")])
        #expect(merge.next(now: now) == nil)   // production is empty again and not at its end
        merge.markEnd("production")
        #expect(merge.next(now: now) == [.text("p1")])
        #expect(merge.next(now: now) == nil && merge.isEmpty)
    }

    @Test func aSilentLaneStopsHoldingTheOthersBackAfterItsPatience() {
        var merge = EventTimeMerge<String>(patience: 1)
        let now = Date()
        merge.open("a", now: now)
        merge.open("b", now: now)
        merge.add([.init(time: Self.time(0), row: [.text("a0")])], to: "a", now: now)
        #expect(merge.next(now: now.addingTimeInterval(0.5)) == nil)
        #expect(merge.next(now: now.addingTimeInterval(1.5)) == [.text("a0")])
    }
}
