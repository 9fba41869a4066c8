import Basics
import Foundation
import Testing
import EnergiData

/// File forms beyond the recorded ones: CRLF, quotes, other timestamp forms,
/// the API's JSON, JSON lines, and malformed rows and files.
@Suite struct RecordFileFormatsTests {
    @Test func crlfQuotesAndTimestampFormsReadTheSame() throws {
        let (header, rows) = try Recorded.split(Recorded.dayAhead)
        let original = try Recorded.cached(Recorded.dayAhead)
        // Every field quoted, CRLF line ends, a BOM, `T` and a zone in the UTC column.
        var text = "\u{FEFF}" + header.map { "\"\($0)\"" }.joined(separator: ";") + "\r\n"
        for row in rows {
            var cells = row
            cells[0] = cells[0].replacingOccurrences(of: " ", with: "T") + "+00:00"
            text += cells.map { "\"\($0)\"" }.joined(separator: ";") + "\r\n"
        }
        text += "\r\n" // a trailing empty line
        let variant = try RecordFileReader().read(bytes: Array(text.utf8))
        #expect(variant.rejects.isEmpty)
        #expect(variant.records == original.records)
        // Without seconds and with a space: still the same.
        let short = ([header] + rows.map { row in
            [String(row[0].dropLast(3)), String(row[1].dropLast(3))] + row.dropFirst(2)
        }).map { $0.joined(separator: ";") }.joined(separator: "\n")
        #expect(short.contains("2026-02-28 23:00;2026-03-01 00:00;"))
        #expect(try RecordFileReader().read(bytes: Array(short.utf8)).records == original.records)
    }

    @Test func quotedFieldsMayHoldSeparatorsQuotesAndNewlines() throws {
        let text = """
        HourUTC,HourDK,PriceArea,SpotPriceDKK,SpotPriceEUR,Note
        2024-01-01 00:00,2024-01-01 01:00,DK1,"1,5",0.2,"say ""hi"", then
        go"
        2024-01-01 01:00,2024-01-01 02:00,DK1,-3,-0.4,plain
        """
        let file = try RecordFileReader().read(bytes: Array(text.utf8))
        #expect(file.rejects.map(\.description) == ["line 2: SpotPriceDKK is not a number: \"1,5\""])
        #expect(file.records.count == 1)
        let semicolons = text.replacingOccurrences(of: ",", with: ";").replacingOccurrences(of: "\"1;5\"", with: "\"1,5\"")
            .replacingOccurrences(of: "hi\"\"; then", with: "hi\"\", then")
        let ok = try RecordFileReader().read(bytes: Array(semicolons.utf8))
        #expect(ok.rejects.isEmpty, "\(ok.rejects)")
        #expect(ok.records.count == 2)
        #expect(ok.records[0]["Note"] == "say \"hi\", then\ngo")
        #expect(ok.records[0]["SpotPriceDKK"]?.numberValue?.text == "1.5")
        #expect(ok.records[1]["SpotPriceEUR"]?.doubleValue == -0.4)
        #expect(ok.records[1]["Note"] == "plain") // undocumented text column stays text
    }

