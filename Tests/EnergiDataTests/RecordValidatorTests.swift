import Basics
import Foundation
import Testing
import EnergiData

@Suite struct RecordValidatorTests {
    let validator = RecordValidator()

    static let elspot = #"{"HourUTC":"2024-08-29T21:00:00","HourDK":"2024-08-29T23:00:00","PriceArea":"DK1","SpotPriceDKK":821.280029,"SpotPriceEUR":110.089996}"#

    func reason(_ text: String, _ dataset: Dataset = .elspotPrices) -> String? {
        validator.validate(Array(text.utf8), dataset: dataset).rejection?.reason
    }

    func elspot(replacing old: String, with new: String) -> String {
        Self.elspot.replacingOccurrences(of: old, with: new)
    }

    @Test func acceptsAPriceRecord() throws {
        let bytes = Array(Self.elspot.utf8)
        let rows = try #require(validator.validate(bytes, topic: "elspot_topic").observations)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.naturalKey == "ElspotPrices|2024-08-29T21:00:00Z|DK1")
        #expect(row.time == Recorded.utc("2024-08-29 21:00"))
        #expect(row.area == "DK1")
        #expect(row.dataset == .elspotPrices)
        #expect(row.intervalSeconds == 3600)
        #expect(row.measure == .price(eur: 110.089996, dkk: 821.280029))
        #expect(row.payload == bytes)
        // Owned bytes (a librdkafka buffer) give the same row.
        let fromBuffer = bytes.withUnsafeBytes { validator.validate(bytes: $0, dataset: .elspotPrices) }
        #expect(fromBuffer == .accepted(rows))
    }

