import Foundation

/// Something a user should know that does not stop the run: invalid Kafka
/// messages skipped, `tz=` that cannot change what a Danish day is.
public struct StageWarning: Sendable, Hashable, CustomStringConvertible {
    /// The stage it concerns, if any.
    public var stage: String?
    public var message: String
    /// A note says what happened (a filter that kept no rows) rather than warn.
    public var isNote: Bool

    public init(stage: String? = nil, _ message: String, isNote: Bool = false) {
        self.stage = stage
        self.message = message
        self.isNote = isNote
    }

    /// `warning: daily: …` (or `note: where: …`) as the shell prints it to stderr.
    public var description: String {
        (isNote ? "note: " : "warning: ") + (stage.map { "\($0): " } ?? "") + message
    }
}