    @Test func malformedRowsAreRejectedWithLineAndTheRestRead() throws {
        var lines = try Recorded.text(Recorded.dayAhead).split(separator: "\n").map(String.init)
        lines.insert("2026-03-01 00:00:00;2026-03-01 01:00:00;DK2;49,7", at: 3)                     // line 4
        lines.insert("2026-03-01 00:15:00;2026-03-01 01:15:00;DK2;abc;371,6", at: 5)                 // line 6
        lines.insert("2026-13-01 00:00:00;2026-03-01 01:00:00;DK2;1;2", at: 7)                       // line 8
        lines.insert("2026-03-01 00:30:00;2026-03-01 01:30:00;;1;2", at: 9)                          // line 10
        lines.insert("2026-03-01 00:07:00;2026-03-01 01:07:00;DK2;1;2", at: 11)                      // line 12
        lines.insert("2026-03-01 00:45:00;2026-03-01 01:45:00;DK2;1.234,5;2", at: 13)                // line 14
        lines.append("\"2026-03-09 00:00:00;2026-03-09 01:00:00;DK2;1;2")                            // unterminated quote
        let file = try RecordFileReader().read(bytes: Array(lines.joined(separator: "\n").utf8))
        #expect(file.records.count == 672)
        #expect(file.rejects.map(\.description) == [
            "line 4: 4 fields where the header has 5",
            "line 6: DayAheadPriceEUR is not a number: \"abc\"",
            "line 8: TimeUTC is not a time: \"2026-13-01 00:00:00\"",
            "line 10: PriceArea is null",
            "line 12: TimeUTC is not on a 15-minute boundary: \"2026-03-01T00:07:00\"",
            "line 14: DayAheadPriceEUR is not a number: \"1.234,5\"",
            "line 680: a quoted field is not closed before the end of the file",
        ])
        #expect(file.rejects[1].text == "2026-03-01 00:15:00;2026-03-01 01:15:00;DK2;abc;371,6")
    }

    @Test func apiJSONRoundTrip() throws {
        let csv = try Recorded.cached(Recorded.elspot7Areas)
        let sample = Array(csv.records.prefix(2000))
        func response(_ records: [EnergiRecord]) -> [UInt8] {
            var json = Array(#"{"total":2000,"filters":"{}","limit":2000,"dataset":"ElspotPrices","records":["#.utf8)
            for (k, record) in records.enumerated() {
                if k > 0 { json.append(contentsOf: Array(",\n".utf8)) }
                json.append(contentsOf: record.messageValue)
            }
            json.append(contentsOf: Array("]}".utf8))
            return json
        }
        let api = try RecordFileReader().read(bytes: response(sample))
        #expect(api.format == .apiJSON)
        #expect(api.dataset == .elspotPrices)
        // Compared as Bools: a failing `#expect(a == b)` would print thousands of records.
        let sameRecords = api.records == sample
        let sameBytes = api.records.map(\.messageValue) == sample.map(\.messageValue)
        #expect(sameRecords && sameBytes)
        // Newest first, as the API sorts by default: same records, in time order.
        let newestFirst = try RecordFileReader().read(bytes: response(sample.reversed()))
        let sameTimes = newestFirst.records.map(\.time) == sample.map(\.time)
        #expect(sameTimes && Set(newestFirst.records) == Set(sample))
        // A bare array and JSON lines of the same records.
        let array = "[" + sample.map { $0.messageValue.text }.joined(separator: ",") + "]"
        let arrayFile = try RecordFileReader().read(bytes: Array(array.utf8))
        #expect(arrayFile.format == .jsonArray)
        let sameArray = arrayFile.records == sample
        #expect(sameArray)
        let lines = sample.map { $0.messageValue.text }.joined(separator: "\n") + "\n"
        let linesFile = try RecordFileReader().read(bytes: Array(lines.utf8))
        #expect(linesFile.format == .jsonLines)
        let sameLines = linesFile.records == sample
        #expect(sameLines)
    }

    @Test func apiRecordsKeepTheirBytesAndTimesAreNormalised() throws {
        let record = #"{"HourUTC":"2024-08-29T21:00:00","HourDK":"2024-08-29T23:00:00","PriceArea":"DK1","SpotPriceDKK":821.280029,"SpotPriceEUR":110.089996}"#
        let response = #"{"total":1,"limit":100,"dataset":"ElspotPrices","records":["# + record + "]}"
        let file = try RecordFileReader().read(bytes: Array(response.utf8))
        #expect(file.records.first?.messageValue.text == record)
        #expect(file.records.first?.messageKey == "ElspotPrices|2024-08-29T21:00:00Z|DK1")
        let zoned = #"[{"HourUTC":"2024-08-29T23:00:00+02:00","HourDK":"2024-08-29 23:00","PriceArea":"DK1","SpotPriceEUR":1}]"#
        let normalised = try RecordFileReader().read(bytes: Array(zoned.utf8))
        #expect(normalised.records.first?.messageValue.text ==
                #"{"HourUTC":"2024-08-29T21:00:00","HourDK":"2024-08-29T23:00:00","PriceArea":"DK1","SpotPriceEUR":1}"#)
    }

    @Test func badJSONRecordsAreRejectedWithTheirLine() throws {
        let response = """
        {"dataset": "ElspotPrices", "records": [
          {"HourUTC": "2024-08-29T21:00:00", "PriceArea": "DK1", "SpotPriceEUR": 1},
          {"HourUTC": "yesterday", "PriceArea": "DK1", "SpotPriceEUR": 2},
          [1, 2],
          {"PriceArea": "DK2", "SpotPriceEUR": 3}
        ]}
        """
        let file = try RecordFileReader().read(bytes: Array(response.utf8))
        #expect(file.records.count == 1)
        #expect(file.rejects.map(\.description) == [
            "line 3: HourUTC is not a time: \"yesterday\"",
            "line 4: a record must be a JSON object, not an array",
            "line 5: missing field HourUTC",
        ])
        let lines = """
        {"TimeUTC":"2026-03-01T00:00:00","PriceArea":"DK2","DayAheadPriceEUR":1}
        {"TimeUTC":"2026-03-01T00:15:00","PriceArea":"DK2","DayAheadPriceEUR":
        {"TimeUTC":"2026-03-01T00:30:00","PriceArea":"DK2","DayAheadPriceEUR":3}
        """
        let linesFile = try RecordFileReader().read(bytes: Array(lines.utf8))
        #expect(linesFile.dataset == .dayAheadPrices)
        #expect(linesFile.records.count == 2)
        #expect(linesFile.rejects.map(\.line) == [2])
        #expect(linesFile.rejects.first?.reason.hasPrefix("not JSON: unexpected end of input") == true)
    }

    @Test(arguments: [
        ([UInt8](), EnergiDataError.Code.emptyFile),
        (Array(" \n\t".utf8), .emptyFile),
        ([0xFF, 0xFE, 0x48, 0x00], .unrecognizedFile),
        (Array("HourUTC;HourDK;PriceArea;Price\n2024-01-01 00:00;2024-01-01 01:00;DK1;1".utf8), .unrecognizedFile),
        (Array("just one line of text".utf8), .unrecognizedFile),
        (Array(#"{"dataset":"ElspotPrices","records":[{"HourUTC":"#.utf8), .notJSON),
        (Array(#"{"dataset":"Forecasts","records":[]}"#.utf8), .unrecognizedFile),
        (Array("[]".utf8), .unrecognizedFile),
        (Array(#"{"dataset":"ElspotPrices","records":null}"#.utf8), .unrecognizedFile),
        (Array("HourUTC;HourUTC;PriceArea;SpotPriceEUR\n".utf8), .unrecognizedFile),
    ])
    func wholeFileProblemsThrow(bytes: [UInt8], code: EnergiDataError.Code) {
        do {
            let file = try RecordFileReader().read(bytes: bytes)
            Issue.record("read \(file.records.count) records")
        } catch {
            #expect(error.code == code, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func truncatedJSONSaysWhere() {
        let text = "{\"dataset\":\"ElspotPrices\",\n\"records\":[\n{\"HourUTC\":\"2024-08-29T21:00:00\",\n\"PriceArea\":\"DK"
        do {
            _ = try RecordFileReader().read(bytes: Array(text.utf8))
            Issue.record("accepted truncated JSON")
        } catch {
            #expect(error.code == .notJSON)
            #expect(error.line == 4)
            #expect(error.message == "not JSON: unexpected end of input, expected '\"' to close the string at offset \(text.utf8.count) (line 4)")
        }
    }

    @Test func datasetMustAgreeWithTheFile() throws {
        #expect(throws: EnergiDataError.self) { try Recorded.read(Recorded.dayAhead, dataset: .elspotPrices) }
        do {
            _ = try Recorded.read(Recorded.balance2024, dataset: .productionConsumptionSettlement)
        } catch {
            #expect(error.code == .datasetMismatch)
            #expect(error.message.contains("ElectricityBalanceNonv"))
        }
        let response = #"{"dataset":"ElspotPrices","records":[]}"#
        #expect(throws: EnergiDataError.self) { try RecordFileReader(dataset: .dayAheadPrices).read(bytes: Array(response.utf8)) }
        let empty = try RecordFileReader().read(bytes: Array(response.utf8))
        #expect(empty.records.isEmpty && empty.dataset == .elspotPrices)
        // A header the dataset cannot be recognised from, but named: the key columns must be there.
        let minimal = "HourUTC;PriceArea;SpotPriceEUR;Extra\n2024-01-01 00:00;DK1;1,5;x\n"
        let named = try RecordFileReader(dataset: .elspotPrices).read(bytes: Array(minimal.utf8))
        #expect(named.records.first?.messageValue.text == #"{"HourUTC":"2024-01-01T00:00:00","PriceArea":"DK1","SpotPriceEUR":1.5,"Extra":"x"}"#)
        #expect(throws: EnergiDataError.self) {
            try RecordFileReader(dataset: .declarationProduction).read(bytes: Array(minimal.utf8))
        }
    }
}