    /// Malformed messages: each is rejected with a reason a person understands.
    @Test(arguments: [
        ("x", "not JSON: unexpected 'x', expected a JSON value at offset 0"),
        ("", "empty message (no value)"),
        ("[1,2]", "not a JSON object: the value is an array"),
        ("\"DK1\"", "not a JSON object: the value is a string"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1"#,
         "not JSON: unexpected end of input, expected ',' or '}' at offset 67"),
        (#"{"HourUTC":"2024-08-29T21:00:00","SpotPriceEUR":1}"#, "missing field PriceArea"),
        (#"{"PriceArea":"DK1","SpotPriceEUR":1}"#, "missing field HourUTC"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1"}"#, "missing field SpotPriceEUR"),
        (#"{"HourUTC":"2024-13-01T00:00","PriceArea":"DK1","SpotPriceEUR":1}"#, #"HourUTC is not a time: "2024-13-01T00:00""#),
        (#"{"HourUTC":"2024-08-29T21:30:00","PriceArea":"DK1","SpotPriceEUR":1}"#,
         #"HourUTC is not on a 60-minute boundary: "2024-08-29T21:30:00""#),
        (#"{"HourUTC":null,"PriceArea":"DK1","SpotPriceEUR":1}"#, "HourUTC is null"),
        (#"{"HourUTC":1724965200,"PriceArea":"DK1","SpotPriceEUR":1}"#, "HourUTC is not a time: 1724965200"),
        (#"{"HourUTC":"2024-08-29T21:00:00","HourDK":"tomorrow","PriceArea":"DK1","SpotPriceEUR":1}"#,
         #"HourDK is not a time: "tomorrow""#),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":"abc"}"#, #"SpotPriceEUR is not a number: "abc""#),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":"110.5"}"#, #"SpotPriceEUR is not a number: "110.5""#),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":[1]}"#, "SpotPriceEUR is not a number: [1]"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1,"SpotPriceDKK":true}"#,
         "SpotPriceDKK is not a number: true"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":null}"#,
         "SpotPriceEUR is null: a price record needs a EUR price"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":7,"SpotPriceEUR":1}"#, "PriceArea is not text: 7"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"dk1","SpotPriceEUR":1}"#,
         #"unknown area "dk1": expected DK1, DK2, SYSTEM or another known area, or two capital letters and an optional digit"#),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK 1","SpotPriceEUR":1}"#,
         #"unknown area "DK 1": expected DK1, DK2, SYSTEM or another known area, or two capital letters and an optional digit"#),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1,"SpotPriceEUR":2}"#, "field SpotPriceEUR occurs twice"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1\u0000","SpotPriceEUR":1}"#,
         #"a string holds \u0000, which PostgreSQL jsonb cannot store"#),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1e999}"#,
         "a number is out of range (beyond ±1e308 or an exponent beyond ±1000)"),
        (#"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1,"x":[1e-2000]}"#,
         "a number is out of range (beyond ±1e308 or an exponent beyond ±1000)"),
    ])
    func rejectsWithAReason(input: String, expected: String) {
        #expect(reason(input) == expected)
    }

    /// A time no dataset can hold is a reject with its reason, not a row on a
    /// day of some other calendar: before 1990, or over a year ahead.
    @Test(arguments: ["0001-01-01T00:00:00", "1500-06-15T00:00:00", "1582-10-14T00:00:00", "1989-12-31T23:00:00"])
    func rejectsImplausibleEarlyTimes(time: String) {
        #expect(reason(elspot(replacing: "2024-08-29T21:00:00", with: time))
            == "HourUTC \"\(time)\" is not a time Energi Data Service data can have (from 1990-01-01 to a year ahead of now)")
    }

    @Test func theWindowOfPlausibleTimes() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
        let validator = RecordValidator(plausibleTimes: PlausibleTimes(now: now))
        func accepted(_ time: Date) -> Bool {
            let text = Timestamp(time).apiString
            return validator.validate(Array(elspot(replacing: "2024-08-29T21:00:00", with: text).utf8), dataset: .elspotPrices).observations != nil
        }
        #expect(accepted(Date(timeIntervalSince1970: 631_152_000)))  // 1990-01-01T00:00Z
        #expect(!accepted(Date(timeIntervalSince1970: 631_152_000 - 3600)))
        #expect(accepted(now.addingTimeInterval(300 * 86_400).roundedDownToHour))
        #expect(!accepted(now.addingTimeInterval(400 * 86_400).roundedDownToHour))
    }

    @Test func acceptsWhatIsOdd() throws {
        // Negative prices, a null or absent DKK price, extra fields, other field orders, escaped keys, zones.
        let cases = [
            elspot(replacing: "110.089996", with: "-440.100006"),
            elspot(replacing: "821.280029", with: "null"),
            #"{"PriceArea":"DK1","SpotPriceEUR":1,"HourUTC":"2024-08-29T21:00:00"}"#,
            #"{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1,"Note":{"a":[1,"b"]}}"#,
            #"{"Hour\u0055TC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1}"#,
            #" {"HourUTC":"2024-08-29 23:00:00+02:00","PriceArea":"SYSTEM","SpotPriceEUR":0} "#,
            #"{"HourUTC":"2024-08-29T21:00:00Z","PriceArea":"NO1","SpotPriceEUR":1}"#,
            #"{"HourUTC":"2024-08-29T21:00","PriceArea":"XX","SpotPriceEUR":1}"#, // well-formed area
            #"{"HourUTC":"2024-08-29T21:00:00","HourDK":null,"PriceArea":"DE","SpotPriceEUR":1E2}"#,
        ]
        for text in cases {
            let rows = validator.validate(Array(text.utf8), dataset: .elspotPrices).observations
            #expect(rows?.count == 1, "\(text): \(String(describing: reason(text)))")
            #expect(rows?.first?.time == Recorded.utc("2024-08-29 21:00"), "\(text)")
        }
        #expect(validator.validate(Array(cases[0].utf8), dataset: .elspotPrices).observations?.first?.priceEUR == -440.100006)
        #expect(validator.validate(Array(cases[1].utf8), dataset: .elspotPrices).observations?.first?.priceDKK == nil)
        #expect(validator.validate(Array(cases[5].utf8), dataset: .elspotPrices).observations?.first?.naturalKey
                == "ElspotPrices|2024-08-29T21:00:00Z|SYSTEM")
    }

    @Test func tooLargeEmptyAndUnknownTopic() {
        let big = [UInt8](repeating: 0x20, count: 5 * 1024 * 1024)
        #expect(validator.validate(big, dataset: .elspotPrices).rejection?.reason == "value too large (5242880 bytes; limit 1048576)")
        #expect(validator.validate(big, dataset: .elspotPrices).rejection?.code == .tooLarge)
        #expect(validator.validate(nil, topic: "elspot_topic").rejection?.code == .empty)
        #expect(validator.validate(Array(Self.elspot.utf8), topic: "weather").rejection?.reason
                == "unknown topic \"weather\": no dataset is configured for it")
        let custom = RecordValidator(maxValueBytes: 64, topics: ["prices.v2": .elspotPrices])
        #expect(custom.validate(Array(Self.elspot.utf8), topic: "prices.v2").rejection?.code == .tooLarge)
        #expect(RecordValidator(topics: ["prices.v2": .elspotPrices]).validate(Array(Self.elspot.utf8), topic: "prices.v2").observations?.count == 1)
        #expect(custom.dataset(forTopic: "ELSPOT_TOPIC") == .elspotPrices)
    }

    @Test func invalidUTF8AndTruncationNeverPass() {
        var bytes = Array(Self.elspot.utf8)
        let area = bytes.firstIndex(of: UInt8(ascii: "K"))!
        bytes[area] = 0xC3 // "D\xC3" then "1": a broken two-byte sequence
        #expect(validator.validate(bytes, dataset: .elspotPrices).rejection?.reason == "not JSON: invalid UTF-8 at offset \(area)")
        let full = Array(Self.elspot.utf8)
        for cut in 0..<full.count {
            let result = validator.validate(Array(full.prefix(cut)), dataset: .elspotPrices)
            #expect(result.rejection != nil, "accepted \(cut) bytes")
        }
    }

    @Test func declarationProductionRules() throws {
        let base = #"{"HourUTC":"2024-09-24T23:00:00","HourDK":"2024-09-25T01:00:00","PriceArea":"DK1","Version":"Preliminary","FuelAllocationMethod":"125%","ReportGrpCode":"R01-1","ProductionType":"BioGas","DeliveryType":"Grid","Production_MWh":43.00424,"ShareTotal":1.3028}"#
        let row = try #require(validator.validate(Array(base.utf8), topic: "declaration_topic").observations?.first)
        #expect(row.measure == .production(type: "BioGas", mwh: 43.00424, countsInTotals: false))
        #expect(row.naturalKey == "DeclarationProduction|2024-09-24T23:00:00Z|DK1|BioGas|125%|Grid|Preliminary")
        for (method, counts) in [("Total", true), ("All", true), ("200%", false), ("total", true)] {
            let text = base.replacingOccurrences(of: "\"125%\"", with: "\"\(method)\"")
            #expect(validator.validate(Array(text.utf8), dataset: .declarationProduction).observations?.first?.countsInTotals == counts)
        }
        func reason(_ old: String, _ new: String) -> String? {
            self.reason(base.replacingOccurrences(of: old, with: new), .declarationProduction)
        }
        #expect(reason("\"125%\"", "\"150%\"") == #"FuelAllocationMethod "150%" is not one of All, Total, 125%, 200%"#)
        #expect(reason("\"ProductionType\":\"BioGas\",", "") == "missing field ProductionType")
        #expect(reason("\"Grid\"", "null") == "DeliveryType is null")
        #expect(reason("43.00424", "null") == "Production_MWh is null")
        #expect(reason("43.00424", "\"43,00424\"") == #"Production_MWh is not a number: "43,00424""#)
        #expect(reason("1.3028", "\"x\"") == #"ShareTotal is not a number: "x""#) // payload fields are typed too
        #expect(reason("\"Preliminary\"", "2") == "Version is not text: 2")
        // An Elspot record on the declaration topic is not silently stored.
        #expect(self.reason(Self.elspot, .declarationProduction) == "missing field ProductionType")
        // A `|` in a key part cannot make two records share a key.
        let piped = try #require(validator.validate(Array(base.replacingOccurrences(of: "BioGas", with: "Bio|Gas").utf8),
                                                    dataset: .declarationProduction).observations?.first)
        #expect(piped.naturalKey == #"DeclarationProduction|2024-09-24T23:00:00Z|DK1|Bio\|Gas|125%|Grid|Preliminary"#)
    }

