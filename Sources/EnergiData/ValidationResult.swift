/// The outcome of validating one Kafka message.
public enum ValidationResult: Sendable, Hashable {
    /// Rows to store. Empty for a wide record whose production columns are all
    /// null (e.g. an hour the source left blank): valid, but nothing to store.
    case accepted([StoredObservation])
    /// Not stored; the reason goes to `energi_rejects`.
    case rejected(Rejection)

    public var observations: [StoredObservation]? {
        if case .accepted(let rows) = self { return rows }
        return nil
    }

    public var rejection: Rejection? {
        if case .rejected(let r) = self { return r }
        return nil
    }
}
