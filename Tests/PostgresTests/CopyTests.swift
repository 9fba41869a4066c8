import Foundation
import Testing
import Postgres

@Suite struct CopyTests {
    @Test func copiesOneHundredThousandRows() throws {
        let connection = try freshConnection("copy100k")
        try connection.executeScript("""
            CREATE TABLE records (id int8 PRIMARY KEY, area text, at timestamptz, price float8, mwh numeric, note text);
            """)
        let start = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
        let rows = 100_000
        let stored = try connection.copyIn("COPY records (id, area, at, price, mwh, note) FROM STDIN") { writer in
            for index in 0..<rows {
                writer.append(Int64(index))
                writer.append(index % 2 == 0 ? "DK1" : "DK2")
                writer.append(start.addingTimeInterval(Double(index) * 3600))
                writer.append(Double(index) * 0.5 - 1000)      // negative and fractional
                writer.append(Double(index % 7))
                writer.append(index % 10 == 0 ? nil : "n\(index)" as String?)
                try writer.endRow()
            }
        }
        #expect(stored == rows)
        let summary = try connection.query("""
            SELECT count(*), sum(id), sum(price), sum(mwh), count(note), count(DISTINCT area),
                   min(at), max(at), count(*) FILTER (WHERE area = 'DK1')
            FROM records
            """)[0]
        let n = Int64(rows)
        #expect(summary[0] == .int(n))
        #expect(summary[1] == .double(Double(n * (n - 1) / 2)))        // sum(int8) is numeric
        #expect(summary[2] == .double(0.5 * Double(n * (n - 1) / 2) - 1000 * Double(n)))
        #expect(summary[3] == .double(Double((0..<rows).reduce(0) { $0 + $1 % 7 })))
        #expect(summary[4] == .int(n - n / 10))
        #expect(summary[5] == .int(2))
        #expect(summary[6] == .timestamp(start))
        #expect(summary[7] == .timestamp(start.addingTimeInterval(Double(rows - 1) * 3600)))
        #expect(summary[8] == .int(n / 2))
    }

    @Test func escapesEveryCharacterCOPYTreatsSpecially() throws {
        let connection = try freshConnection("copyescape")
        try connection.executeScript("CREATE TABLE t (id int, body text, payload jsonb, day date, ok bool, data bytea)")
        let bodies: [String?] = [
            "tab\tin\tthe\tmiddle", "new\nline", "carriage\r\nreturn", "back\\slash", "\\N", "N", "", nil,
            "Ærø 💡", "\\.", "ends with backslash\\", String(repeating: "x\t", count: 40_000),
        ]
        let payload = #"{"s": "a\tb\nc\\d", "n": -1.5}"#
        let data: [UInt8] = [0, 92, 10, 255]
        let stored = try connection.copyIn("COPY t FROM STDIN") { writer in
            for (index, body) in bodies.enumerated() {
                writer.append(index)
                writer.append(body)
                writer.append(.json(payload))
                writer.append(PostgresDate(year: 2024, month: 2, day: 29))
                writer.append(index % 2 == 0)
                writer.append(.bytes(data))
                try writer.endRow()
            }
        }
        #expect(stored == bodies.count)
        let result = try connection.query("SELECT body, payload = $1::jsonb, day, ok, data FROM t ORDER BY id", [.json(payload)])
        #expect(result.count == bodies.count)
        for (index, body) in bodies.enumerated() {
            #expect(result[index][0] == (body.map(PostgresValue.text) ?? .null), "row \(index)")
            #expect(result[index][1] == .bool(true))
            #expect(result[index][2] == .date(PostgresDate(year: 2024, month: 2, day: 29)))
            #expect(result[index][3] == .bool(index % 2 == 0))
            #expect(result[index][4] == .bytes(data))
        }
    }

    @Test func throwingInsideTheWriterStoresNothing() throws {
        let connection = try freshConnection("copyabort")
        try connection.executeScript("CREATE TABLE t (id int)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try connection.copyIn("COPY t FROM STDIN") { writer in
                for index in 0..<100_000 {   // past one 256 KB flush
                    writer.append(index)
                    try writer.endRow()
                }
                throw Stop()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
        // The connection is ready for more.
        #expect(try connection.copyIn("COPY t FROM STDIN") { writer in writer.append(7); try writer.endRow() } == 1)
    }

    @Test func badDataIsTheServersError() throws {
        let connection = try freshConnection("copybad")
        try connection.executeScript("CREATE TABLE t (id int PRIMARY KEY, at timestamptz)")
        do {
            try connection.copyIn("COPY t FROM STDIN") { writer in
                writer.append(1); writer.append("not a time"); try writer.endRow()
            }
            Issue.record("a bad timestamp was accepted")
        } catch let error as PostgresError {
            #expect(error.code == .server)
            #expect(error.sqlState == "22007")
            #expect(error.message.contains("not a time"))
        }
        // A duplicate key in COPY is a unique violation too.
        do {
            try connection.copyIn("COPY t (id) FROM STDIN") { writer in
                writer.append(1); try writer.endRow()
                writer.append(1); try writer.endRow()
            }
            Issue.record("a duplicate key was accepted")
        } catch let error as PostgresError {
            #expect(error.sqlState == PostgresError.uniqueViolation)
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
    }

    @Test func copyInNeedsACopyStatement() throws {
        let connection = try freshConnection("copyusage")
        try connection.executeScript("CREATE TABLE t (id int)")
        #expect { try connection.copyIn("SELECT 1") { _ in } } throws: { ($0 as? PostgresError)?.code == .usage }
        #expect { try connection.copyIn("COPY nonexistent FROM STDIN") { _ in } } throws: {
            ($0 as? PostgresError)?.sqlState == PostgresError.undefinedTable
        }
        // A COPY sent through query() is refused and leaves the connection usable.
        #expect(throws: PostgresError.self) { try connection.query("COPY t FROM STDIN") }
        #expect(try connection.query("SELECT 1").scalar == .int(1))
        // A row left unfinished is refused.
        #expect { try connection.copyIn("COPY t FROM STDIN") { writer in writer.append(1) } } throws: {
            ($0 as? PostgresError)?.code == .usage
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
    }
}
