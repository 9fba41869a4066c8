import Foundation

/// A deliberately simple reader of the recorded CSV exports, independent of
/// EnergiData's reader, so tests can compute expected totals on their own:
/// split lines, split fields, decimal comma or point, UTC times parsed by hand,
/// Danish days from Foundation's calendar.
public struct IngestCSV {
    public let header: [String]
    public let rows: [[String]]

    public init(contentsOf url: URL) throws {
        var text = try String(contentsOf: url, encoding: .utf8)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        guard !lines.isEmpty else { throw CSVError(description: "\(url.lastPathComponent) is empty") }
        let first = lines.removeFirst()
        let separator: Character = first.contains(";") ? ";" : ","
        func fields(_ line: String) -> [String] {
            line.split(separator: separator, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            }
        }
        header = fields(first)
        rows = lines.map(fields)
        decimalComma = separator == ";"
    }

    private let decimalComma: Bool

    public struct CSVError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The index of a column by name.
    public func column(_ name: String) throws -> Int {
        guard let index = header.firstIndex(of: name) else { throw CSVError(description: "no column \(name) in \(header)") }
        return index
    }

    /// A field as a number; nil when empty.
    public func number(_ row: [String], _ column: Int) -> Double? {
        guard column < row.count, !row[column].isEmpty else { return nil }
        return Double(decimalComma ? row[column].replacingOccurrences(of: ",", with: ".") : row[column])
    }

    /// `2024-09-24T23:00:00`, `2024-01-01 00:00`, `2019-12-30T23:00:00+00:00` as a UTC instant.
    public static func utc(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func int(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48 && c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard let y = int(0, 4), let mo = int(5, 2), let d = int(8, 2), let h = int(11, 2), let mi = int(14, 2) else { return nil }
        if chars.count > 19 {
            let zone = String(text.dropFirst(19))
            guard zone == "+00:00" || zone == "Z" else { return nil }
        }
        var components = DateComponents()
        components.year = y; components.month = mo; components.day = d; components.hour = h; components.minute = mi
        components.second = chars.count >= 19 ? (int(17, 2) ?? 0) : 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: components)
    }

    /// The Danish calendar day of an instant, `2024-10-27`.
    public static func danishDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
