import EnergiData

/// One page of an API answer: the records it held, in event-time order, and
/// the records that could not be read (missing or malformed key fields).
public struct APIPage: Sendable {
    /// The URL that was asked.
    public var url: String
    public var dataset: Dataset
    public var offset: Int
    /// The API's `total` for the whole query, when it said.
    public var total: Int?
    public var records: [EnergiRecord]
    public var rejects: [RecordFile.Reject]

    /// Records on the page, unreadable ones included (to tell a last page).
    public var count: Int { records.count + rejects.count }
}
