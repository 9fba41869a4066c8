import Testing
import Postgres

@Suite struct TransactionTests {
    struct Boom: Error {}

    @Test func commitsWhenTheBodyReturns() throws {
        let connection = try freshConnection("txcommit")
        try connection.executeScript("CREATE TABLE t (id int)")
        let inserted = try connection.transaction { connection in
            try connection.execute("INSERT INTO t SELECT generate_series(1, 5)")
        }
        #expect(inserted == 5)
        // Visible from another session.
        let other = try PostgresConnection(connection.configuration)
        #expect(try other.query("SELECT count(*) FROM t").scalar == .int(5))
    }

    @Test func rollsBackWhenTheBodyThrows() throws {
        let connection = try freshConnection("txrollback")
        try connection.executeScript("CREATE TABLE t (id int)")
        #expect(throws: Boom.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(1))
                throw Boom()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
        // A server error inside rolls back too, and the connection is idle again.
        #expect(throws: PostgresError.self) {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO t VALUES ('not a number')")
            }
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
        try connection.transaction { try $0.execute("INSERT INTO t VALUES (2)") }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(1))
    }

    @Test func aSwallowedErrorDoesNotPassForACommit() throws {
        let connection = try freshConnection("txswallow")
        try connection.executeScript("CREATE TABLE t (id int)")
        #expect {
            try connection.transaction { connection in
                try connection.execute("INSERT INTO t VALUES (1)")
                _ = try? connection.execute("INSERT INTO t VALUES ('x')")
            }
        } throws: { ($0 as? PostgresError)?.sqlState == "25P02" }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(0))
    }

    @Test func readOnlyTransactionRejectsWrites() throws {
        let connection = try freshConnection("txreadonly")
        try connection.executeScript("CREATE TABLE t (id int); INSERT INTO t VALUES (1);")
        let count = try connection.readOnlyTransaction { try $0.query("SELECT count(*) FROM t").scalar }
        #expect(count == .int(1))
        #expect {
            try connection.readOnlyTransaction { try $0.execute("INSERT INTO t VALUES (2)") }
        } throws: { error in
            let error = error as? PostgresError
            return error?.code == .server && error?.sqlState == PostgresError.readOnlySQLTransaction
        }
        #expect(try connection.query("SELECT count(*) FROM t").scalar == .int(1))
    }

    @Test func transactionsDoNotNest() throws {
        let connection = try serverConnection()
        #expect {
            try connection.transaction { connection in
                try connection.transaction { _ in }
            }
        } throws: { ($0 as? PostgresError)?.code == .usage }
    }
}
