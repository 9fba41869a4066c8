import Foundation
import Postgres
import Testing

/// `PostgresConnection.stream`: rows one at a time as the server sends them.
@Suite struct RowStreamTests {
    @Test func readsEveryRowInOrder() throws {
        let connection = try freshConnection("stream")
        let rows = try connection.stream("SELECT i, 'r' || i AS name, NULL::text AS nothing FROM generate_series(1, $1) AS i",
                                         [.int(2500)])
        var seen: [Int] = []
        while let row = try rows.next() {
            guard case .int(let i) = row[0] else { Issue.record("not an int: \(row[0])"); return }
            #expect(row["name"] == .text("r\(i)"))
            #expect(row[2] == .null)
            seen.append(Int(i))
        }
        #expect(seen == Array(1...2500))
        #expect(rows.columns.map(\.name) == ["i", "name", "nothing"])
        #expect(rows.isFinished)
        #expect(try rows.next() == nil)
        // The connection is idle again.
        #expect(try connection.query("SELECT 2").scalar == .int(2))
    }

    @Test func noRowsStillNameTheColumns() throws {
        let connection = try freshConnection("stream")
        let rows = try connection.stream("SELECT 1 AS a WHERE false")
        #expect(try rows.next() == nil)
        #expect(rows.columns.map(\.name) == ["a"])
    }

    @Test func anErrorAfterRowsComesWhereTheServerReportsIt() throws {
        let connection = try freshConnection("stream")
        let rows = try connection.stream("SELECT 10 / (500 - i) FROM generate_series(1, 1000) AS i")
        var count = 0
        do {
            while try rows.next() != nil { count += 1 }
            Issue.record("no error")
        } catch let error as PostgresError {
            #expect(error.sqlState == "22012")
        }
        #expect(count <= 499)
        #expect(try connection.query("SELECT 3").scalar == .int(3))
    }

    @Test func closingEarlyCancelsTheRest() throws {
        let connection = try freshConnection("stream")
        let start = Date()
        // Rows come slowly: reading them all would take 1,000 × 10 ms.
        let rows = try connection.stream("SELECT i, pg_sleep(0.01) FROM generate_series(1, 1000) AS i")
        for _ in 0..<3 { _ = try rows.next() }
        rows.close()
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(rows.isFinished)
        #expect(try connection.query("SELECT 4").scalar == .int(4))
    }

    @Test func nothingElseRunsWhileAStreamIsOpen() throws {
        let connection = try freshConnection("stream")
        let rows = try connection.stream("SELECT generate_series(1, 10)")
        _ = try rows.next()
        #expect {
            _ = try connection.query("SELECT 1")
        } throws: { error in
            (error as? PostgresError)?.code == .usage
        }
        // The stream is unharmed.
        var rest = 0
        while try rows.next() != nil { rest += 1 }
        #expect(rest == 9)
    }

    @Test func cellsAsTheServerWroteThem() throws {
        let connection = try freshConnection("stream")
        let rows = try connection.stream("SELECT 'línea ' || i, CASE WHEN i = 2 THEN NULL ELSE i * 1.5 END FROM generate_series(1, 3) AS i")
        var lines: [String] = []
        while try rows.nextCells({ cells in
            lines.append(cells.map { $0.map { String(decoding: $0, as: UTF8.self) } ?? "NULL" }.joined(separator: "|"))
        }) {}
        #expect(lines == ["línea 1|1.5", "línea 2|NULL", "línea 3|4.5"])
        #expect(rows.isFinished)
    }
}
