import Basics
import Foundation
import Testing
import EnergiData

/// Every recorded file reads completely, as the right dataset, in event-time
/// order. Expected counts and ranges are the tables of SOURCES.md.
@Suite struct RecordedFilesTests {
    struct Expectation: Sendable, CustomStringConvertible {
        let file: String
        let dataset: Dataset
        let rows: Int
        let firstUTC: String
        let lastUTC: String
        let perArea: [String: Int]
        var description: String { file }
    }

    static let expectations: [Expectation] = [
        .init(file: Recorded.elspotDK2, dataset: .elspotPrices, rows: 50_831,
              firstUTC: "2016-12-31 23:00", lastUTC: "2022-10-19 21:00", perArea: ["DK2": 50_831]),
        .init(file: Recorded.elspotDK1DK2, dataset: .elspotPrices, rows: 56_926,
              firstUTC: "2020-12-31 23:00", lastUTC: "2024-03-31 21:00", perArea: ["DK1": 28_463, "DK2": 28_463]),
        .init(file: Recorded.elspot7Areas, dataset: .elspotPrices, rows: 61_488,
              firstUTC: "2023-12-31 23:00", lastUTC: "2024-12-31 22:00",
              perArea: ["DE": 8784, "DK1": 8784, "DK2": 8784, "NO2": 8784, "SE3": 8784, "SE4": 8784, "SYSTEM": 8784]),
        .init(file: Recorded.elspotDK1, dataset: .elspotPrices, rows: 25_728,
              firstUTC: "2022-10-24 22:00", lastUTC: "2025-09-30 21:00", perArea: ["DK1": 25_728]),
        .init(file: Recorded.dayAhead, dataset: .dayAheadPrices, rows: 672,
              firstUTC: "2026-02-28 23:00", lastUTC: "2026-03-07 22:45", perArea: ["DK2": 672]),
        .init(file: Recorded.declaration, dataset: .declarationProduction, rows: 52,
              firstUTC: "2024-09-24 22:00", lastUTC: "2024-09-24 23:00", perArea: ["DK1": 52]),
        .init(file: Recorded.balance2024, dataset: .electricityBalanceNonv, rows: 1681,
              firstUTC: "2024-08-28 22:00", lastUTC: "2024-11-06 22:00", perArea: ["DK2": 1681]),
        .init(file: Recorded.settlementWeek, dataset: .productionConsumptionSettlement, rows: 168,
              firstUTC: "2024-03-01 23:00", lastUTC: "2024-03-08 22:00", perArea: ["DK1": 168]),
        .init(file: Recorded.settlementFeb, dataset: .productionConsumptionSettlement, rows: 96,
              firstUTC: "2024-02-16 23:00", lastUTC: "2024-02-18 22:00", perArea: ["DK1": 48, "DK2": 48]),
        .init(file: Recorded.settlementMar, dataset: .productionConsumptionSettlement, rows: 96,
              firstUTC: "2024-03-03 23:00", lastUTC: "2024-03-05 22:00", perArea: ["DK1": 48, "DK2": 48]),
        .init(file: Recorded.balance2019, dataset: .electricityBalanceNonv, rows: 17_402,
              firstUTC: "2019-01-01 00:00", lastUTC: "2019-12-30 23:00", perArea: ["DK1": 8701, "DK2": 8701]),
    ]

    @Test(arguments: expectations)
    func readsCompletelyAndInOrder(_ expected: Expectation) throws {
        let file = try Recorded.cached(expected.file)
        #expect(file.dataset == expected.dataset)
        #expect(file.format == .csv)
        #expect(file.rejects.isEmpty, "\(file.rejects.prefix(3))")
        #expect(file.records.count == expected.rows)
        #expect(try Recorded.split(expected.file).rows.count == expected.rows) // the file itself agrees
        #expect(zip(file.records, file.records.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(file.records.first?.time == Recorded.utc(expected.firstUTC))
        #expect(file.records.last?.time == Recorded.utc(expected.lastUTC))
        var perArea: [String: Int] = [:]
        for record in file.records { perArea[record["PriceArea"]?.stringValue ?? "?", default: 0] += 1 }
        #expect(perArea == expected.perArea)
        // Natural keys are unique within each file.
        #expect(Set(file.records.map(\.messageKey)).count == expected.rows)
        // Reading with the dataset named gives the same result (small files; big ones take seconds in debug builds).
        if expected.rows < 2000 {
            let named = try Recorded.read(expected.file, dataset: expected.dataset)
            #expect(named.records == file.records)
        }
    }