    @Test func wideRecordRules() throws {
        let balance = #"{"HourUTC":"2024-11-06T22:00:00","HourDK":"2024-11-06T23:00:00","PriceArea":"DK2","TotalLoad":1445.449951,"Biomass":421.76001,"FossilGas":91.790001,"HydroPower":null,"ExchangeContinent":-584.909973}"#
        let rows = try #require(validator.validate(Array(balance.utf8), topic: "balance_topic").observations)
        #expect(rows.map(\.productionType) == ["Biomass", "FossilGas"]) // HydroPower null: skipped; TotalLoad/Exchange: not production
        #expect(rows.map(\.naturalKey) == ["ElectricityBalanceNonv|2024-11-06T22:00:00Z|DK2|Biomass",
                                           "ElectricityBalanceNonv|2024-11-06T22:00:00Z|DK2|FossilGas"])
        #expect(rows.allSatisfy { $0.payload == Array(balance.utf8) && $0.countsInTotals })
        #expect(reason(Self.elspot, .electricityBalanceNonv)?.hasPrefix("no production column (expected some of Biomass, FossilGas") == true)
        #expect(reason(balance.replacingOccurrences(of: "421.76001", with: "\"n/a\""), .electricityBalanceNonv)
                == #"Biomass is not a number: "n/a""#)
        #expect(reason(balance.replacingOccurrences(of: "-584.909973", with: "\"-\""), .electricityBalanceNonv)
                == #"ExchangeContinent is not a number: "-""#)
        let settlement = #"{"HourUTC":"2024-02-18T22:00:00","PriceArea":"DK2","CentralPowerMWh":425.394552,"ExchangeNO_MWh":null,"GrossConsumptionMWh":1484.474087,"PowerToHeatMWh":28.13188}"#
        let settled = try #require(validator.validate(Array(settlement.utf8), topic: "settlement_topic").observations)
        #expect(settled.map(\.productionType) == ["CentralPowerMWh"])
        #expect(settled.first?.productionMWh == 425.394552)
    }
}

