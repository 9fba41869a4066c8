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

@Suite struct BinaryCopyTests {
    @Test func everyTypeArrivesAsWritten() throws {
        let connection = try freshConnection("bincopy")
        try connection.executeScript("""
            CREATE TABLE t (id int8, n int4, price float8, ok bool, at timestamptz, body text, payload json, data bytea)
            """)
        let bodies: [String?] = ["tab\tin\tthe\tmiddle", "new\nline", "back\\slash", "\\N", "", nil, "Ærø 💡", "\\."]
        let payload = #"{"s": "a\tb\nc\\d", "n": -1.5, "æ": [1, 2]}"#
        let times = [Date(timeIntervalSince1970: 1_711_846_800.25), Date(timeIntervalSince1970: -1_000_000.5),
                     Date(timeIntervalSince1970: 946_684_800), .distantFuture]
        let prices = [-12.5, 0.1 + 0.2, -0.0, 1e308]
        let data: [UInt8] = [0, 92, 10, 255]
        let stored = try connection.copyInBinary("COPY t FROM STDIN (FORMAT binary)") { writer in
            for (index, body) in bodies.enumerated() {
                writer.appendInt8(Int64(index) - 4)
                writer.appendInt4(index % 3 == 0 ? nil : Int32(-index))
                writer.appendFloat8(prices[index % prices.count])
                writer.appendBool(index % 2 == 0)
                writer.appendTimestamptz(times[index % times.count])
                writer.appendText(body)
                Array(payload.utf8).withUnsafeBufferPointer { writer.appendJSON(utf8: $0) }
                data.withUnsafeBufferPointer { writer.appendBytea($0) }
                try writer.endRow()
            }
        }
        #expect(stored == bodies.count)
        let result = try connection.query("""
            SELECT id, n, price, ok, at, body, payload::jsonb = $1::jsonb, data, price::text FROM t ORDER BY id
            """, [.json(payload)])
        #expect(result.count == bodies.count)
        for (index, body) in bodies.enumerated() {
            let row = result[index]
            #expect(row[0] == .int(Int64(index) - 4))
            #expect(row[1] == (index % 3 == 0 ? .null : .int(Int64(-index))))
            #expect(row[2] == .double(prices[index % prices.count]), "row \(index)")
            #expect(row[3] == .bool(index % 2 == 0))
            #expect(row[4] == .timestamp(times[index % times.count]), "row \(index)")
            #expect(row[5] == (body.map(PostgresValue.text) ?? .null), "row \(index)")
            #expect(row[6] == .bool(true))
            #expect(row[7] == .bytes(data))
        }
        // -0.0 keeps its sign (text COPY would too, but only because it writes "-0").
        #expect(result[2][8] == .text("-0"))
        // distantFuture is inside PostgreSQL's range and stays exact; beyond it is infinity.
        #expect(try connection.query("SELECT at::text FROM t WHERE id = -1").scalar == .text("4001-01-01 00:00:00+00"))
    }

    @Test func manyRowsAcrossFlushes() throws {
        let connection = try freshConnection("bincopy100k")
        try connection.executeScript("CREATE TABLE t (id int8 PRIMARY KEY, area text, at timestamptz, mwh float8)")
        let start = Date(timeIntervalSince1970: 1_704_067_200)
        let rows = 100_000
        let stored = try connection.copyInBinary("COPY t FROM STDIN (FORMAT binary)") { writer in
            for index in 0..<rows {
                writer.appendInt8(Int64(index))
                writer.appendText(index % 2 == 0 ? "DK1" : "DK2")
                writer.appendTimestamptz(start.addingTimeInterval(Double(index) * 900))
                writer.appendFloat8(Double(index) * 0.25)
                try writer.endRow()
            }
        }
        #expect(stored == rows)
        let summary = try connection.query("SELECT count(*), sum(mwh), min(at), max(at), count(*) FILTER (WHERE area = 'DK2') FROM t")[0]
        #expect(summary[0] == .int(Int64(rows)))
        #expect(summary[1] == .double(0.25 * Double(rows * (rows - 1) / 2)))
        #expect(summary[2] == .timestamp(start))
        #expect(summary[3] == .timestamp(start.addingTimeInterval(Double(rows - 1) * 900)))
        #expect(summary[4] == .int(Int64(rows / 2)))
    }

