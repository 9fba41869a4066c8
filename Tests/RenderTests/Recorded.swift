import Basics
import Foundation
import Tabular
import TestSupport

/// Minimal readers for the recorded Energi Data Service exports in
/// Tests/Fixtures/energidataservice (CC BY 4.0, Energinet; see SOURCES.md
/// there). Only what these tests need: the real CSV reader lives in EnergiData.
enum Recorded {
    /// The GUI export format: `;` separated, decimal comma, UTC times as
    /// `YYYY-MM-DD HH:MM[:SS]` in the `HourUTC` column. Rows keyed by header.
    /// `containing`: read only lines holding this text (e.g. `;DK1;`), which
    /// keeps the big files quick to read in debug builds.
    static func records(_ file: String, containing: String? = nil) throws -> [[String: String]] {
        let text = try String(contentsOf: TestPaths.recorded(file), encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline)
        guard !lines.isEmpty else { return [] }
        let header = lines.removeFirst().split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if let containing { lines = lines.filter { $0.contains(containing) } }
        return lines.map { line in
            let fields = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            var record: [String: String] = [:]
            for (i, name) in header.enumerated() where i < fields.count { record[name] = fields[i] }
            return record
        }
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2024-03-31 21:00` or `2024-03-31 21:00:00`, read as UTC.
    static func utc(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" || $0 == "T" }).compactMap { Int($0) }
        guard parts.count >= 5 else { return nil }
        return utcCalendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2],
                                                     hour: parts[3], minute: parts[4]))
    }

    /// `567,489990` → 567.48999; empty → nil.
    static func number(_ text: String?) -> Double? {
        guard let text, !text.isEmpty else { return nil }
        return Double(text.replacingOccurrences(of: ",", with: "."))
    }

    static func date(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Date {
        utcCalendar.date(from: DateComponents(year: y, month: m, day: d, hour: h))!
    }

    /// Hourly spot prices of one area with `from <= HourUTC < to`, oldest first:
    /// columns `hour` (time) and `price` (double, EUR/MWh).
    static func prices(_ file: String, area: String, from: Date, to: Date) throws -> RowSet {
        let rows: [(Date, Double)] = try records(file, containing: ";\(area);").compactMap { r in
            guard r["PriceArea"] == area, let t = r["HourUTC"].flatMap(utc), t >= from, t < to,
                  let p = number(r["SpotPriceEUR"]) else { return nil }
            return (t, p)
        }.sorted { $0.0 < $1.0 }
        return RowSet(columns: [Column("hour", .time), Column("price", .double, unit: "EUR/MWh")],
                      rows: rows.map { [.time($0.0), .double($0.1)] })
    }

    static let month1 = "ElspotPrices_DK1-DK2_hourly_2021-01-01_2024-03-31_DKtime.csv"
    static let prices2024 = "ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv"
    static let balanceDK2 = "ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv"

    /// The production columns of ElectricityBalanceNonv (not TotalLoad, not exchanges).
    static let productionColumns = ["Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower", "OtherRenewable",
                                    "SolarPower", "Waste", "OnshoreWindPower", "OffshoreWindPower"]

    /// DK2 per Danish day from 2024-08-29 to 2024-11-06: average spot price
    /// (EUR/MWh) and total production (MWh, the sum of the production columns
    /// over the day's hours). Columns `day`, `avg_price`, `production`.
    static func dailyDK2() throws -> RowSet {
        var copenhagen = Calendar(identifier: .gregorian)
        copenhagen.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        func day(_ t: Date) -> Day {
            let c = copenhagen.dateComponents([.year, .month, .day], from: t)
            return Day(year: c.year!, month: c.month!, day: c.day!)
        }
        var production: [Day: Double] = [:]
        for r in try records(balanceDK2) {
            guard let t = r["HourUTC"].flatMap(utc) else { continue }
            production[day(t), default: 0] += productionColumns.compactMap { number(r[$0]) }.reduce(0, +)
        }
        var priceSum: [Day: (Double, Int)] = [:]
        for r in try records(prices2024, containing: ";DK2;") where r["PriceArea"] == "DK2" {
            guard let t = r["HourUTC"].flatMap(utc), let p = number(r["SpotPriceEUR"]) else { continue }
            let d = day(t)
            guard production[d] != nil else { continue }
            let (sum, n) = priceSum[d] ?? (0, 0)
            priceSum[d] = (sum + p, n + 1)
        }
        let days = production.keys.sorted()
        return RowSet(columns: [Column("day", .day), Column("avg_price", .double, unit: "EUR/MWh"),
                                Column("production", .double, unit: "MWh")],
                      rows: days.map { d in
                          let (sum, n) = priceSum[d] ?? (0, 0)
                          return [.day(d), n > 0 ? .double(sum / Double(n)) : .null, .double(production[d]!)]
                      })
    }
}
