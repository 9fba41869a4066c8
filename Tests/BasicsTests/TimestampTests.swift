import Basics
import Foundation
import Testing
import TestSupport

@Suite struct TimestampTests {
    @Test(arguments: [
        "2024-09-24 23:00", "2024-09-24 23:00:00", "2024-09-24T23:00", "2024-09-24T23:00:00",
        "2024-09-24T23:00:00Z", "2024-09-24T23:00:00z", "2024-09-24T23:00:00+00:00", "2024-09-24T23:00:00.000",
        "2024-09-25T01:00:00+02:00", "2024-09-25T01:00+0200", "2024-09-25T01:00:00+02", "2024-09-24T20:30:00-02:30",
        "2024-09-24 23:00:00.000000Z",
    ])
    func everyFormGivesTheSameInstant(text: String) throws {
        let stamp = try #require(Timestamp.parse(text))
        #expect(stamp.date == Date(timeIntervalSince1970: 1_727_218_800))  // date -u -d '2024-09-24 23:00' +%s
        #expect(stamp.utcString == "2024-09-24T23:00:00Z")
        #expect(stamp.utc.apiString == "2024-09-24T23:00:00")
    }

    @Test(arguments: [
        "2024-13-01T00:00", "2024-00-10 00:00", "2023-02-29 00:00", "2024-02-30 00:00", "1900-02-29 00:00",
        "2024-04-31 12:00", "2024-01-01 24:00", "2024-01-01 12:60", "2024-01-01 12:00:60", "2024-9-1 00:00",
        "2024-09-01", "", "2024-09-01 00:00 ", " 2024-09-01 00:00", "2024-09-01 00:00:00+25:00",
        "2024-09-01 00:00:00+01:", "2024-09-01 00:00:00.", "2024-09-01X00:00", "2024-09-01 00:00:00 UTC",
        "abcd-ef-gh ij:kl", "0000-01-01 00:00", "2024-09-01T00:00:00+01:60",
    ])
    func rejectsImpossibleOrMalformedTimes(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func leapDaysAndFractions() throws {
        #expect(Timestamp.parse("2024-02-29 00:00") != nil)
        #expect(Timestamp.parse("2000-02-29 00:00") != nil)
        let fractional = try #require(Timestamp.parse("2024-01-01T00:00:00.5Z"))
        #expect(fractional.nanosecond == 500_000_000)
        #expect(fractional.apiString == "2024-01-01T00:00:00.5")
        #expect(fractional.date.timeIntervalSince1970 == 1_704_067_200.5)
        let nanos = try #require(Timestamp.parse("2024-01-01T00:00:00.123456789"))
        #expect(nanos.nanosecond == 123_456_789)
    }

    @Test func agreesWithFoundationsCalendarOverCenturies() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let y = Int.random(in: 1601...2400, using: &rng), m = Int.random(in: 1...12, using: &rng)
            let d = Int.random(in: 1...28, using: &rng), h = Int.random(in: 0...23, using: &rng)
            let mi = Int.random(in: 0...59, using: &rng), s = Int.random(in: 0...59, using: &rng)
            let text = String(format: "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, h, mi, s)
            let stamp = try #require(Timestamp.parse(text))
            let expected = try #require(calendar.date(from: DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s)))
            #expect(stamp.date == expected, "\(text)")
            // And back: from the instant to the same wall-clock text.
            #expect(Timestamp(epochSeconds: stamp.epochSeconds).apiString == text.replacingOccurrences(of: " ", with: "T"))
        }
    }

    @Test func danishLocalTimeOfAZonedTimestamp() throws {
        // After the fall-back on 2024-10-27 (01:00 UTC) Denmark is UTC+1; in July UTC+2.
        let autumn = try #require(Timestamp.parse("2024-10-27T01:30:00Z"))
        let summer = try #require(Timestamp.parse("2024-07-01T10:00:00+00:00"))
        let copenhagen = try #require(TimeZone(identifier: "Europe/Copenhagen"))
        #expect(autumn.local(in: copenhagen).apiString == "2024-10-27T02:30:00")
        #expect(summer.local(in: copenhagen).apiString == "2024-07-01T12:00:00")
        let unzoned = try #require(Timestamp.parse("2024-07-01 12:00"))
        #expect(unzoned.local(in: copenhagen).apiString == "2024-07-01T12:00:00")
        #expect(summer.description == "2024-07-01T10:00:00Z")
        #expect(Timestamp.parse("2024-07-01T12:00:00+02:00")?.description == "2024-07-01T12:00:00+02:00")
    }

    @Test func utcStringOfADate() {
        #expect(Timestamp.utcString(Date(timeIntervalSince1970: 1_727_218_800)) == "2024-09-24T23:00:00Z")
        #expect(Timestamp.utcString(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
