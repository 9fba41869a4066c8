import Basics
import EnergiData
import Foundation
import Ingest
import Postgres
import TestSupport
import Testing

/// The recorded files go through Kafka and the consumer into the store; the
/// daily rollup must equal what the test computes on its own from the CSV
/// lines (IngestCSV: split by hand, no EnergiData code).
@Suite("energy-domain correctness on the recorded data")
struct EnergyDomainTests {
    /// Per Danish day: the sum, min, max and count of a value.
    struct Expected {
        var sum = 0.0
        var minimum = Double.infinity
        var maximum = -Double.infinity
        var count = 0
        var hours = Set<Date>()
        var byType: [String: Double] = [:]

        mutating func add(_ value: Double) {
            sum += value
            minimum = min(minimum, value)
            maximum = max(maximum, value)
            count += 1
        }
    }

    /// Price statistics per Danish day for one area, from a price CSV.
    static func prices(_ file: String, area: String, timeColumn: String, priceColumn: String) throws -> [String: Expected] {
        let csv = try IngestCSV(contentsOf: TestPaths.recorded(file))
        let time = try csv.column(timeColumn), areaColumn = try csv.column("PriceArea"), price = try csv.column(priceColumn)
        var days: [String: Expected] = [:]
        for row in csv.rows where row[areaColumn] == area {
            let instant = try #require(IngestCSV.utc(row[time]))
            let value = try #require(csv.number(row, price))
            days[IngestCSV.danishDay(instant), default: Expected()].add(value)
        }
        return days
    }

    /// Production per Danish day for one area, from a wide CSV: the named columns only.
    static func production(_ file: String, area: String, columns: [String]) throws -> [String: Expected] {
        let csv = try IngestCSV(contentsOf: TestPaths.recorded(file))
        let time = try csv.column("HourUTC"), areaColumn = try csv.column("PriceArea")
        let indices = try columns.map { ($0, try csv.column($0)) }
        var days: [String: Expected] = [:]
        for row in csv.rows where row[areaColumn] == area {
            let instant = try #require(IngestCSV.utc(row[time]))
            let day = IngestCSV.danishDay(instant)
            for (name, index) in indices {
                guard let value = csv.number(row, index) else { continue }
                days[day, default: Expected()].add(value)
                days[day]?.hours.insert(instant)
                days[day]?.byType[name, default: 0] += value
            }
        }
        return days
    }

    @Test("ElspotPrices 2024 DK2: daily average, min, max and intervals; DST days have 23 and 25 hours; negative prices kept")
    func elspot2024() throws {
        let file = "ElspotPrices_7areas_hourly_2024-01-01_2024-12-31_DKtime.csv"
        let pipeline = try Pipeline()
        let statistics = try pipeline.load(file)
        #expect(statistics.stored == 61_488)
        #expect(statistics.rejected == 0)
        let expected = try Self.prices(file, area: "DK2", timeColumn: "HourUTC", priceColumn: "SpotPriceEUR")
        let stored = try pipeline.daily(area: "DK2")
        #expect(expected.count == 366)
        #expect(Set(stored.keys) == Set(expected.keys))
        for (day, want) in expected {
            let got = try #require(stored[day], "no rollup for \(day)")
            #expect(got.intervals == want.count, "\(day)")
            #expect(close(got.average, want.sum / Double(want.count)), "\(day): \(got.average ?? .nan) vs \(want.sum / Double(want.count))")
            #expect(close(got.minimum, want.minimum) && close(got.maximum, want.maximum), "\(day)")
        }
        #expect(stored["2024-03-31"]?.intervals == 23)
        #expect(stored["2024-10-27"]?.intervals == 25)
        #expect(stored["2024-06-01"]?.intervals == 24)
        // Negative prices are stored as they are.
        let csv = try IngestCSV(contentsOf: TestPaths.recorded(file))
        let eur = try csv.column("SpotPriceEUR")
        let negatives = csv.rows.filter { (csv.number($0, eur) ?? 0) < 0 }.count
        #expect(negatives > 2000)
        #expect(try pipeline.count("SELECT count(*) FROM energi_records WHERE spot_price_eur < 0") == negatives)
        #expect(try pipeline.count("SELECT count(*) FROM energi_daily WHERE min_price_eur < 0") > 0)
    }

