import Foundation
import Stages
import Tabular
import TestSupport
import Testing

/// The analyst's questions answered by the new stages on the recorded data,
/// against figures computed here from the CSV files themselves (never from
/// EnergiFlow's output): monthly means, negative hours per area, the
/// hour-of-day profile, p90 and the median, a correlation, a pivot and a join.
@Suite struct AnalystResultsTests {
    /// One hourly price of the 2024 file: its Danish wall-clock hour, area and EUR price.
    struct Price {
        var utc: Date
        var local: String  // 2024-10-27 02:00:00
        var area: String
        var price: Double

        var day: String { String(local.prefix(10)) }
        var month: Int { Int(local.dropFirst(5).prefix(2))! }
        var hour: Int { Int(local.dropFirst(11).prefix(2))! }
    }

    static let prices2024: [Price] = {
        guard let csv = try? IngestCSV(contentsOf: TestPaths.recorded("ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv")),
              let utc = try? csv.column("HourUTC"), let local = try? csv.column("HourDK"),
              let area = try? csv.column("PriceArea"), let eur = try? csv.column("SpotPriceEUR") else { return [] }
        return csv.rows.compactMap { row in
            guard let time = IngestCSV.utc(row[utc]), let price = csv.number(row, eur) else { return nil }
            return Price(utc: time, local: row[local], area: row[area], price: price)
        }
    }()

