import Basics
import Foundation
import Store
import Tabular

/// `energiflow status` as text: the partitions table and the gaps. Pure:
/// the same input gives the same text.
public enum GroupStatusReport {
    public static func table(_ partitions: [PartitionStatus], now: Date) -> String {
        let header = ["GROUP", "TOPIC", "PARTITION", "FIRST", "END", "STORED", "LAG", "MEMBER"]
        var rows = [header]
        for p in partitions {
            func number(_ value: Int64?) -> String { value.map { ProgressLine.number(Int($0)) } ?? "-" }
            var member = p.member ?? "-"
            if let seen = p.memberSeen {
                let age = Int(now.timeIntervalSince(seen).rounded())
                if age > 10 { member += " (last heard of \(age) s ago)" }
            }
            rows.append([p.group, p.topic, String(p.partition), number(p.firstOffset), number(p.endOffset),
                         number(p.storedOffset), number(p.lag), member])
        }
        guard rows.count > 1 else { return "no partitions: nothing was stored yet and no topic was found" }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        let numeric: Set<Int> = [2, 3, 4, 5, 6]
        return rows.map { row in
            row.indices.map { i in
                let cell = row[i]
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return numeric.contains(i) ? pad + cell : (i == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    public static func gapLines(_ gaps: [StoredGap]) -> String {
        guard !gaps.isEmpty else { return "\ngaps: none (no message was deleted before it was stored)" }
        var lines = ["", "gaps: \(gaps.count) (messages the broker deleted before the group stored them)"]
        for stored in gaps {
            let gap = stored.gap
            var line = "  \(stored.group) \(gap.topic)[\(gap.partition)] offsets \(gap.firstOffset)–\(gap.endOffset - 1): \(ProgressLine.number(Int(gap.count))) lost"
            if let after = gap.eventTimeAfter {
                line += ", event times " + (gap.eventTimeBefore.map { utcMinutes($0) + " … " } ?? "before ") + utcMinutes(after)
            }
            line += "; found \(utcMinutes(stored.detectedAt))"
            lines.append(line)
            if let refill = gap.refill { lines.append("    refill: \(refill)") }
        }
        return lines.joined(separator: "\n")
    }

    /// `2024-01-01T05:00Z` (seconds shown only when not zero).
    static func utcMinutes(_ date: Date) -> String {
        let full = ISO8601.utcString(date)
        return full.hasSuffix(":00Z") ? String(full.dropLast(4)) + "Z" : full
    }
}
