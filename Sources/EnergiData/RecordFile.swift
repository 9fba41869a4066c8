/// What `RecordFileReader` read from one file: the records in event-time order
/// and the rows it had to leave out, each with its line and reason.
public struct RecordFile: Sendable {
    public enum Format: String, Sendable, Hashable {
        /// CSV (EDS GUI export or pandas `to_csv`); see `separator`.
        case csv
        /// The API response `{"total":…,"limit":…,"dataset":"…","records":[…]}`.
        case apiJSON
        /// A bare JSON array of records.
        case jsonArray
        /// One JSON record per line (NDJSON), or a single record object.
        case jsonLines
    }

    /// A row or record that was left out.
    public struct Reject: Sendable, Hashable, CustomStringConvertible {
        /// The 1-based line where the row or record starts.
        public let line: Int
        public let reason: String
        /// The start of the row's text as found in the file (at most 200 bytes).
        public let text: String

        public var description: String { "line \(line): \(reason)" }
    }

    public let dataset: Dataset
    public let format: Format
    /// `;` or `,` for CSV files, nil for JSON.
    public let separator: Character?
    /// The records, sorted by event time ascending; records with the same time
    /// keep their order in the file (stable).
    public let records: [EnergiRecord]
    /// Rows that were malformed, in file order.
    public let rejects: [Reject]
}
