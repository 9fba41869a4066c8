import Foundation

/// Something a user should know that does not stop the run: invalid Kafka
/// messages skipped, `tz=` that cannot change what a Danish day is.
public struct StageWarning: Sendable, Hashable, CustomStringConvertible {
    /// The stage it concerns, if any.
    public var stage: String?
    public var message: String

    public init(stage: String? = nil, _ message: String) {
        self.stage = stage
        self.message = message
    }

    /// `warning: daily: …` as the shell prints it to stderr.
    public var description: String {
        "warning: " + (stage.map { "\($0): " } ?? "") + message
    }
}
