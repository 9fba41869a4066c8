@testable import EnergiData
import Foundation
import Testing
import TestSupport

/// The streaming reader on the inputs where windows and parts end badly:
/// every window size from one byte up, so a window ends inside every record,
/// quote, escape, CRLF and UTF-8 sequence; and whole-file problems. Each
/// outcome is compared with the oracle (`WholeFileReader`).
@Suite struct RecordFileStreamEdgeTests {
    static let windows = Array(1...48) + [61, 128, 1000]
    static let parts = [1, 7, 64, 1 << 20]

    static let csvCases: [(String, String)] = [
        ("quotes, separators, doubled quotes, newlines, UTF-8 in quotes",
         "HourUTC;HourDK;PriceArea;SpotPriceDKK;SpotPriceEUR;Note\n"
            + "2024-01-01 02:00;2024-01-01 03:00;DK1;\"1,5\";0,2;\"say \"\"hi\"\"; then\ngo æøå 🙂\"\n"
            + "2024-01-01 01:00;2024-01-01 02:00;DK1;-3;-0,4;plain Ærø\n"
            + "2024-01-01 00:00;2024-01-01 01:00;\"DK1\";7;\"8,25\";\"\"\n"),
        ("CRLF, BOM, blank lines, trailing blank lines",
         "\u{FEFF}HourUTC,HourDK,PriceArea,SpotPriceDKK,SpotPriceEUR\r\n\r\n"
            + "2024-01-01T00:00:00+00:00,2024-01-01T01:00,DK1,1.5,0.2\r\n"
            + "2024-01-01T01:00:00Z,2024-01-01T02:00,DK2,2.5,0.3\r\n\r\n"
            + "2024-01-01T02:00:00+01:00,2024-01-01T02:00,DK2,2.5,0.3\r\n\r\n\r\n"),
        ("CR only, malformed rows, unclosed quote at the end",
         "TimeUTC;TimeDK;PriceArea;DayAheadPriceEUR;DayAheadPriceDKK\r"
            + "2026-03-01 00:00:00;2026-03-01 01:00:00;DK2;1;2\r"
            + "2026-03-01 00:15:00;2026-03-01 01:15:00;DK2;abc;2\r"
            + "2026-03-01 00:30:00;2026-03-01 01:30:00;DK2;\"1\"x;2\r"
            + "2026-03-01 00:45:00;2026-03-01 01:45:00;;1;2\r"
            + "2026-03-01 00:50:00;2026-03-01 01:50:00;DK2;1;2\r"
            + "2026-03-01 01:00:00;2026-03-01 02:00:00;DK2;1e400;2\r"
            + "2026-03-01 01:15:00;2026-03-01 02:15:00;DK2;1\r"
            + "\"2026-03-01 01:30:00;2026-03-01 02:30:00;DK2;1;2\r"),
        ("invalid UTF-8 and control bytes",
         "HourUTC;HourDK;PriceArea;SpotPriceDKK;SpotPriceEUR;Note\n"
            + "2024-01-01 00:00;2024-01-01 01:00;DK1;1;2;ok\u{1}\n"
            + "2024-01-01 01:00;2024-01-01 02:00;DK1;1;2;bad\u{FFFD}\n"),
    ]

    @Test(arguments: csvCases.indices)
    func csvWithEveryWindowSize(_ index: Int) {
        let (what, text) = Self.csvCases[index]
        var bytes = Array(text.utf8)
        if what.hasPrefix("invalid") {
            // A lone continuation byte and a truncated sequence.
            bytes.insert(0x80, at: bytes.count - 3)
            bytes.insert(contentsOf: [0xE2, 0x82], at: bytes.count - 1)
        }
        expectStreamMatchesOracle(bytes, blockSizes: Self.windows, partBytes: Self.parts, what)
        expectStreamMatchesOracle(bytes, dataset: .elspotPrices, blockSizes: [3, 17], what + ", named")
    }

