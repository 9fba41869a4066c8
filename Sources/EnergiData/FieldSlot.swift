import Basics
import Foundation

/// One field position of a file's records as the fast readers see it: its
/// key, whether its values are times to normalise, which part of the natural
/// key it is, and the last such value read there.
///
/// Files repeat values position by position (an hour's records share their
/// times, an area or a type runs for many rows), so the value read last is
/// often the next one: its raw bytes are compared and, when they are the
/// same, what was made of them (normalised time, key text, parsed key time)
/// is reused instead of being made again.
struct FieldSlot {
    /// The part of the natural key a field is.
    enum Role: Equatable {
        case time
        case area
        /// The n-th of the dataset's `extraKeyFields`.
        case part(Int)
        case none
    }

    let key: String
    /// The key as written in the file (JSON: with its quotes), to recognise
    /// it in the next record without decoding it.
    let keyRaw: [UInt8]
    /// `"key":` as `JSONWriter` writes it.
    let prefix: [UInt8]
    /// `.utcTime` or `.localTime` when text values here are times to be
    /// normalised (documented, or guessed from the name).
    let timeKind: FieldKind?
    /// The documented kind, nil for a field the dataset does not document.
    let kind: FieldKind?
    let role: Role

    private var lastRaw: [UInt8] = []
    private var remembers = false
    /// The text of the value read last (key fields).
    private(set) var lastText = ""
    /// The compact JSON of the value read last when it is not its raw bytes
    /// (a time rewritten in the API's form; CSV values).
    private(set) var lastJSON: [UInt8]?
    /// For the key time field: the value read last, as a key time.
    private(set) var lastKeyTime: Timestamp?

    init(key: String, raw: UnsafeBufferPointer<UInt8>? = nil, dataset: Dataset) {
        self.key = key
        keyRaw = raw.map(Array.init) ?? []
        var prefix: [UInt8] = []
        JSONWriter.writeString(key, into: &prefix)
        prefix.append(0x3A)
        self.prefix = prefix
        kind = dataset.kind(ofField: key)
        let timeKind = kind ?? RecordFileReader.guessedTimeKind(key)
        self.timeKind = timeKind == .utcTime || timeKind == .localTime ? timeKind : nil
        if key == dataset.timeField {
            role = .time
        } else if key == dataset.areaField {
            role = .area
        } else if let n = dataset.extraKeyFields.firstIndex(of: key) {
            role = .part(n)
        } else {
            role = .none
        }
    }

    /// Whether text values here need more than copying: times, key fields.
    var isSpecial: Bool { timeKind != nil || role != .none }

    /// Whether `p[range]` is this slot's key as written.
    @inline(__always) func hasKey(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        keyRaw.count == range.count && keyRaw.withUnsafeBufferPointer { memcmp($0.baseAddress!, p + range.lowerBound, range.count) == 0 }
    }

    /// Whether `p[range]` are the raw bytes of the value read last.
    @inline(__always) func isLast(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        remembers && lastRaw.count == range.count
            && lastRaw.withUnsafeBufferPointer { memcmp($0.baseAddress!, p + range.lowerBound, range.count) == 0 }
    }

    /// Remembers what the raw bytes `p[range]` were read as.
    mutating func remember(_ p: UnsafePointer<UInt8>, _ range: Range<Int>, text: String, json: [UInt8]?, keyTime: Timestamp?) {
        lastRaw.removeAll(keepingCapacity: true)
        lastRaw.append(contentsOf: UnsafeBufferPointer(start: p + range.lowerBound, count: range.count))
        lastText = text
        lastJSON = json
        lastKeyTime = keyTime
        remembers = true
    }

    /// Reads a time written `text`: its text in the API's form (nil when
    /// `text` already is) and, for the key time field, the key time (as the
    /// record's own check parses it). Nil when it is not a time.
    func time(_ p: UnsafePointer<UInt8>, _ range: Range<Int>) -> (rewritten: String?, keyTime: Timestamp?)? {
        guard let stamp = Timestamp.parse(p, range) else { return nil }
        let api = RecordFileReader.apiTime(stamp, kind: timeKind ?? .utcTime)
        let same = api.utf8.count == range.count
            && api.utf8.withContiguousStorageIfAvailable { memcmp($0.baseAddress!, p + range.lowerBound, range.count) == 0 } == true
        let keyTime = role == .time ? (same ? stamp : Timestamp.parse(api)) : nil
        return (same ? nil : api, keyTime)
    }
}

/// The key fields of a record as a fast reader meets them (the first of
/// each, as `EnergiRecord` takes them), and the record they make.
struct RecordKeyParts {
    private var keyTime: Timestamp?
    private var area: String?
    private var parts: [String]
    /// Bit 0: time seen, bit 1: area seen, bit 2 + n: part n seen.
    private var seen = 0
    /// A key field holds something other than text: only the generic path says why.
    private var problem = false
    private let all: Int

    init(dataset: Dataset) {
        parts = Array(repeating: "", count: dataset.extraKeyFields.count)
        all = (4 << dataset.extraKeyFields.count) - 1
    }

    mutating func reset() {
        keyTime = nil
        area = nil
        seen = 0
        problem = false
    }

    /// Notes the value the slot read last (`isText`: it was text).
    @inline(__always) mutating func note(_ slot: borrowing FieldSlot, isText: Bool) {
        let bit: Int
        switch slot.role {
        case .none: return
        case .time: bit = 1
        case .area: bit = 2
        case .part(let n): bit = 4 << n
        }
        guard seen & bit == 0 else { return }
        seen |= bit
        guard isText else {
            problem = true
            return
        }
        switch slot.role {
        case .time:
            if let time = slot.lastKeyTime { keyTime = time } else { problem = true }
        case .area: area = slot.lastText
        case .part(let n): parts[n] = slot.lastText
        case .none: break
        }
    }

    /// The record with these key fields and message bytes; nil when a key
    /// field is missing, not text or off the interval (the generic path then
    /// gives the reject and its reason).
    func record(_ dataset: Dataset, messageValue: [UInt8]) -> EnergiRecord? {
        guard !problem, seen == all, let keyTime, let area, EnergiRecord.isKeyTime(keyTime, dataset: dataset) else { return nil }
        return EnergiRecord(dataset: dataset, messageValue: messageValue, keyTime: keyTime, area: area, parts: parts)
    }
}
