import Foundation
import Postgres
import Testing

/// Issue 15's probes of the `sql` escape hatch, through `energiflow -c` and
/// through a saved query, against the embedded cluster: every call that
/// reached the operating system, the server's files, its settings or other
/// sessions is refused as "not allowed", and afterwards nothing has changed.
@Suite(.serialized) struct PrivilegeProbeTests {
    /// Each probe with the function the refusal names.
    static let probes: [(sql: String, function: String)] = [
        ("select lo_from_bytea(0, convert_to('archive_command = ''id > /tmp/pwned''', 'UTF8'))", "lo_from_bytea"),
        ("select lo_export(16384, current_setting('data_directory') || '/postgresql.auto.conf')", "lo_export"),
        ("select lo_import('/etc/passwd')", "lo_import"),
        ("select lo_create(0)", "lo_create"),
        ("select pg_read_file('/etc/passwd')", "pg_read_file"),
        ("select pg_read_binary_file('/proc/self/environ')", "pg_read_binary_file"),
        ("select pg_ls_dir('.')", "pg_ls_dir"),
        ("select pg_stat_file('postgresql.conf')", "pg_stat_file"),
        ("select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid()", "pg_terminate_backend"),
        ("select pg_cancel_backend(pid) from pg_stat_activity where pid <> pg_backend_pid()", "pg_cancel_backend"),
        ("select pg_reload_conf()", "pg_reload_conf"),
        ("select pg_rotate_logfile()", "pg_rotate_logfile"),
        ("select pg_create_physical_replication_slot('probe')", "pg_create_physical_replication_slot"),
        ("select pg_create_logical_replication_slot('probe', 'test_decoding')", "pg_create_logical_replication_slot"),
        ("select set_config('log_statement', 'none', false)", "set_config"),
        ("select set_config('statement_timeout', '0', false)", "set_config"),
        ("select pg_switch_wal()", "pg_switch_wal"),
        ("select pg_advisory_lock(4567)", "pg_advisory_lock"),
        ("select query_to_xml('select pg_read_file(''/etc/passwd'')', true, false, '')", "pg_read_file"),
    ]

    func refused(_ run: Finished, function: String, _ probe: String) {
        #expect(run.status == 1, "\(probe): \(run.stdout)")
        #expect(run.stderr.contains("error: not allowed: permission denied for function \(function) (SQLSTATE 42501)"),
                "\(probe): \(run.stderr)")
        #expect(run.stderr.contains("queries may only read the store's tables"))
        #expect(!run.stdout.contains("root:"), "\(probe) printed a file")
    }

    @Test func everyProbeThroughSQLIsRefusedAndChangesNothing() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let admin = try home.admin()
        let configuration = try #require(try admin.query("SELECT pg_read_file('postgresql.auto.conf')").scalar?.string)
        let logStatement = try admin.query("SHOW log_statement").scalar?.string
        let work = try Work(home)
        for probe in Self.probes {
            refused(try work.run(["-c", "sql \"\(probe.sql)\""]), function: probe.function, probe.sql)
        }
        // Nothing was written, created or changed on the server.
        #expect(try admin.query("SELECT pg_read_file('postgresql.auto.conf')").scalar?.string == configuration)
        #expect(try admin.query("SELECT count(*) FROM pg_largeobject_metadata").scalar?.int == 0)
        #expect(try admin.query("SELECT count(*) FROM pg_replication_slots").scalar?.int == 0)
        #expect(try admin.query("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'").scalar?.int ?? 0 >= 1,
                "the admin session was not terminated")
        #expect(try home.admin().query("SHOW log_statement").scalar?.string == logStatement)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
        // What queries are for still works: the store's tables.
        let read = try work.run(["--format", "csv", "-c", "sql 'select day::text, avg_price_eur from energi_daily order by day'"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout == "day,avg_price_eur\r\n2024-10-01,51.25\r\n2024-10-02,-3.5\r\n")
        // … as the query role, which is no superuser.
        let role = try work.run(["--format", "csv", "-c", "sql 'select current_user as role, rolsuper from pg_roles where rolname = current_user'"])
        #expect(role.stdout == "role,rolsuper\r\nenergiflow_query,false\r\n")
        // The pipelines' own session settings (the csv path's time zone and
        // number format) are SET statements the query role may run, not set_config.
        let csv = try work.run(["-c", "daily area=DK1 tz=UTC | select day, price | csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.hasPrefix("day,price\r\n2024-10-01,51.25\r\n"), "\(csv.stdout)")
    }

    @Test func writesAreRefusedToo() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let write = try work.run(["-c", "sql \"select setval('energi_rejects_id_seq', 5)\""])
        #expect(write.status == 1)
        #expect(write.stderr.contains("not allowed: "))
        let hidden = try work.run(["-c", "sql 'with gone as (delete from energi_daily returning 1) select * from gone'"])
        #expect(hidden.status == 1)
        #expect(try home.admin().query("SELECT count(*) FROM energi_daily").scalar?.int == 2)
    }

    @Test func everyProbeThroughASavedQueryIsRefused() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        for (i, probe) in Self.probes.enumerated() {
            try work.write("# A probe.\nsql \"\(probe.sql)\"\n", to: "queries/probe\(i).efq")
            let run = try work.run(["run", "--trust", "probe\(i)"])
            refused(run, function: probe.function, probe.sql)
            #expect(run.stderr.contains(" --> queries/probe\(i).efq:2:"), "\(run.stderr)")
        }
        // A saved query in the config folder (always used) gets no further.
        try FileManager.default.createDirectory(at: work.config.appendingPathComponent("energiflow/queries"), withIntermediateDirectories: true)
        try "sql \"select pg_read_file('/etc/passwd')\"\n".write(to: work.config.appendingPathComponent("energiflow/queries/mine.efq"),
                                                                  atomically: true, encoding: .utf8)
        refused(try work.run(["run", "mine"]), function: "pg_read_file", "config/mine.efq")
    }

    @Test func sqlStopsAtItsTimeout() throws {
        let home = SecurityHome.shared
        try home.prepare()
        let work = try Work(home)
        let run = try work.run(["-c", "sql 'select pg_sleep(30) as slept' timeout=1s"])
        #expect(run.status == 1)
        #expect(run.seconds < 10)
        #expect(run.stderr.hasPrefix("error: the query ran longer than its time limit and was stopped"))
        let out = try work.run(["-c", "sql 'select 1' timeout=48h"])
        #expect(out.stderr.hasPrefix("error: sql's timeout must be between 1s and 24h, not 48h"))
    }
}
