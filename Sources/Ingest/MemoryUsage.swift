import Foundation

/// The process's memory figures, for summaries and the benchmark.
public enum MemoryUsage {
    /// Peak resident set size in bytes: VmHWM from /proc/self/status on
    /// Linux, getrusage's ru_maxrss elsewhere; nil when neither answers.
    public static func peakResidentBytes() -> Int? {
        if let kilobytes = statusField("VmHWM") { return kilobytes * 1024 }
        var usage = rusage()
        #if os(Linux)
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) * 1024
        #else
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss)
        #endif
    }

    /// Current resident set size in bytes (VmRSS), Linux only.
    public static func residentBytes() -> Int? {
        statusField("VmRSS").map { $0 * 1024 }
    }

    /// A `Name:   1234 kB` field of /proc/<pid>/status, in kB.
    public static func statusField(_ name: String, pid: Int32? = nil) -> Int? {
        let path = "/proc/\(pid.map(String.init) ?? "self")/status"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
            let digits = line.dropFirst(name.count + 1).filter { $0.isNumber }
            return Int(digits)
        }
        return nil
    }

    /// "123 MB".
    public static func describe(_ bytes: Int) -> String {
        "\(Int((Double(bytes) / 1_048_576).rounded())) MB"
    }
}
