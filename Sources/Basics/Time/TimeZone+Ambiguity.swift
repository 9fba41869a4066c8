import Foundation

extension TimeZone {
    /// Whether the wall-clock time of `date` in this zone also names another
    /// instant (the repeated hour when clocks fall back): such a time needs
    /// its offset to be read right.
    public func isAmbiguous(_ date: Date) -> Bool {
        let offset = secondsFromGMT(for: date)
        for probe in [-10800.0, 10800.0] {
            let other = secondsFromGMT(for: date.addingTimeInterval(probe))
            guard other != offset else { continue }
            // The instant that would show the same wall time under the other offset.
            let twin = date.addingTimeInterval(TimeInterval(offset - other))
            if secondsFromGMT(for: twin) == other { return true }
        }
        return false
    }
}
