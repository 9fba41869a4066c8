import Foundation
import Render

/// A one-line progress report on a terminal ("ingest: 12,345 records,
/// 23,456 records/s"), redrawn at most four times a second; silent when the
/// stream is not a terminal, so scripts and logs see only the summary.
public final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled: Bool
    private let label: String
    private let handle: FileHandle
    private let started = ContinuousClock.now
    private var lastDrawn = ContinuousClock.now - .seconds(1)
    private var drawn = false

    /// - Parameter enabled: nil decides by whether standard error is a terminal.
    public init(label: String, enabled: Bool? = nil, handle: FileHandle = .standardError) {
        self.label = label
        self.handle = handle
        self.enabled = enabled ?? (isatty(handle.fileDescriptor) == 1)
    }

    /// Shows `count` records (throttled). `extra` is appended ("3 rejected").
    public func update(_ count: Int, extra: String? = nil) {
        guard enabled else { return }
        lock.withLock {
            let now = ContinuousClock.now
            guard now - lastDrawn >= .milliseconds(250) else { return }
            lastDrawn = now
            let seconds = StoreConsumer.seconds(now - started)
            let rate = seconds > 0 ? Double(count) / seconds : 0
            var text = "\(label): \(Self.number(count)) records, \(Self.number(Int(rate))) records/s"
            if let extra { text += ", \(extra)" }
            handle.write(Data((ANSI.clearLine + text).utf8))
            drawn = true
        }
    }

    /// Clears the line (call before printing the summary).
    public func finish() {
        guard enabled else { return }
        lock.withLock {
            if drawn { handle.write(Data(ANSI.clearLine.utf8)) }
            drawn = false
        }
    }

    /// `1,234,567`.
    public static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (value < 0 ? "-" : "") + out
    }
}