    static let jsonCases: [(String, String)] = [
        ("API answer with escapes, UTF-8, zoned times, nested values, rejects",
         #"{"total":5,"filters":"{\"PriceArea\":[\"DK1\"]}","dataset":"ElspotPrices","records":["#
            + #"{"HourUTC":"2024-01-01T02:00:00","HourDK":"2024-01-01T03:00:00","PriceArea":"DK1","SpotPriceEUR":1e-05,"Note":"Ærø \u00e6\n\"q\" 🙂","Tags":[1,{"a":null}]},"#
            + #"{"HourUTC":"2024-01-01T00:00:00+01:00","HourDK":"2024-01-01 00:00","PriceArea":"DK2","SpotPriceEUR":-0.5,"Ok":true},"#
            + "\n" + #"{"HourUTC":"2023-12-31T22:30:00","PriceArea":"DK2","SpotPriceEUR":1},"#
            + #"[1,2],{"HourUTC":null,"PriceArea":"DK2"},{"HourUTC":"2023-12-31T21:00:00","PriceArea":5},"#
            + #"{"HourUTC":"2023-12-31T20:00:00Z","PriceArea":"DK1","SpotPriceEUR":123456789012345678901234567890}"#
            + "]}"),
        ("pretty API answer, dataset after the records, CRLF",
         "{\r\n \"records\" : [ \r\n  { \"TimeUTC\" : \"2026-03-01T00:15:00\" , \"PriceArea\" : \"DK2\" , \"DayAheadPriceEUR\" : 1.5 } ,\r\n"
            + "  {\"TimeUTC\":\"2026-03-01T00:00:00\",\"PriceArea\":\"DK2\",\"DayAheadPriceEUR\":0}\r\n ] ,\r\n \"dataset\" : \"DayAheadPrices\" , \"total\" : 2 \r\n}\r\n"),
        ("bare array, newest first, equal times",
         "[\n" + [("02", "DK1"), ("02", "DK2"), ("01", "DK1"), ("01", "DK2"), ("00", "DK1")].map {
             #"{"HourUTC":"2024-01-01T\#($0.0):00:00","PriceArea":"\#($0.1)","SpotPriceEUR":1}"#
         }.joined(separator: ",\n") + "\n]\n"),
        ("JSON lines with blank, broken and multi-line lines",
         #"{"TimeUTC":"2026-03-01T00:00:00","PriceArea":"DK2","DayAheadPriceEUR":1}"# + "\r\n\n   \n"
            + #"{"TimeUTC":"2026-03-01T00:15:00","PriceArea":"DK2","DayAheadPriceEUR":"# + "\n"
            + #"[1]"# + "\n" + #"{"TimeUTC":"2026-03-01T00:30:00","PriceArea":"DK2","DayAheadPriceEUR":3}"#),
        ("one record object", "\n  {\"HourUTC\":\"2024-01-01T00:00:00\",\n \"PriceArea\":\"DK1\",\"SpotPriceEUR\":1}\n"),
        ("empty records", #"{"dataset":"ElspotPrices","records":[ ]}"#),
    ]

    @Test(arguments: jsonCases.indices)
    func jsonWithEveryWindowSize(_ index: Int) {
        let (what, text) = Self.jsonCases[index]
        expectStreamMatchesOracle(Array(text.utf8), blockSizes: Self.windows, partBytes: Self.parts, what)
    }

    static let brokenFiles: [(String, [UInt8])] = [
        ("empty", []),
        ("white space", Array(" \r\n\t\n".utf8)),
        ("only a BOM", [0xEF, 0xBB, 0xBF]),
        ("UTF-16", [0xFF, 0xFE, 0x48, 0x00]),
        ("truncated API answer", Array("{\"dataset\":\"ElspotPrices\",\n\"records\":[\n{\"HourUTC\":\"2024-08-29T21:00:00\",\n\"PriceArea\":\"DK".utf8)),
        ("truncated inside a UTF-8 sequence", Array(#"[{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","N":"æ"#.utf8).dropLast()),
        ("trailing bytes", Array(#"{"dataset":"ElspotPrices","records":[]} x"#.utf8)),
        ("comma before the end", Array(#"[{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1"},]"#.utf8)),
        ("records not an array", Array(#"{"dataset":"ElspotPrices","records":null}"#.utf8)),
        ("unknown dataset", Array(#"{"dataset":"Forecasts","records":[]}"#.utf8)),
        ("no record to recognise", Array("[1, [2], \"x\"]".utf8)),
        ("bad header", Array("HourUTC;HourUTC;PriceArea;SpotPriceEUR\n".utf8)),
        ("one line of text", Array("just one line of text".utf8)),
        ("header only", Array("HourUTC;HourDK;PriceArea;SpotPriceEUR\r\n".utf8)),
        ("a second JSON value", Array(#"{"HourUTC":"2024-01-01T00:00:00","PriceArea":"DK1"} [1]"#.utf8)),
        ("too deep", Array(("[" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "]").utf8)),
    ]

    @Test(arguments: brokenFiles.indices)
    func wholeFileProblemsGiveTheSameError(_ index: Int) {
        let (what, bytes) = Self.brokenFiles[index]
        expectStreamMatchesOracle(bytes, blockSizes: [1, 5, 64, FileWindow.blockSize], partBytes: [3, 1 << 20], what)
        for dataset in [Dataset.elspotPrices, .dayAheadPrices] {
            let named = ReadOutcome.streamed(bytes, dataset: dataset, blockSize: 7)
            let oracle = ReadOutcome.oracle(bytes, dataset: dataset)
            #expect(named.matches(oracle: oracle), "\(what) as \(dataset): \(named) vs \(oracle)")
        }
    }

    @Test func aRowLargerThanTheLimitIsAnErrorNotAnEndlessWindow() {
        let text = "HourUTC;HourDK;PriceArea;SpotPriceEUR\n2024-01-01 00:00;x;DK1;1\n\"" + String(repeating: "x", count: 5000) + "\n2024-01-01 01:00;x;DK1;1\n"
        let outcome = ReadOutcome.streamed(Array(text.utf8), blockSize: 64, maxItemSize: 1024)
        #expect(outcome.error == "one row or record (from line 3) is larger than 1024 bytes; is a quote or a bracket not closed?")
        // Within the limit: the unclosed quote swallows the rest, as it always did.
        expectStreamMatchesOracle(Array(text.utf8), blockSizes: [64], "unclosed quote")
    }

    /// Recorded files, mutated at random, read at random window and part
    /// sizes: whatever the oracle made of them, the stream makes too.
    @Test func mutatedFilesAgreeWithTheOracle() throws {
        var rng = SplitMix64(seed: 14)
        let api = Array(#"{"total":3,"dataset":"ElspotPrices","records":[{"HourUTC":"2024-08-29T22:00:00","HourDK":"2024-08-30T00:00:00","PriceArea":"DK1","SpotPriceEUR":1.5},{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":-2},{"HourUTC":"2024-08-29T20:00:00+00:00","PriceArea":"DK2","SpotPriceEUR":3}]}"#.utf8)
        let sources = [try Recorded.bytes(Recorded.declaration), Array(try Recorded.bytes(Recorded.dayAhead).prefix(3000)),
                       Array(try Recorded.bytes(Recorded.balance2019).prefix(3000)), api,
                       Array(try Recorded.bytes(Recorded.settlementFeb).prefix(3000))]
        var compared = 0, failed = 0
        for _ in 0..<400 {
            var bytes = sources.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<5, using: &rng) {
                case 0: bytes[at] = Array(";,\"\n\r0.-xT:+{}[]æ".utf8).randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 3: bytes.removeSubrange(at...)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 40)], at: at)
                }
            }
            let oracle = ReadOutcome.oracle(bytes)
            let window = [1, 2, 3, 13, 100, 4096].randomElement(using: &rng)!
            let part = [1, 50, 700, 1 << 20].randomElement(using: &rng)!
            let streamed = ReadOutcome.streamed(bytes, blockSize: window, partBytes: part)
            compared += 1
            if !streamed.matches(oracle: oracle) {
                failed += 1
                Issue.record("window \(window), part \(part): streamed \(streamed), oracle \(oracle); input \(bytes.text.prefix(300))")
                if failed > 3 { break }
            }
        }
        #expect(compared == 400)
    }
}