/// The store consumer validates in place (rows handed over as views, the key
/// written straight into its buffer); it must see exactly the rows the
/// collecting validator returns, for every recorded record and key escape.
@Suite struct InPlaceValidationTests {
    let validator = RecordValidator()

    func inPlace(_ value: [UInt8], topic: String) -> (rows: [StoredObservation], keys: [String], rejection: Rejection?) {
        var rows: [StoredObservation] = []
        var keys: [String] = []
        let rejection = value.withUnsafeBytes { bytes in
            validator.validate(bytes: bytes, topic: topic) { view in
                // The key as written into a buffer of the caller's, byte for byte.
                let length = view.naturalKeyLength
                let written = [UInt8](unsafeUninitializedCapacity: length + 8) { buffer, count in
                    count = view.writeNaturalKey(to: buffer.baseAddress!)
                }
                #expect(written.count == length)
                keys.append(String(decoding: written, as: UTF8.self))
                #expect(view.payload.elementsEqual(value))
                rows.append(StoredObservation(view, payload: [UInt8](view.payload)))
            }
        }
        return (rows, keys, rejection)
    }

    @Test(arguments: [Recorded.declaration, Recorded.dayAhead, Recorded.balance2024, Recorded.settlementFeb, Recorded.elspotDK1])
    func recordedRecordsGiveTheSameRows(_ name: String) throws {
        let file = try Recorded.cached(name)
        var rows = 0
        for record in file.records.prefix(3000) {
            let collected = validator.validate(record.messageValue, topic: file.dataset.defaultTopic)
            let seen = inPlace(record.messageValue, topic: file.dataset.defaultTopic)
            #expect(seen.rejection == collected.rejection)
            #expect(seen.rows == (collected.observations ?? []))
            #expect(seen.keys == (collected.observations ?? []).map(\.naturalKey))
            rows += seen.rows.count
        }
        #expect(rows > 0)
    }

    @Test func escapedKeyPartsAndRejectionsMatch() throws {
        let declaration = #"{"HourUTC":"2024-09-24T23:00:00","HourDK":"2024-09-25T01:00:00","PriceArea":"DK1","Version":"Fi|n\\al","FuelAllocationMethod":"Total","ProductionType":"Bio\u00e6|Gas","DeliveryType":"Grid","Production_MWh":21.5}"#
        let seen = inPlace(Array(declaration.utf8), topic: "declaration_topic")
        let collected = validator.validate(Array(declaration.utf8), topic: "declaration_topic")
        #expect(seen.rejection == nil)
        #expect(seen.keys == [#"DeclarationProduction|2024-09-24T23:00:00Z|DK1|Bioæ\|Gas|Total|Grid|Fi\|n\\al"#])
        #expect(seen.rows == collected.observations)
        #expect(seen.rows.first?.version == #"Fi|n\al"#)
        // A rejected message hands over no row and gives the same reason.
        let bad = declaration.replacingOccurrences(of: "\"Total\"", with: "\"Half\"")
        let rejected = inPlace(Array(bad.utf8), topic: "declaration_topic")
        #expect(rejected.rows.isEmpty)
        #expect(rejected.rejection == validator.validate(Array(bad.utf8), topic: "declaration_topic").rejection)
        #expect(inPlace(Array("{}".utf8), topic: "nowhere").rejection?.code == .unknownTopic)
    }
}

extension Date {
    var roundedDownToHour: Date { Date(timeIntervalSince1970: (timeIntervalSince1970 / 3600).rounded(.down) * 3600) }
}
