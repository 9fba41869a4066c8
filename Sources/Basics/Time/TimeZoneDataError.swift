/// This system has no time-zone data for the market's zone. `energiflow`
/// checks before doing anything else and stops with `message` and exit
/// status 5 (`ErrorReporting`'s `ExitStatus.noTimeZoneData`).
public struct TimeZoneDataError: Error, Sendable, CustomStringConvertible {
    public let identifier: String

    public init(identifier: String) {
        self.identifier = identifier
    }

    public var message: String {
        "this system has no time-zone data for \(identifier), the market's time zone in which EnergiFlow counts Danish days; "
            + "install it (Debian and Ubuntu: apt-get install tzdata) and run again"
    }

    public var description: String { message }
}
