import Foundation
import Testing
@testable import Postgres

/// Prints COPY throughput; runs only with ENERGIFLOW_BENCH=1 (a figure to read,
/// not a timed assertion): `ENERGIFLOW_BENCH=1 scripts/test --filter CopyBenchmark`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["ENERGIFLOW_BENCH"] == "1"))
struct CopyBenchmark {
    static let rows = 1_000_000
    static let start = Date(timeIntervalSince1970: 1_704_067_200)

    static func writeRows(_ writer: inout PostgresCopyWriter) throws {
        for index in 0..<rows {
            writer.append(Int64(index))
            writer.append(start.addingTimeInterval(Double(index) * 900))
            writer.append(index & 1 == 0 ? "DK1" : "DK2")
            writer.append(Double(index % 5000) * 0.137)
            writer.append(index % 3 == 0 ? nil : Double(index % 900) - 100.25)
            writer.append("DayAheadPrices")
            try writer.endRow()
        }
    }

    @Test func writerAlone() throws {
        var bytes = 0
        var writer = PostgresCopyWriter { bytes += $0.count }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            try Self.writeRows(&writer)
            try writer.flush()
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("bench: writer only: \(Self.rows) rows, \(bytes / 1_000_000) MB in \(String(format: "%.2f", seconds)) s = \(Int(Double(Self.rows) / seconds)) rows/s")
        #expect(writer.rowCount == Self.rows)
    }

    @Test(arguments: [false, true]) func copyIntoTable(withKey: Bool) throws {
        let connection = try freshConnection("bench")
        try connection.executeScript("""
            CREATE TABLE records (id int8 \(withKey ? "PRIMARY KEY" : ""), at timestamptz, area text,
                                  production_mwh float8, spot_price_eur float8, source text)
            """)
        let clock = ContinuousClock()
        var stored = 0
        let elapsed = try clock.measure {
            stored = try connection.copyIn("COPY records FROM STDIN") { try Self.writeRows(&$0) }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("bench: copyIn \(withKey ? "with primary key" : "no index"): \(stored) rows in \(String(format: "%.2f", seconds)) s = \(Int(Double(stored) / seconds)) rows/s")
        #expect(stored == Self.rows)
        #expect(try connection.query("SELECT count(*) FROM records").scalar == .int(Int64(Self.rows)))
    }
}
