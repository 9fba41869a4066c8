import Foundation

/// Figures as `name: value unit`, one a line, for scripts; notes start with `# `.
enum BenchOutput {
    static func figure(_ name: String, _ value: Double, _ unit: String, decimals: Int = 0) {
        let text = decimals == 0 ? String(Int(value.rounded())) : String(format: "%.\(decimals)f", value)
        line("\(name): \(text) \(unit)")
    }

    static func note(_ text: String) {
        line("# \(text)")
    }

    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