    /// Production per UTC hour of DK2 (the balance file's production columns), and per type.
    static let balance: (total: [Date: Double], byType: [Date: [String: Double]], local: [Date: String]) = {
        let types = ["Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower", "OtherRenewable", "SolarPower",
                     "Waste", "OnshoreWindPower", "OffshoreWindPower"]
        guard let csv = try? IngestCSV(contentsOf: TestPaths.recorded("ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv")),
              let utc = try? csv.column("HourUTC"), let local = try? csv.column("HourDK") else { return ([:], [:], [:]) }
        var total: [Date: Double] = [:], byType: [Date: [String: Double]] = [:], locals: [Date: String] = [:]
        for row in csv.rows {
            guard let time = IngestCSV.utc(row[utc]) else { continue }
            locals[time] = row[local]
            for type in types {
                guard let i = try? csv.column(type), let mwh = csv.number(row, i) else { continue }
                total[time, default: 0] += mwh
                byType[time, default: [:]][type, default: 0] += mwh
            }
        }
        return (total, byType, locals)
    }()

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    /// PERCENTILE.INC, written out here.
    static func percentile(_ n: Double, _ values: [Double]) -> Double {
        let sorted = values.sorted()
        let h = n / 100 * Double(sorted.count - 1)
        let low = Int(h.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    @Test(arguments: [true, false])
    func monthlyMeans(pushDown: Bool) throws {
        let rows = try Fixture.rows("prices area=DK1 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price, count() by month(time)",
                                    pushDown: pushDown)
        #expect(rows.columns.map(\.name) == ["month", "price", "count"])
        #expect(rows.count == 12)
        let dk1 = Self.prices2024.filter { $0.area == "DK1" }
        for row in rows.rows {
            guard case .int(let month) = row[0] else { throw TestFailure("month \(row[0])") }
            let prices = dk1.filter { $0.month == Int(month) }.map(\.price)
            #expect(close(row[1].number, Self.mean(prices)), "month \(month)")
            #expect(row[2] == .int(Int64(prices.count)))
        }
    }

    @Test(arguments: [true, false])
    func negativeHoursPerAreaFilterBeforeGrouping(pushDown: Bool) throws {
        // The query: the comparison filters the records before by=area groups them.
        let rows = try Fixture.rows("prices since=2024-01-01 until=2025-01-01 price<0 by=area", pushDown: pushDown)
        let summarized = try Fixture.rows("prices since=2024-01-01 until=2025-01-01 | where price < 0 | summarize count() as hours, min(price) by area",
                                          pushDown: pushDown)
        let areas = Set(Self.prices2024.map(\.area)).sorted()
        #expect(areas.count == 7)
        var expected: [String: [Double]] = [:]
        for p in Self.prices2024 where p.price < 0 { expected[p.area, default: []].append(p.price) }
        #expect(rows.count == expected.count && summarized.count == expected.count)
        #expect(expected.values.reduce(0) { $0 + $1.count } > 100, "the recorded year has hundreds of negative hours")
        for (row, other) in zip(rows.rows, summarized.rows) {
            guard case .text(let area) = row[0], let negatives = expected[area] else { throw TestFailure("area \(row[0])") }
            #expect(row[4] == .int(Int64(negatives.count)), "\(area)")
            #expect(close(row[1].number, Self.mean(negatives)))
            #expect(row[2].number == negatives.min())
            #expect(other[0] == row[0] && other[1] == .int(Int64(negatives.count)) && other[2].number == negatives.min())
        }
    }

    @Test(arguments: [true, false])
    func hourOfDayProfile(pushDown: Bool) throws {
        let rows = try Fixture.rows("prices area=DK2 since=2024-01-01 until=2025-01-01 | summarize avg(price) as price by hour(time)",
                                    pushDown: pushDown)
        #expect(rows.count == 24)
        let dk2 = Self.prices2024.filter { $0.area == "DK2" }
        for (hour, row) in rows.rows.enumerated() {
            #expect(row[0] == .int(Int64(hour)))
            #expect(close(row[1].number, Self.mean(dk2.filter { $0.hour == hour }.map(\.price))), "hour \(hour)")
        }
        // An evening weekday filter with calendar parts.
        let evenings = try Fixture.rows("""
            prices area=DK2 since=2024-01-01 until=2025-01-01 | where hour(time) >= 17 and weekday(time) <= 5 | summarize avg(price), count()
            """, pushDown: pushDown)
        let calendar: Calendar = {
            var c = Calendar(identifier: .iso8601)
            c.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
            return c
        }()
        let chosen = dk2.filter { p in
            let weekday = calendar.component(.weekday, from: p.utc)  // 1 = Sunday … 7 = Saturday
            return p.hour >= 17 && weekday != 1 && weekday != 7
        }.map(\.price)
        #expect(close(evenings.rows.first?[0].number, Self.mean(chosen)))
        #expect(evenings.rows.first?[1] == .int(Int64(chosen.count)))
    }

    @Test(arguments: [true, false])
    func percentilesAndMedian(pushDown: Bool) throws {
        let rows = try Fixture.rows("prices area=DK1,DK2 since=2024-01-01 until=2025-01-01 | summarize p(90, price), median(price), stddev(price) by area",
                                    pushDown: pushDown)
        #expect(rows.columns.map(\.name) == ["area", "p90_price", "median_price", "stddev_price"])
        for row in rows.rows {
            guard case .text(let area) = row[0] else { throw TestFailure("area") }
            let prices = Self.prices2024.filter { $0.area == area }.map(\.price)
            let mean = Self.mean(prices)
            let sd = (prices.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(prices.count)).squareRoot()
            #expect(abs(row[1].number! - Self.percentile(90, prices)) < 1e-9)
            #expect(abs(row[2].number! - Self.percentile(50, prices)) < 1e-9)
            #expect(abs(row[3].number! - sd) < 1e-7)
        }
    }

    @Test(arguments: [true, false])
    func correlationOfPriceAndProduction(pushDown: Bool) throws {
        let rows = try Fixture.rows("hourly area=DK2 since=2024-09-01 until=2024-11-01 | summarize corr(price, production), count()",
                                    pushDown: pushDown)
        var xs: [Double] = [], ys: [Double] = []
        for p in Self.prices2024 where p.area == "DK2" && p.local >= "2024-09-01" && p.local < "2024-11-01" {
            guard let production = Self.balance.total[p.utc] else { continue }
            xs.append(p.price)
            ys.append(production)
        }
        let mx = Self.mean(xs), my = Self.mean(ys)
        let sxy = zip(xs, ys).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = xs.map { ($0 - mx) * ($0 - mx) }.reduce(0, +), syy = ys.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        #expect(xs.count > 1400)
        #expect(abs(rows.rows[0][0].number! - sxy / (sxx * syy).squareRoot()) < 1e-9)
    }

    @Test(arguments: [true, false])
    func pivotAreasIntoColumns(pushDown: Bool) throws {
        let rows = try Fixture.rows("daily area=DK1,DE since=2024-06-01 until=2024-07-01 | select day, area, price | pivot area price",
                                    pushDown: pushDown)
        #expect(rows.columns.map(\.name) == ["day", "DE", "DK1"])
        #expect(rows.columns[1].unit == "EUR/MWh")
        #expect(rows.count == 30)
        for row in rows.rows {
            let day = row[0].description
            for (i, area) in ["DE", "DK1"].enumerated() {
                let prices = Self.prices2024.filter { $0.area == area && $0.day == day }.map(\.price)
                #expect(prices.count == 24)
                #expect(close(row[i + 1].number, Self.mean(prices)), "\(area) \(day)")
            }
        }
        // Days where DK1 was more than 20 EUR dearer than DE.
        let spread = try Fixture.rows("daily area=DK1,DE since=2024-01-01 until=2025-01-01 | select day, area, price | pivot area price | where DK1 - DE > 20",
                                      pushDown: pushDown)
        let expected = Set(Self.prices2024.map(\.day)).filter { day in
            let dk1 = Self.prices2024.filter { $0.area == "DK1" && $0.day == day }.map(\.price)
            let de = Self.prices2024.filter { $0.area == "DE" && $0.day == day }.map(\.price)
            return !dk1.isEmpty && !de.isEmpty && Self.mean(dk1) - Self.mean(de) > 20
        }
        #expect(Set(spread.rows.map { $0[0].description }) == expected && !expected.isEmpty)
    }

    @Test(arguments: [true, false])
    func windShareJoinedWithPrice(pushDown: Bool) throws {
        let rows = try Fixture.rows("""
            production area=DK2 since=2024-09-01 until=2024-10-01 by=day,type | pivot type production \
            | join (daily area=DK2 since=2024-09-01 until=2024-10-01) on day \
            | extend wind = (OnshoreWindPower + OffshoreWindPower) / production | select day, wind, price, area, area_daily
            """, pushDown: pushDown)
        #expect(rows.count == 30)
        for row in rows.rows {
            let day = row[0].description
            var wind = 0.0, all = 0.0
            for (time, types) in Self.balance.byType where Self.balance.local[time]?.hasPrefix(day) == true {
                wind += (types["OnshoreWindPower"] ?? 0) + (types["OffshoreWindPower"] ?? 0)
                all += types.values.reduce(0, +)
            }
            #expect(all > 0)
            #expect(close(row[1].number, wind / all), "\(day)")
            let prices = Self.prices2024.filter { $0.area == "DK2" && $0.day == day }.map(\.price)
            #expect(close(row[2].number, Self.mean(prices)))
            // The clash on area is resolved by a suffix, never by dropping one.
            #expect(row[3] == .text("DK2") && row[4] == .text("DK2"))
        }
        // A left join keeps the hours without production (before the balance file starts).
        let left = try Fixture.rows("""
            hourly area=DK2 since=2024-08-28 until=2024-08-30 | join (production area=DK2 since=2024-08-28 until=2024-08-30 by=hour type=OnshoreWindPower) on time kind=left
            """, pushDown: pushDown)
        #expect(left.count == 48)
        #expect(left.columns.map(\.name) == ["time", "area", "price", "production", "area_production", "production_production"])
        let missing = left.rows.filter { $0[5].isNull }.count
        #expect(missing == 24)
    }

    @Test(arguments: [true, false])
    func quarterHourPricesSummarizeAsTheRollupDoes(pushDown: Bool) throws {
        // 15-minute prices averaged per day agree with daily (time-weighted the same way).
        let summarized = try Fixture.rows("prices area=DK2 since=2026-03-01 until=2026-03-08 | summarize avg(price) as price, count() by day(time)",
                                          pushDown: pushDown)
        let daily = try Fixture.rows("daily area=DK2 since=2026-03-01 until=2026-03-08 | select day, price", pushDown: pushDown)
        #expect(summarized.count == 7 && daily.count == 7)
        for (a, b) in zip(summarized.rows, daily.rows) {
            #expect(a[0] == b[0])
            #expect(close(a[1].number, b[1].number))
            #expect(a[2] == .int(96))
        }
        // … and per hour they agree with hourly's.
        let byHour = try Fixture.rows("prices area=DK2 since=2026-03-01 until=2026-03-03 | summarize avg(price) as price by bin(time, 1h) as time",
                                      pushDown: pushDown)
        let hourly = try Fixture.rows("hourly area=DK2 since=2026-03-01 until=2026-03-03 | select time, price", pushDown: pushDown)
        #expect(byHour.count == 48 && hourly.count == 48)
        for (a, b) in zip(byHour.rows, hourly.rows) {
            #expect(a[0] == b[0] && close(a[1].number, b[1].number))
        }
    }
}
