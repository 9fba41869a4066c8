import Basics

/// JSON records: from a parsed value to a record in the API's form, or a reject.
extension RecordFileReader {
    /// The item for a JSON value read at `line`: a record, or a reject with
    /// the reason and the start of the value's compact JSON.
    static func item(_ value: JSONValue, line: Int, dataset: Dataset) -> RecordItem {
        switch record(value, dataset: dataset) {
        case .success(let record): return .record(record, line: line)
        case .failure(let rejection):
            return .reject(.init(line: line, reason: rejection.reason, text: String(value.compactString.prefix(200))))
        }
    }

    /// A record from a JSON value, with the timestamps of its time fields in the API's form.
    static func record(_ value: JSONValue, dataset: Dataset) -> Result<EnergiRecord, Rejection> {
        guard case .object(var members) = value else {
            return .failure(Rejection(.notObject, "a record must be a JSON object, not \(value.typeDescription)"))
        }
        for k in members.indices {
            guard case .string(let text) = members[k].value else { continue }
            let name = members[k].key
            let documented = dataset.kind(ofField: name)
            guard let kind = documented ?? (documented == nil ? guessedTimeKind(name) : nil),
                  kind == .utcTime || kind == .localTime else { continue }
            if let stamp = Timestamp.parse(text) {
                members[k].value = .string(apiTime(stamp, kind: kind))
            } else if documented != nil {
                return .failure(.notTime(name, quoted(text)))
            }
        }
        do {
            return .success(try EnergiRecord(dataset: dataset, fields: members))
        } catch {
            return .failure(Rejection(.wrongType, error.message))
        }
    }
}
