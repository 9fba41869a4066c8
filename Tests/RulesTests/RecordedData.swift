import Basics
import Foundation
import Tabular
import TestSupport

/// Real recorded Energi Data Service exports (Tests/Fixtures/energidataservice,
/// CC BY 4.0, Energinet), turned into the rows `decide` sees: daily figures
/// per Danish day and area, computed here with plain Swift.
enum RecordedData {
    /// One Danish day in one area.
    struct DailyFigure: Sendable {
        var day: Day
        var area: String
        /// The mean of the day's hourly spot prices, EUR/MWh.
        var price: Double
        /// The day's total production, MWh; nil when none was recorded.
        var production: Double?
    }

    /// One hour's spot price.
    struct HourlyPrice: Sendable {
        var hour: Date
        var area: String
        var price: Double
    }

    /// The production columns of ElectricityBalanceNonv (not TotalLoad or Exchange*).
    static let balanceProductionColumns = ["Biomass", "FossilGas", "FossilHardCoal", "FossilOil", "HydroPower",
                                           "OtherRenewable", "SolarPower", "Waste", "OnshoreWindPower", "OffshoreWindPower"]

    /// The 14 production columns of ProductionConsumptionSettlement (SOURCES.md's identity).
    static let settlementProductionColumns = [
        "CentralPowerMWh", "LocalPowerMWh", "CommercialPowerMWh", "LocalPowerSelfConMWh",
        "OffshoreWindLt100MW_MWh", "OffshoreWindGe100MW_MWh", "OnshoreWindLt50kW_MWh", "OnshoreWindGe50kW_MWh",
        "HydroPowerMWh", "SolarPowerLt10kW_MWh", "SolarPowerGe10Lt40kW_MWh", "SolarPowerGe40kW_MWh",
        "SolarPowerSelfConMWh", "UnknownProdMWh",
    ]

    /// Every hourly price of 2024 (DE, DK1, DK2, NO2, SE3, SE4, SYSTEM).
    static let prices2024: [HourlyPrice] = {
        let table = csv("ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv", separator: ";")
        return table.rows.map { row in
            HourlyPrice(hour: utc(row[table.index["HourUTC"]!]), area: row[table.index["PriceArea"]!],
                        price: number(row[table.index["SpotPriceEUR"]!])!)
        }
    }()

    /// Mean price per (Danish day, area) in 2024.
    static let dailyPrices2024: [String: [Day: Double]] = {
        var sums: [String: [Day: (Double, Int)]] = [:]
        for p in prices2024 {
            let day = Day(containing: p.hour, in: .copenhagen)
            let (s, n) = sums[p.area, default: [:]][day] ?? (0, 0)
            sums[p.area, default: [:]][day] = (s + p.price, n + 1)
        }
        return sums.mapValues { $0.mapValues { $0.0 / Double($0.1) } }
    }()

    /// DK2, 2024-08-29 … 2024-11-06 (70 days): price from the 2024 price file,
    /// production summed from ElectricityBalanceNonv.
    static let dk2Autumn2024: [DailyFigure] = {
        let table = csv("ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv", separator: ";")
        var production: [Day: Double] = [:]
        for row in table.rows {
            let day = Day(containing: utc(row[table.index["HourUTC"]!]), in: .copenhagen)
            let total = balanceProductionColumns.reduce(0.0) { $0 + (number(row[table.index[$1]!]) ?? 0) }
            production[day, default: 0] += total
        }
        return production.keys.sorted().map { day in
            DailyFigure(day: day, area: "DK2", price: dailyPrices2024["DK2"]![day]!, production: production[day]!)
        }
    }()

    /// DK1 and DK2 on 2024-02-17, 02-18, 03-04, 03-05: production summed from
    /// ProductionConsumptionSettlement, price from the 2024 price file.
    static let settlementDays2024: [DailyFigure] = {
        var production: [String: [Day: Double]] = [:]
        for file in ["ProductionConsumptionSettlement_DK1-DK2_hourly_2024-02-17_2024-02-18_DKtime.csv",
                     "ProductionConsumptionSettlement_DK1-DK2_hourly_2024-03-04_2024-03-05_DKtime.csv"] {
            let table = csv(file, separator: ",")
            for row in table.rows {
                let day = Day(containing: utc(row[table.index["HourUTC"]!]), in: .copenhagen)
                let total = settlementProductionColumns.reduce(0.0) { $0 + (number(row[table.index[$1]!]) ?? 0) }
                production[row[table.index["PriceArea"]!], default: [:]][day, default: 0] += total
            }
        }
        var out: [DailyFigure] = []
        for area in production.keys.sorted() {
            for day in production[area]!.keys.sorted() {
                out.append(DailyFigure(day: day, area: area, price: dailyPrices2024[area]![day]!,
                                       production: production[area]![day]!))
            }
        }
        return out
    }()

    // MARK: Rows

    /// Figures as a daily row set, with the given column names.
    static func rowSet(_ figures: [DailyFigure], day: String = "day", area: String = "area",
                       price: String = "price", production: String = "production") -> RowSet {
        RowSet(columns: [Column(day, .day), Column(area, .text), Column(price, .double, unit: "EUR/MWh"),
                         Column(production, .double, unit: "MWh")],
               rows: figures.map { [.day($0.day), .text($0.area), .double($0.price), $0.production.map(Value.double) ?? .null] })
    }

    /// Hourly prices as rows (time, area, price).
    static func hourlyRowSet(_ prices: [HourlyPrice]) -> RowSet {
        RowSet(columns: [Column("time", .time), Column("area", .text), Column("price", .double, unit: "EUR/MWh")],
               rows: prices.map { [.time($0.hour), .text($0.area), .double($0.price)] })
    }

    // MARK: Reading the files

    struct Table {
        var index: [String: Int]
        var rows: [[String]]
    }

    /// A recorded CSV: header and rows of fields (no quoting in these files).
    static func csv(_ name: String, separator: Character) -> Table {
        let text = (try? String(contentsOf: TestPaths.recorded(name), encoding: .utf8)) ?? ""
        var lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }).map(String.init)
        let header = lines.isEmpty ? [] : lines.removeFirst()
            .trimmingCharacters(in: CharacterSet(charactersIn: "\u{FEFF}"))
            .split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() { index[name] = i }
        return Table(index: index, rows: lines.map { $0.split(separator: separator, omittingEmptySubsequences: false).map(String.init) })
    }

    /// `567,48` or `567.48`; nil for an empty field.
    static func number(_ field: String) -> Double? {
        field.isEmpty ? nil : Double(field.replacingOccurrences(of: ",", with: "."))
    }

    /// `2024-10-27 01:00`, `2024-10-27 01:00:00` or `2024-10-27T01:00:00` as UTC.
    static func utc(_ field: String) -> Date {
        let digits = field.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .utc
        let components = DateComponents(year: digits[0], month: digits[1], day: digits[2],
                                        hour: digits[3], minute: digits[4], second: digits.count > 5 ? digits[5] : 0)
        return calendar.date(from: components)!
    }
}
