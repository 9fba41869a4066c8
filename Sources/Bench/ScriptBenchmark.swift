import Foundation

/// `scripts/bench script`: a script of N `.print` statements through
/// `energiflow` (statements on stdin), for N = 1,000, 10,000 and 100,000:
/// the time per thousand statements stays the same when running a script
/// costs time linear in its length.
struct ScriptBenchmark {
    var energiflow: URL
    var counts: [Int]
    var runs: Int

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("energiflow-bench-script-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        BenchOutput.note("script: N .print statements on stdin of energiflow, median of \(runs) runs each (whole process)")
        // The process's own start (and the empty script's end), taken off each time.
        let empty = directory.appendingPathComponent("empty.efq")
        try "".write(to: empty, atomically: true, encoding: .utf8)
        var starts: [Double] = []
        for _ in 0..<runs { starts.append(try ChildRun.run([energiflow.path], stdin: empty.path).wallSeconds) }
        let baseline = ChildRun.median(starts)
        BenchOutput.figure("script.empty_seconds", baseline, "s", decimals: 3)
        var perThousand: [Double] = []
        for count in counts {
            let file = directory.appendingPathComponent("print-\(count).efq")
            var text = ""
            text.reserveCapacity(count * 24)
            for i in 0..<count { text += ".print line \(i) of the script\n" }
            try text.write(to: file, atomically: true, encoding: .utf8)
            var walls: [Double] = []
            for _ in 0..<runs {
                let run = try ChildRun.run([energiflow.path], stdin: file.path)
                guard run.status == 0 else { throw BenchError("energiflow exited \(run.status) on \(count) statements") }
                walls.append(run.wallSeconds)
            }
            let wall = ChildRun.median(walls)
            BenchOutput.figure("script.print_\(count)_seconds", wall, "s", decimals: 3)
            let per = max(0, wall - baseline) / Double(count) * 1000
            perThousand.append(per)
            BenchOutput.figure("script.print_\(count)_ms_per_1000", per * 1000, "ms", decimals: 1)
        }
        if let first = perThousand.first, let last = perThousand.last, first > 0 {
            BenchOutput.figure("script.growth_per_statement", last / first,
                               "x (time per statement at \(counts.last ?? 0) vs \(counts.first ?? 0); 1 = linear)", decimals: 2)
        }
    }
}
