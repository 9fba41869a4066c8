import Foundation
import Testing

/// Exact expected output kept as files in Tests/RenderTests/Golden/. Every
/// golden there was read by eye when it was first written (what each shows is
/// described in the test that uses it). To re-record after a deliberate
/// change: `RENDER_RECORD_GOLDEN=1 scripts/test --filter RenderTests`, then
/// read the diff before committing.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func check(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["RENDER_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("golden \(name).txt is missing; record it with RENDER_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if actual != expected {
            let a = actual.components(separatedBy: "\n"), e = expected.components(separatedBy: "\n")
            let line = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            Issue.record("""
                output differs from golden \(name).txt at line \(line + 1):
                expected: \(line < e.count ? e[line] : "(end)")
                actual:   \(line < a.count ? a[line] : "(end)")
                """, sourceLocation: sourceLocation)
        }
    }
}
