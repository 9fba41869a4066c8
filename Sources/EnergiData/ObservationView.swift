import Basics
import Foundation

/// One row of an accepted message as the validator hands it over, borrowed:
/// the payload is the message's own bytes and the natural key is not built
/// yet. Valid only during the call it is handed to. For writers that encode
/// rows straight into a buffer of their own (the store consumer);
/// `StoredObservation(_:payload:)` keeps one.
public struct ObservationView {
    public let dataset: Dataset
    /// The time the key is made of (the dataset's UTC field).
    let keyTime: Timestamp
    /// The event's UTC time (start of the interval).
    public let time: Date
    public let area: String
    /// The key's parts after the area (see `NaturalKey`).
    let keyParts: UnsafeBufferPointer<String>
    public let measure: StoredObservation.Measure
    /// See `StoredObservation.version`.
    public let version: String?
    /// The message value as received.
    public let payload: UnsafeBufferPointer<UInt8>

    init(dataset: Dataset, keyTime: Timestamp, time: Date, area: String, keyParts: UnsafeBufferPointer<String>,
         measure: StoredObservation.Measure, version: String?, payload: UnsafeBufferPointer<UInt8>) {
        self.dataset = dataset
        self.keyTime = keyTime
        self.time = time
        self.area = area
        self.keyParts = keyParts
        self.measure = measure
        self.version = version
        self.payload = payload
    }

    public var intervalSeconds: Int { dataset.interval }

    /// Bytes of the natural key (what `writeNaturalKey` writes).
    public var naturalKeyLength: Int {
        NaturalKey.length(dataset: dataset, time: keyTime, area: area, parts: keyParts)
    }

    /// Writes the natural key's UTF-8 bytes at `out` (room for
    /// `naturalKeyLength`); returns how many were written.
    @discardableResult
    public func writeNaturalKey(to out: UnsafeMutablePointer<UInt8>) -> Int {
        NaturalKey.write(dataset: dataset, time: keyTime, area: area, parts: keyParts, to: out)
    }

    /// The natural key as text.
    public var naturalKey: String {
        NaturalKey.make(dataset: dataset, time: keyTime, area: area, parts: keyParts)
    }
}

extension StoredObservation {
    /// The row `view` describes, kept: with its key built and `payload` (the
    /// message's bytes, shared by the rows of one message) as its payload.
    public init(_ view: ObservationView, payload: [UInt8]) {
        self.init(naturalKey: view.naturalKey, dataset: view.dataset, time: view.time, area: view.area,
                  intervalSeconds: view.intervalSeconds, measure: view.measure, payload: payload, version: view.version)
    }
}
