import Basics
import Foundation
import Testing

/// The market's zone: one name, and one behaviour without its data.
@Suite struct MarketTimeZoneTests {
    @Test func oneNameForSwiftAndSQL() throws {
        #expect(MarketTimeZone.identifier == "Europe/Copenhagen")
        #expect(TimeZone.copenhagen.identifier == MarketTimeZone.identifier)
        // This machine has the data (scripts/setup installs tzdata): the check passes.
        #expect(throws: Never.self) { try MarketTimeZone.check() }
    }

    /// Without data for the zone the check throws a sentence that names the
    /// zone and says what to install, instead of a crash or a fixed +01:00
    /// (energiflow prints it and exits with status 5, see ErrorReportingTests).
    @Test func missingZoneDataIsAClearError() {
        let error = #expect(throws: TimeZoneDataError.self) {
            try MarketTimeZone.check(lookup: { _ in nil })
        }
        #expect(error?.identifier == "Europe/Copenhagen")
        #expect(error?.message == "this system has no time-zone data for Europe/Copenhagen, the market's time zone in which "
            + "EnergiFlow counts Danish days; install it (Debian and Ubuntu: apt-get install tzdata) and run again")
        #expect(throws: Never.self) { try MarketTimeZone.check(lookup: { TimeZone(identifier: $0) }) }
    }
}