    @Test func valuesMatchTheFileCellByCell() throws {
        // Every cell of a `;`/decimal-comma file and a `,`/decimal-point file, independently split.
        for name in [Recorded.dayAhead, Recorded.settlementFeb, Recorded.balance2024] {
            let (header, rows) = try Recorded.split(name)
            let file = try Recorded.cached(name)
            let byKey = Dictionary(uniqueKeysWithValues: file.records.map { ($0.messageKey, $0) })
            for row in rows {
                let area = row[2]
                let time = try #require(Recorded.utc(row[0]))
                let key = "\(file.dataset.apiName)|\(Timestamp.utcString(time))|\(area)"
                let record = try #require(byKey[key], "\(key)")
                #expect(record.fields.map(\.key) == header)
                for (name, cell) in zip(header, row).dropFirst(3) {
                    if let expected = Recorded.number(cell) {
                        #expect(record[name]?.doubleValue == expected, "\(key) \(name)")
                    } else {
                        #expect(record[name] == .null, "\(key) \(name)")
                    }
                }
            }
        }
    }

    @Test func timestampsAreRewrittenInTheAPIForm() throws {
        let elspot = try Recorded.cached(Recorded.elspotDK2) // `YYYY-MM-DD HH:MM`
        let first = try #require(elspot.records.first)
        #expect(first["HourUTC"] == "2016-12-31T23:00:00")
        #expect(first["HourDK"] == "2017-01-01T00:00:00")
        #expect(first.messageKey == "ElspotPrices|2016-12-31T23:00:00Z|DK2")
        #expect(first.messageValue.text ==
                #"{"HourUTC":"2016-12-31T23:00:00","HourDK":"2017-01-01T00:00:00","PriceArea":"DK2","SpotPriceDKK":155.820007,"SpotPriceEUR":20.959999}"#)
    }

    @Test func decimalCommaAndPointGiveTheSameNumbers() throws {
        let original = try Recorded.text(Recorded.elspot7Areas)
        // The same file as pandas would write it: `,` between fields, `.` as decimal mark.
        let pointed = original.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: ";", with: ",")
        let comma = try Recorded.cached(Recorded.elspot7Areas)
        let point = try RecordFileReader().read(bytes: Array(pointed.utf8))
        #expect(comma.separator == ";")
        #expect(point.separator == ",")
        #expect(point.records.count == comma.records.count)
        let same = point.records == comma.records // not #expect(a == b): a failure would print 61,488 records
        #expect(same)
        let march19 = try #require(comma.records.first { $0.messageKey == "ElspotPrices|2024-03-19T22:00:00Z|DK1" })
        #expect(march19["SpotPriceDKK"]?.numberValue?.text == "567.489990")
        #expect(march19["SpotPriceDKK"]?.doubleValue == 567.48999)
        #expect(march19["SpotPriceEUR"]?.numberValue?.text == "76.099998")
    }

    @Test func byteOrderMarkAndZonedTimesOfThe2019Export() throws {
        let bytes = try Recorded.bytes(Recorded.balance2019)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(bytes.text.contains("2019-12-30T23:00:00+00:00"))
        let file = try Recorded.cached(Recorded.balance2019)
        let first = try #require(file.records.first)
        #expect(first.fields.first?.key == "HourUTC") // not "\u{FEFF}HourUTC"
        #expect(first.fields.count == 17)
        #expect(first["ExchangeGreatBritain"] == nil)
        #expect(first["HourUTC"] == "2019-01-01T00:00:00") // `+00:00` converted, not kept
        #expect(first["HourDK"] == "2019-01-01T01:00:00")
        #expect(first["HydroPower"] == .null || first["PriceArea"] == "DK1")
        // 8,760 hours minus the 24 of Dec 31 and the 35 missing ones = 8,701 distinct hours.
        #expect(Set(file.records.map(\.time)).count == 8701)
        // Same hour: the file lists DK2 before DK1, and the stable sort keeps that.
        #expect(file.records.prefix(2).map { $0["PriceArea"]?.stringValue } == ["DK2", "DK1"])
        for pair in stride(from: 0, to: file.records.count - 1, by: 2) {
            #expect(file.records[pair].time == file.records[pair + 1].time)
            #expect(file.records[pair]["PriceArea"] == "DK2")
        }
    }

    @Test func oldestFirstAndNewestFirstGiveTheSameOrder() throws {
        let (header, rows) = try Recorded.split(Recorded.elspotDK1DK2)
        let reversed = ([header] + rows.reversed()).map { $0.joined(separator: ";") }.joined(separator: "\n")
        let newestFirst = try Recorded.cached(Recorded.elspotDK1DK2)
        let oldestFirst = try RecordFileReader().read(bytes: Array(reversed.utf8))
        let sameTimes = oldestFirst.records.map(\.time) == newestFirst.records.map(\.time)
        let sameRecords = Set(oldestFirst.records) == Set(newestFirst.records)
        #expect(sameTimes && sameRecords)
        // The DayAhead slice is already oldest first.
        let dayAhead = try Recorded.cached(Recorded.dayAhead)
        #expect(dayAhead.records.map { $0["TimeUTC"]!.stringValue! } ==
                (try Recorded.split(Recorded.dayAhead)).rows.map { $0[0].replacingOccurrences(of: " ", with: "T") })
    }
}
