import Basics
import Foundation
import Testing
import TestSupport
import EnergiData

/// Random and mutated bytes thrown at the JSON parser, the validator and the
/// file reader: they must answer (value, rejection or error), never crash, and
/// agree with each other.
@Suite struct FuzzTests {
    let validator = RecordValidator()

    /// The parser and the validator accept exactly the same JSON; a parsed
    /// value writes back to JSON that parses to the same value.
    func check(_ bytes: [UInt8], dataset: Dataset) {
        let parsed = try? JSONValue.parse(bytes)
        let result = validator.validate(bytes, dataset: dataset)
        if bytes.isEmpty || bytes.count > validator.maxValueBytes { return }
        if let parsed {
            #expect(result.rejection?.code != .notJSON, "\(bytes.text)")
            #expect((try? JSONValue.parse(parsed.compactBytes)) == parsed, "\(bytes.text)")
            if case .object = parsed {} else { #expect(result.rejection?.code == .notObject) }
        } else {
            #expect(result.rejection?.code == .notJSON, "\(bytes.text): \(String(describing: result))")
        }
        if let rows = result.observations {
            for row in rows {
                #expect(row.payload == bytes)
                #expect(!row.naturalKey.isEmpty)
                #expect(row.priceEUR?.isFinite ?? row.productionMWh?.isFinite ?? false)
            }
        }
    }

    @Test func randomBytes() {
        var rng = SplitMix64(seed: 1)
        let alphabet = Array(#"{}[]:,"\ 0123456789-+.eEtruefalsnl"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xC3, 0xA6, 0xED, 0xF0, 0xFF]
        for _ in 0..<4000 {
            let count = Int.random(in: 0...64, using: &rng)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            check(bytes, dataset: Dataset.allCases.randomElement(using: &rng)!)
        }
    }

    @Test func mutatedRecords() throws {
        var seeds: [(Dataset, [UInt8])] = []
        for name in [Recorded.declaration, Recorded.dayAhead, Recorded.settlementFeb, Recorded.balance2024] {
            let file = try Recorded.cached(name)
            seeds += file.records.prefix(40).map { (file.dataset, $0.messageValue) }
        }
        var rng = SplitMix64(seed: 2)
        var accepted = 0, rejected = 0
        for _ in 0..<12_000 {
            let (dataset, seed) = seeds.randomElement(using: &rng)!
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<7, using: &rng) {
                case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(Array(#"{}[]:,"\-.e0"#.utf8).randomElement(using: &rng)!, at: at)
                case 3: bytes.removeSubrange(at...)
                case 4: bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                case 5: // duplicate a slice
                    let end = min(bytes.count, at + Int.random(in: 1...30, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                default: // swap digits and quotes around numbers
                    if bytes[at] >= 0x30 && bytes[at] <= 0x39 { bytes[at] = 0x22 } else { bytes[at] = 0x31 }
                }
            }
            check(bytes, dataset: dataset)
            if validator.validate(bytes, dataset: dataset).observations != nil { accepted += 1 } else { rejected += 1 }
        }
        // Both outcomes happen, so the checks above ran on both paths.
        #expect(accepted > 100 && rejected > 100, "accepted \(accepted), rejected \(rejected)")
    }

    @Test func mutatedFiles() throws {
        var rng = SplitMix64(seed: 3)
        let sources = [try Recorded.bytes(Recorded.declaration), Array(try Recorded.bytes(Recorded.dayAhead).prefix(4000)),
                       Array(try Recorded.bytes(Recorded.balance2019).prefix(4000)),
                       Array(#"{"dataset":"ElspotPrices","records":[{"HourUTC":"2024-08-29T21:00:00","PriceArea":"DK1","SpotPriceEUR":1}]}"#.utf8)]
        var read = 0
        for _ in 0..<600 {
            var bytes = sources.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                guard !bytes.isEmpty else { break }
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: bytes[at] = Array(";,\"\n\r0.-xT:+".utf8).randomElement(using: &rng)!
                case 1: bytes.remove(at: at)
                case 2: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                default: bytes.removeSubrange(at...)
                }
            }
            do {
                let file = try RecordFileReader().read(bytes: bytes)
                read += 1
                #expect(zip(file.records, file.records.dropFirst()).allSatisfy { $0.time <= $1.time })
                for reject in file.rejects { #expect(reject.line >= 1 && !reject.reason.isEmpty) }
            } catch {
                #expect(!error.message.isEmpty)
            }
        }
        #expect(read > 100)
    }

    @Test func randomTimestamps() {
        var rng = SplitMix64(seed: 4)
        let alphabet = Array("0123456789-: TZ+.,z".utf8)
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...30, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            if let stamp = Timestamp.parse(bytes.text) {
                // Anything accepted is a real time that formats and parses back to the same instant.
                #expect(Timestamp.parse(stamp.description)?.date == stamp.date, "\(bytes.text)")
            }
        }
    }
}