    @Test("DayAheadPrices DK2: 96 quarter-hours a day, averaged")
    func dayAhead() throws {
        let file = "DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"
        let pipeline = try Pipeline()
        try pipeline.load(file)
        let expected = try Self.prices(file, area: "DK2", timeColumn: "TimeUTC", priceColumn: "DayAheadPriceEUR")
        let stored = try pipeline.daily(area: "DK2")
        #expect(expected.count == 7 && stored.count == 7)
        for (day, want) in expected {
            let got = try #require(stored[day])
            #expect(got.intervals == 96 && want.count == 96)
            #expect(close(got.average, want.sum / 96), "\(day)")
            #expect(close(got.minimum, want.minimum) && close(got.maximum, want.maximum))
        }
        #expect(try pipeline.count("SELECT count(*) FROM energi_records WHERE interval_seconds = 900 AND dataset = 'DayAheadPrices'") == 672)
    }

    @Test("15-minute and hourly prices of one day make one time-weighted series")
    func mixedGrainPrices() throws {
        // The real quarter-hours of DK2's 2026-03-01, and hourly Elspot-form records for
        // the first six hours of that day made from the same prices (the hour's mean):
        // the day's average must weigh an hour row like four quarter-hour rows.
        let pipeline = try Pipeline()
        let quarters = try RecordFileReader().read(contentsOf: TestPaths.recorded("DayAheadPrices_DK2_15min_2026-03-01_2026-03-07_DKtime.csv"))
            .records.filter { IngestCSV.danishDay($0.time) == "2026-03-01" }
        #expect(quarters.count == 96)
        let keep = Array(quarters.dropFirst(24))  // from 06:00 Danish time
        var hourly: [EnergiRecord] = []
        var expectedSum = 0.0
        for hour in 0..<6 {
            let four = quarters[(hour * 4)..<(hour * 4 + 4)]
            let mean = four.reduce(0.0) { $0 + ($1["DayAheadPriceEUR"]?.doubleValue ?? 0) } / 4
            expectedSum += mean * 3600
            let start = try #require(four.first)
            hourly.append(try EnergiRecord(dataset: .elspotPrices, fields: [
                JSONMember("HourUTC", .string(Timestamp(start.time).apiString)), JSONMember("PriceArea", "DK2"),
                JSONMember("SpotPriceEUR", .number(try #require(JSONNumber(mean)))),
            ]))
        }
        for record in keep { expectedSum += (record["DayAheadPriceEUR"]?.doubleValue ?? 0) * 900 }
        try pipeline.publish(records: keep + hourly)
        try pipeline.consume()
        let day = try #require(try pipeline.daily(area: "DK2")["2026-03-01"])
        #expect(day.intervals == 72 + 6)
        #expect(close(day.average, expectedSum / 86_400, tolerance: 1e-6))
        // By rows it would be different:
        let byRows = (keep.reduce(0.0) { $0 + ($1["DayAheadPriceEUR"]?.doubleValue ?? 0) }
            + hourly.reduce(0.0) { $0 + ($1["SpotPriceEUR"]?.doubleValue ?? 0) }) / 78
        #expect(!close(day.average, byRows, tolerance: 1e-6))
    }

    @Test("ElectricityBalanceNonv DK2 2024: daily production = the production columns, not load or exchange")
    func balance2024() throws {
        let file = "ElectricityBalanceNonv_DK2_hourly_2024-08-29_2024-11-06_DKtime.csv"
        let pipeline = try Pipeline()
        try pipeline.load(file)
        try Self.checkProduction(pipeline, file: file, area: "DK2", dataset: .electricityBalanceNonv)
    }

    @Test("ElectricityBalanceNonv 2019 (old export: BOM, commas, +00:00, blanks, missing hours) for DK1 and DK2")
    func balance2019() throws {
        let file = "ElectricityBalanceNonv_DK1-DK2_hourly_2019-01-01_2019-12-31_DKtime.csv"
        let pipeline = try Pipeline()
        let statistics = try pipeline.load(file)
        #expect(statistics.messages == 17_402)
        #expect(statistics.rejected == 0)
        #expect(statistics.empty == 2, "2019-09-29 07:00 UTC has every production column blank, in both areas")
        for area in ["DK1", "DK2"] {
            try Self.checkProduction(pipeline, file: file, area: area, dataset: .electricityBalanceNonv)
        }
        let dk1 = try pipeline.daily(area: "DK1")
        #expect(dk1["2019-03-31"]?.hours == 23, "spring forward")
        #expect(dk1["2019-09-29"]?.hours == 22, "one hour missing, one blank")
    }

    @Test("ProductionConsumptionSettlement: the 14 production columns, never exchanges, consumption, losses or power-to-heat")
    func settlement() throws {
        for file in ["ProductionConsumptionSettlement_DK1-DK2_hourly_2024-02-17_2024-02-18_DKtime.csv",
                     "ProductionConsumptionSettlement_DK1-DK2_hourly_2024-03-04_2024-03-05_DKtime.csv",
                     "ProductionConsumptionSettlement_DK1_hourly_2024-03-02_2024-03-08_DKtime.csv"] {
            let pipeline = try Pipeline("settlement\(file.count)")
            try pipeline.load(file)
            let areas = file.contains("DK1-DK2") ? ["DK1", "DK2"] : ["DK1"]
            for area in areas {
                try Self.checkProduction(pipeline, file: file, area: area, dataset: .productionConsumptionSettlement)
                // Cross-check with the file's own identity: production = gross consumption − exchanges.
                let csv = try IngestCSV(contentsOf: TestPaths.recorded(file))
                let areaColumn = try csv.column("PriceArea"), time = try csv.column("HourUTC")
                let gross = try csv.column("GrossConsumptionMWh")
                let exchanges = csv.header.indices.filter { csv.header[$0].hasPrefix("Exchange") }
                var byDay: [String: Double] = [:]
                for row in csv.rows where row[areaColumn] == area {
                    let day = IngestCSV.danishDay(try #require(IngestCSV.utc(row[time])))
                    byDay[day, default: 0] += (csv.number(row, gross) ?? 0) - exchanges.reduce(0) { $0 + (csv.number(row, $1) ?? 0) }
                }
                let stored = try pipeline.daily(area: area)
                for (day, value) in byDay {
                    #expect(close(stored[day]?.total, value, tolerance: 1e-6), "\(file) \(area) \(day)")
                }
            }
            #expect(try pipeline.count("SELECT count(*) FROM energi_records WHERE production_type ~ '^(Exchange|GrossCon|GridLoss|PowerToHeat)'") == 0)
        }
    }

    /// Stored daily totals, hours and per-type figures equal the ones computed from the CSV.
    static func checkProduction(_ pipeline: Pipeline, file: String, area: String, dataset: Dataset) throws {
        let expected = try production(file, area: area, columns: dataset.productionColumns)
        let stored = try pipeline.daily(area: area)
        #expect(Set(stored.keys) == Set(expected.keys), "\(file) \(area)")
        for (day, want) in expected {
            let got = try #require(stored[day], "\(file) \(area) \(day)")
            #expect(close(got.total, want.sum, tolerance: 1e-9), "\(file) \(area) \(day): \(got.total ?? .nan) vs \(want.sum)")
            #expect(got.hours == want.hours.count, "\(file) \(area) \(day)")
            #expect(got.dataset == dataset.apiName)
            let types = try JSONSerialization.jsonObject(with: Data((got.byType ?? "{}").utf8)) as? [String: Double] ?? [:]
            #expect(Set(types.keys) == Set(want.byType.keys), "\(day)")
            for (type, value) in want.byType { #expect(close(types[type], value, tolerance: 1e-9), "\(day) \(type)") }
        }
    }

    @Test("DeclarationProduction: each production counted once (All/Total), never the 125%/200% repeats")
    func declaration() throws {
        let file = "DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"
        let pipeline = try Pipeline()
        let statistics = try pipeline.load(file)
        #expect(statistics.stored == 52)
        let csv = try IngestCSV(contentsOf: TestPaths.recorded(file))
        let method = try csv.column("FuelAllocationMethod"), mwh = try csv.column("Production_MWh")
        let type = try csv.column("ProductionType"), time = try csv.column("HourUTC")
        var total = 0.0, naive = 0.0, lastHour = 0.0
        var byType: [String: Double] = [:]
        for row in csv.rows {
            let value = try #require(csv.number(row, mwh))
            naive += value
            if ["All", "Total"].contains(row[method]) {
                total += value
                byType[row[type], default: 0] += value
                if row[time] == "2024-09-24T23:00:00" { lastHour += value }
            }
        }
        #expect(abs(lastHour - 3300.9) < 0.05, "SOURCES.md: 3,300.9 MWh at 23:00 UTC")
        let day = try #require(try pipeline.daily(area: "DK1")["2024-09-25"])
        #expect(close(day.total, total))
        #expect(!close(day.total, naive))
        #expect(day.hours == 2)
        let types = try JSONSerialization.jsonObject(with: Data((day.byType ?? "{}").utf8)) as? [String: Double] ?? [:]
        #expect(types.count == byType.count)
        for (name, value) in byType { #expect(close(types[name], value), "\(name)") }
        #expect(try pipeline.count("SELECT count(*) FROM energi_records WHERE NOT counts_in_totals") == 28)
    }

    @Test("DeclarationProduction revisions: only the newest version of an hour counts, whatever the order")
    func declarationVersions() throws {
        let file = "DeclarationProduction_DK1_hourly_2024-09-25_0000-0159_DKtime.csv"
        let preliminary = try RecordFileReader().read(contentsOf: TestPaths.recorded(file)).records
        // A later "Final" publication of the first hour's Total/All rows, with other figures.
        let firstHour = try #require(preliminary.first?.time)
        var revised: [EnergiRecord] = []
        var change = 0.0
        for record in preliminary where record.time == firstHour {
            guard let method = record["FuelAllocationMethod"]?.stringValue, ["All", "Total"].contains(method),
                  let old = record["Production_MWh"]?.doubleValue else { continue }
            let new = (old * 1.1 * 1000).rounded() / 1000
            change += new - old
            var fields = record.fields
            for k in fields.indices {
                if fields[k].key == "Version" { fields[k].value = "Final" }
                if fields[k].key == "Production_MWh" { fields[k].value = .number(try #require(JSONNumber(new))) }
            }
            revised.append(try EnergiRecord(dataset: .declarationProduction, fields: fields))
        }
        #expect(revised.count == 12)

        // Preliminary first, then Final, then the Preliminary again (a replay).
        let pipeline = try Pipeline()
        try pipeline.publish(records: preliminary)
        try pipeline.consume()
        let before = try #require(try pipeline.daily(area: "DK1")["2024-09-25"]?.total)
        try pipeline.publish(records: revised)
        try pipeline.consume()
        try pipeline.publish(records: preliminary)
        try pipeline.consume()
        let after = try #require(try pipeline.daily(area: "DK1")["2024-09-25"]?.total)
        #expect(close(after, before + change, tolerance: 1e-9), "\(after) vs \(before) + \(change)")
        #expect(try pipeline.count("SELECT count(*) FROM energi_records") == 64)
        // Raw rows agree with the rollup.
        let raw = try pipeline.connection.query("SELECT sum(production_mwh) FROM energi_records WHERE counts_in_totals").scalar?.double
        #expect(close(raw, after))

        // Final arriving first, then the Preliminary: the Final still wins, in one batch or several.
        let other = try Pipeline("declarationVersions2")
        try other.publish(records: revised)
        try other.consume()
        try other.publish(records: preliminary)
        try other.consume()
        #expect(close(try other.daily(area: "DK1")["2024-09-25"]?.total, after))
        let oneBatch = try Pipeline("declarationVersions3")
        try oneBatch.publish(records: preliminary + revised)
        try oneBatch.consume()
        #expect(close(try oneBatch.daily(area: "DK1")["2024-09-25"]?.total, after))
    }
}