    @Test func badDataAndMismatchedFormatsAreClearErrors() throws {
        let connection = try freshConnection("bincopybad")
        try connection.executeScript("CREATE TABLE t (id int4, payload json)")
        // A bigint sent for an integer column: the server refuses the row.
        #expect { try connection.copyInBinary("COPY t (id) FROM STDIN (FORMAT binary)") { writer in
            writer.appendInt8(1); try writer.endRow()
        } } throws: { ($0 as? PostgresError)?.code == .server }
        // JSON is checked by the server in binary COPY too.
        #expect { try connection.copyInBinary("COPY t (payload) FROM STDIN (FORMAT binary)") { writer in
            Array("{not json".utf8).withUnsafeBufferPointer { writer.appendJSON(utf8: $0) }
            try writer.endRow()
        } } throws: { ($0 as? PostgresError)?.sqlState == "22P02" }
        // Each writer refuses the other format's statement, and the connection stays usable.
        #expect { try connection.copyInBinary("COPY t FROM STDIN") { _ in } } throws: { ($0 as? PostgresError)?.code == .usage }
        #expect { try connection.copyIn("COPY t FROM STDIN (FORMAT binary)") { _ in } } throws: { ($0 as? PostgresError)?.code == .usage }
        #expect { try connection.copyInBinary("COPY t (id) FROM STDIN (FORMAT binary)") { writer in writer.appendInt4(1) } } throws: {
            ($0 as? PostgresError)?.code == .usage
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
        #expect(try connection.copyInBinary("COPY t (id) FROM STDIN (FORMAT binary)") { writer in
            writer.appendInt4(7); try writer.endRow()
        } == 1)
    }
}

@Suite struct BinaryRowsTests {
    /// Rows 0..<n as (id int8, note text, at timestamptz), the note written in place.
    func encoded(_ n: Int) -> PostgresBinaryRows {
        var rows = PostgresBinaryRows()
        for index in 0..<n {
            rows.appendInt8(Int64(index))
            let note = Array("note \(index) \t\\".utf8)
            rows.appendText(length: note.count) { out in
                for (k, byte) in note.enumerated() { out[k] = byte }
                return note.count
            }
            if index % 5 == 0 { rows.appendNull() } else { rows.appendTimestamptz(Date(timeIntervalSince1970: Double(index) * 60)) }
            rows.endRow()
        }
        return rows
    }

    @Test func rowsEncodedAheadAreSentWholeOrInRanges() throws {
        let connection = try freshConnection("binrows")
        try connection.executeScript("CREATE TABLE t (id int8 PRIMARY KEY, note text, at timestamptz)")
        let rows = encoded(20_000)
        #expect(rows.count == 20_000)
        // Three ranges, and a row written through the writer between them.
        let stored = try connection.copyInBinary("COPY t FROM STDIN (FORMAT binary)") { writer in
            try writer.appendRows(rows, 0..<7)
            try writer.appendRows(rows, 7..<19_999)
            writer.appendInt8(-1); writer.appendText("between"); writer.appendNull()
            try writer.endRow()
            try writer.appendRows(rows, 19_999..<20_000)
            try writer.appendRows(rows, 5..<5)
        }
        #expect(stored == 20_001)
        let check = try connection.query("""
            SELECT count(*), sum(id), count(at), min(note), max(at) FROM t WHERE id >= 0
            """)[0]
        #expect(check[0] == .int(20_000))
        #expect(check[1] == .double(Double(20_000 * 19_999 / 2)))
        #expect(check[2] == .int(16_000))
        #expect(check[3] == .text("note 0 \t\\"))
        #expect(check[4] == .timestamp(Date(timeIntervalSince1970: 19_999 * 60)))
        #expect(try connection.query("SELECT note FROM t WHERE id = -1").scalar == .text("between"))
    }

    @Test func aPartIsACopyOfItsRowsAndFieldsCanBeReadBack() throws {
        let rows = encoded(10)
        let part = rows.rows(3..<6)
        #expect(part.count == 3)
        #expect(part.field(1, ofRow: 0).map { String(decoding: $0, as: UTF8.self) } == "note 3 \t\\")
        #expect(part.field(0, ofRow: 2).map(Array.init) == [0, 0, 0, 0, 0, 0, 0, 5])
        #expect(rows.field(2, ofRow: 5) == nil)       // NULL
        #expect(rows.field(3, ofRow: 0) == nil)       // no such column
        #expect(rows.field(0, ofRow: 10) == nil)      // no such row
        #expect(part.bytes.count == rows.byteRange(ofRows: 3..<6).count)
        var emptied = rows
        emptied.removeAll()
        #expect(emptied.isEmpty && emptied.bytes.isEmpty && rows.count == 10)
    }
}
