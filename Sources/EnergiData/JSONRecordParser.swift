import Basics

/// Reads one flat JSON record object straight into an `EnergiRecord`: it
/// checks the object as `JSONParser` would, normalises its times, takes its
/// key fields, and takes its bytes as the record's compact JSON when they are
/// already compact (as the API writes them); otherwise it writes the compact
/// form from the source's keys and values. No field values are built.
///
/// It takes only the common case: an object of text, numbers, booleans and
/// nulls without escapes, whose times parse and whose key fields are there.
/// For anything else (and for a record to reject) it answers nil, and the
/// reader takes the generic path (`JSONParser` and `RecordFileReader.item`),
/// which gives the same record, or the reject with its reason.
struct JSONRecordParser {
    let dataset: Dataset
    private var slots: [FieldSlot] = []
    private var key: RecordKeyParts
    /// Per member: its slot, and where its key and value are.
    private var members: [(slot: Int, key: Range<Int>, value: Range<Int>)] = []

    init(dataset: Dataset) {
        self.dataset = dataset
        key = RecordKeyParts(dataset: dataset)
    }

    /// The record whose `{` is at the scanner's position, the position moved
    /// past its `}`; nil to take the generic path (the position is then undefined).
    mutating func record(_ scanner: inout JSONScanner) -> EnergiRecord? {
        let p = scanner.base
        let start = scanner.position
        guard scanner.peek() == 0x7B else { return nil }
        scanner.position += 1
        key.reset()
        members.removeAll(keepingCapacity: true)
        var compact = true
        var rewritten = false
        do throws(JSONSyntaxError) {
            while true {
                if skipWhitespace(&scanner) { compact = false }
                let keySpan = try scanner.scanString()
                guard !keySpan.escaped else { return nil }
                let keyRange = (keySpan.start - 1)..<scanner.position
                let k = members.count
                if k == slots.count || !slots[k].hasKey(p, keyRange) {
                    let slot = FieldSlot(key: JSONParser.decode(p, keySpan), raw: UnsafeBufferPointer(start: p + keyRange.lowerBound, count: keyRange.count),
                                         dataset: dataset)
                    if k == slots.count { slots.append(slot) } else { slots[k] = slot }
                }
                if skipWhitespace(&scanner) { compact = false }
                guard scanner.peek() == 0x3A else { return nil }
                scanner.position += 1
                if skipWhitespace(&scanner) { compact = false }
                let valueStart = scanner.position
                switch scanner.peek() {
                case 0x22?:
                    let span = try scanner.scanString()
                    guard !span.escaped else { return nil }
                    if slots[k].isSpecial {
                        let raw = valueStart..<scanner.position
                        if !slots[k].isLast(p, raw) {
                            guard read(span, raw: raw, slot: k, p) else { return nil }
                        }
                        if slots[k].lastJSON != nil { rewritten = true }
                        key.note(slots[k], isText: true)
                    }
                case 0x2D?, 0x30?, 0x31?, 0x32?, 0x33?, 0x34?, 0x35?, 0x36?, 0x37?, 0x38?, 0x39?:
                    _ = try scanner.scanNumber()
                    key.note(slots[k], isText: false)
                case 0x74?:
                    try scanner.scanLiteral("true")
                    key.note(slots[k], isText: false)
                case 0x66?:
                    try scanner.scanLiteral("false")
                    key.note(slots[k], isText: false)
                case 0x6E?:
                    try scanner.scanLiteral("null")
                    key.note(slots[k], isText: false)
                default:
                    return nil
                }
                members.append((k, keyRange, valueStart..<scanner.position))
                if skipWhitespace(&scanner) { compact = false }
                switch scanner.peek() {
                case 0x2C?:
                    scanner.position += 1
                case 0x7D?:
                    scanner.position += 1
                    let json = compact && !rewritten
                        ? Array(UnsafeBufferPointer(start: p + start, count: scanner.position - start))
                        : written(p)
                    return key.record(dataset, messageValue: json)
                default:
                    return nil
                }
            }
        } catch {
            return nil
        }
    }

    /// Skips white space; whether there was any.
    @inline(__always) private func skipWhitespace(_ scanner: inout JSONScanner) -> Bool {
        let before = scanner.position
        scanner.skipWhitespace()
        return scanner.position != before
    }

    /// Reads a text value (no escapes) into slot `k`: a time in the API's
    /// form when the field holds times; false when it should but does not.
    private mutating func read(_ span: JSONScanner.StringSpan, raw: Range<Int>, slot k: Int, _ p: UnsafePointer<UInt8>) -> Bool {
        let content = span.start..<span.end
        var json: [UInt8]?
        var keyTime: Timestamp?
        var text: String?
        if slots[k].timeKind != nil {
            if let time = slots[k].time(p, content) {
                keyTime = time.keyTime
                if let rewritten = time.rewritten {
                    json = []
                    JSONWriter.writeString(rewritten, into: &json!)
                    text = rewritten
                }
            } else if slots[k].kind != nil {
                return false
            }
        }
        let value = text ?? (slots[k].role == .none ? ""
            : String(decoding: UnsafeBufferPointer(start: p + content.lowerBound, count: content.count), as: UTF8.self))
        slots[k].remember(p, raw, text: value, json: json, keyTime: keyTime)
        return true
    }

    /// The compact JSON of the members read, from their source bytes (times as rewritten).
    private func written(_ p: UnsafePointer<UInt8>) -> [UInt8] {
        var json: [UInt8] = [0x7B]
        for (n, member) in members.enumerated() {
            if n > 0 { json.append(0x2C) }
            json.append(contentsOf: UnsafeBufferPointer(start: p + member.key.lowerBound, count: member.key.count))
            json.append(0x3A)
            if slots[member.slot].isSpecial, let rewritten = slots[member.slot].lastJSON, p[member.value.lowerBound] == 0x22 {
                json.append(contentsOf: rewritten)
            } else {
                json.append(contentsOf: UnsafeBufferPointer(start: p + member.value.lowerBound, count: member.value.count))
            }
        }
        json.append(0x7D)
        return json
    }
}
