import Foundation

/// A zone's UTC offsets looked up once per 15-minute slot (every real zone
/// changes its offset on a quarter hour): formatting a million times costs
/// a dictionary look-up each instead of a Foundation call.
final class OffsetCache: @unchecked Sendable {
    let timeZone: TimeZone
    private let lock = NSLock()
    private var offsets: [Int64: Int] = [:]

    init(_ timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    func offset(at date: Date) -> Int {
        let t = date.timeIntervalSince1970
        guard t.isFinite, abs(t) < 1e13 else { return timeZone.secondsFromGMT(for: date) }
        let slot = Int64((t / 900).rounded(.down))
        lock.lock()
        defer { lock.unlock() }
        if let known = offsets[slot] { return known }
        if offsets.count > 200_000 { offsets.removeAll(keepingCapacity: true) }
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(slot) * 900))
        offsets[slot] = offset
        return offset
    }
}
