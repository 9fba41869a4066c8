import Foundation
import Testing
import Postgres

@Suite struct ConnectionLifecycleTests {
    @Test func versionsAndSessionSettings() throws {
        let connection = try serverConnection()
        #expect(connection.isConnected)
        let serverNumber = try connection.query("SHOW server_version").scalar?.string
        #expect(serverNumber.map { connection.serverVersion.hasPrefix($0) } == true)
        #expect(PostgresConnection.libraryVersion.split(separator: ".").count >= 2)
        let settings = try connection.query("SELECT current_setting('TimeZone'), current_setting('DateStyle'), current_setting('application_name'), current_setting('client_encoding')")
        #expect(settings[0].values == ["UTC", "ISO, YMD", "energiflow", "UTF8"])
    }

    @Test func cancelFromAnotherThread() throws {
        let connection = try serverConnection()
        let canceller = try connection.makeCanceller()
        let finished = Flag()
        // Keep asking until the sleep has been cancelled: a request that arrives
        // before the statement starts has nothing to cancel.
        let thread = Thread {
            while !finished.isSet {
                Thread.sleep(forTimeInterval: 0.2)
                if !finished.isSet { try? canceller.cancel() }
            }
        }
        thread.start()
        let started = Date()
        var caught: PostgresError?
        do {
            _ = try connection.query("SELECT pg_sleep(30)")
        } catch {
            caught = error as? PostgresError
        }
        finished.set()
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(caught?.code == .cancelled)
        #expect(caught?.sqlState == PostgresError.queryCanceled)
        #expect(caught?.message == "canceling statement due to user request")
        // The connection is still good.
        #expect(try connection.query("SELECT 2").scalar == .int(2))
    }

    @Test func lostConnectionIsReportedAndReconnectWorks() throws {
        let connection = try serverConnection()
        let victim = connection.backendPID
        let killer = try serverConnection()
        #expect(try killer.query("SELECT pg_terminate_backend($1::int)", [.int(Int64(victim))]).scalar == .bool(true))
        // Wait for the backend to be gone, so the next statement meets a closed connection.
        for _ in 0..<100 {
            let alive = try killer.query("SELECT count(*) FROM pg_stat_activity WHERE pid = $1::int", [.int(Int64(victim))]).scalar
            if alive == .int(0) { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        var caught: PostgresError?
        do {
            _ = try connection.query("SELECT 1")
        } catch {
            caught = error as? PostgresError
        }
        #expect(caught?.code == .connectionLost)
        #expect(caught?.message.contains("reconnect()") == true)
        #expect(!connection.isConnected)
        // Further calls say the same without touching the socket.
        #expect { try connection.query("SELECT 1") } throws: { ($0 as? PostgresError)?.code == .connectionLost }

        try connection.reconnect()
        #expect(connection.isConnected)
        #expect(connection.backendPID != victim)
        #expect(try connection.query("SELECT 3").scalar == .int(3))
        // The session settings come back with the reconnect.
        #expect(try connection.query("SHOW TimeZone").scalar == .text("UTC"))
    }

    @Test func noticesAreCollectedNotPrinted() throws {
        let connection = try serverConnection()
        try connection.executeScript("DROP TABLE IF EXISTS pg_temp.never_there")
        try connection.execute("DO $$ BEGIN RAISE NOTICE 'hello from the server'; END $$")
        let notices = connection.takeNotices()
        #expect(notices.count == 2)
        #expect(notices.last?.contains("hello from the server") == true)
        #expect(connection.takeNotices().isEmpty)
    }

    @Test func scriptsRunSeveralStatementsAndStopAtTheFirstError() throws {
        let connection = try freshConnection("script")
        try connection.executeScript("""
            CREATE TABLE a (id int);
            INSERT INTO a VALUES (1), (2);
            CREATE TABLE b (id int);
            """)
        #expect(try connection.query("SELECT count(*) FROM a").scalar == .int(2))
        #expect {
            try connection.executeScript("INSERT INTO a VALUES (3); SELECT nonsense_column FROM a; INSERT INTO a VALUES (4);")
        } throws: { ($0 as? PostgresError)?.sqlState == "42703" }
        // One implicit transaction: the insert before the error is undone, the one after never ran.
        #expect(try connection.query("SELECT count(*) FROM a").scalar == .int(2))
    }

    @Test func connectionsMoveBetweenThreads() throws {
        let connection = try serverConnection()
        let results = Results()
        let threads = (0..<4).map { index in
            Thread {
                let value = try? connection.query("SELECT $1::int8 * 10", [.int(Int64(index))]).scalar
                results.add(value?.int ?? -1)
            }
        }
        threads.forEach { $0.start() }
        for _ in 0..<200 where results.values.count < 4 { Thread.sleep(forTimeInterval: 0.05) }
        #expect(results.values.sorted() == [0, 10, 20, 30])
    }
}

/// A thread-safe flag for the test threads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [Int64] = []
    var values: [Int64] { lock.withLock { stored } }
    func add(_ value: Int64) { lock.withLock { stored.append(value) } }
}
