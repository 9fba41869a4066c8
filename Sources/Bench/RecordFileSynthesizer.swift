import Basics
import EnergiData
import Foundation

/// Writes a large recorded file of synthesised DeclarationProduction records
/// (see `DeclarationSynthesizer`) in one of the forms `energiflow ingest
/// --from` reads: the API's JSON response or the GUI's CSV export
/// (`;`, decimal comma, times with a space). Newest first, as the API and the
/// GUI sort by default, or oldest first. For measuring the reader and
/// `ingest --from` on files far larger than the fixtures.
struct RecordFileSynthesizer {
    enum Form: String {
        case apiJSON = "api-json"
        case csv
    }

    var synthesizer: DeclarationSynthesizer
    var records: Int
    var form: Form
    var newestFirst: Bool

    /// Writes the file; returns its size in bytes.
    @discardableResult
    func write(to url: URL) throws -> Int {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var out: [UInt8] = []
        out.reserveCapacity(1 << 22)
        var written = 0
        func flush() {
            handle.write(Data(out))
            written += out.count
            out.removeAll(keepingCapacity: true)
        }
        switch form {
        case .apiJSON:
            out += Array(#"{"total":\#(records),"filters":"{}","limit":\#(records),"dataset":"DeclarationProduction","records":["#.utf8)
        case .csv:
            out += Array(synthesizer.templates[0].fields.map(\.key).joined(separator: ";").utf8) + [0x0A]
        }
        var k = 0
        for index in order.joined() {
            let value = synthesizer.message(index).value
            switch form {
            case .apiJSON:
                if k > 0 { out.append(0x2C) }
                out += value
            case .csv:
                out += try csvRow(value)
            }
            k += 1
            if out.count >= 1 << 22 { flush() }
        }
        if form == .apiJSON { out += Array("]}".utf8) }
        flush()
        return written
    }

    /// Message indexes in file order: whole market hours newest first (the
    /// rows of one hour in the API's order), or all oldest first.
    private var order: [Range<Int>] {
        guard newestFirst else { return [0..<records] }
        let perHour = synthesizer.perHour
        return stride(from: (records - 1) / perHour, through: 0, by: -1).map { hour in
            (hour * perHour)..<min((hour + 1) * perHour, records)
        }
    }

    /// One GUI-export row of a compact record: `;` between fields, decimal
    /// commas, `T` of times as a space, null as an empty field.
    private func csvRow(_ value: [UInt8]) throws -> [UInt8] {
        guard case .object(let members) = try JSONValue.parse(value) else { throw BenchError("a synthesised record is not an object") }
        var row: [UInt8] = []
        for (k, member) in members.enumerated() {
            if k > 0 { row.append(0x3B) }
            switch member.value {
            case .null: break
            case .number(let number): row += number.text.utf8.map { $0 == 0x2E ? 0x2C : $0 }
            case .string(let text):
                let bytes = Timestamp.parse(text) != nil ? Array(text.replacingOccurrences(of: "T", with: " ").utf8) : Array(text.utf8)
                if bytes.contains(where: { $0 == 0x3B || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    row.append(0x22)
                    for b in bytes { row.append(b); if b == 0x22 { row.append(0x22) } }
                    row.append(0x22)
                } else {
                    row += bytes
                }
            default: throw BenchError("unexpected value in a synthesised record")
            }
        }
        row.append(0x0A)
        return row
    }
}
