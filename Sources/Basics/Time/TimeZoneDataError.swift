/// This system has no time-zone data for the market's zone. `energiflow`
/// prints `message` and exits with `exitCode` before doing anything else.
public struct TimeZoneDataError: Error, Sendable, CustomStringConvertible {
    /// The exit code of a program stopped by this error (documented in the README).
    public static let exitCode: Int32 = 5

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
