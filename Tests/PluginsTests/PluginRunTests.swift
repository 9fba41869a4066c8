import Basics
import Foundation
@testable import Plugins
import Query
import Tabular
import Testing

/// Real processes: generated shell plugins that behave well and badly.
@Suite struct PluginRunTests {
    @Test func sourcePluginRowsAreTypedByTheRules() throws {
        let fixture = try PluginFixture()
        // `note` is null in the first row: its type comes from the second.
        let plugin = try fixture.plugin("src", kind: "source", body: #"""
        cat <<'ROWS'
        {"hour":"2024-10-27T02:00:00+02:00","area":"DK1","count":24,"price":12.5,"ok":true,"day":"2024-10-27","note":null}
        {"hour":"2024-10-27T02:00:00+01:00","area":"DK2","count":23.0,"price":-3,"ok":false,"day":"2024-10-28","note":"second"}
        ROWS
        """#)
        let rows = try plugin.run(arguments: [], input: nil)
        #expect(rows.columns == [Column("hour", .time), Column("area", .text), Column("count", .int), Column("price", .double),
                                 Column("ok", .bool), Column("day", .day), Column("note", .text)])
        // 02:00+02:00 and 02:00+01:00 on the night clocks went back: 00:00Z and 01:00Z.
        let first = Date(timeIntervalSince1970: 1_729_987_200)  // 2024-10-27T00:00:00Z
        #expect(rows.rows == [
            [.time(first), .text("DK1"), .int(24), .double(12.5), .bool(true), .day(Day(year: 2024, month: 10, day: 27)), .null],
            [.time(first.addingTimeInterval(3600)), .text("DK2"), .int(23), .double(-3), .bool(false),
             .day(Day(year: 2024, month: 10, day: 28)), .text("second")],
        ])
    }

    @Test func sourceGetsNoStdinAndArgumentsAsNameValue() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("args", kind: "source", extra: """
        "arguments": [
          {"name": "area", "type": "list of word", "default": ["DK1"]},
          {"name": "last", "type": "duration"},
          {"name": "flag", "type": "bool", "default": false},
          {"name": "since", "type": "datetime"},
          {"name": "label", "type": "text"},
          {"name": "unused", "type": "integer"}
        ]
        """, body: #"""
        # stdin must be empty (/dev/null) for a source.
        stdin=$(cat | wc -c | tr -d ' ')
        printf '{"stdin":%s,"argc":%s,"arg":null}\n' "$stdin" "$#"
        for a in "$@"; do printf '{"arg":"%s"}\n' "$a"; done
        """#)
        let stage = try bind("args area=DK1,DK2 last=7d flag=yes since=2024-01-31T12:00 label='two words'", plugin.spec)
        let run = try plugin.start(stage, input: nil)
        let rows = try run.collect()
        #expect(rows.columns.map(\.name) == ["stdin", "argc", "arg"])
        #expect(rows.rows.first == [.int(0), .int(10), .null])
        #expect(rows.rows.dropFirst().map { $0[2] } == [
            .text("--area"), .text("DK1,DK2"), .text("--last"), .text("7d"), .text("--flag"), .text("true"),
            .text("--since"), .text("2024-01-31T12:00:00+01:00"), .text("--label"), .text("two words"),
        ])
        // Defaults go too; absent optional arguments do not.
        #expect(PluginArguments.commandLine(for: try bind("args", plugin.spec)) == ["--area", "DK1", "--flag", "false"])
    }

    @Test func transformRoundTripsEveryValueType() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("cat", body: "exec cat")
        let schema = Schema([Column("hour", .time), Column("day", .day), Column("area", .text),
                             Column("price", .double, unit: "EUR/MWh"), Column("mwh", .int, unit: "MWh"), Column("ok", .bool)])
        let summer = Date(timeIntervalSince1970: 1_719_792_000)  // 2024-07-01T00:00:00Z
        let input = RowSet(schema: schema, rows: [
            [.time(summer), .day(Day(year: 2024, month: 7, day: 1)), .text("DK1 \"quoted\"\n\tæøå"), .double(-0.25), .int(1_234), .bool(true)],
            [.time(summer.addingTimeInterval(0.5)), .null, .text(""), .double(.nan), .int(Int64.min), .bool(false)],
            [.null, .day(Day(year: 2024, month: 2, day: 29)), .null, .double(1e300), .null, .null],
        ])
        let output = try plugin.run(arguments: [], input: input)
        #expect(output.schema == schema)  // types and units come from the input
        var expected = input.rows
        expected[1][3] = .null  // NaN travels as null
        #expect(output.rows == expected)
    }

    @Test func whatThePluginSeesOnStdin() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("echo", body: #"""
        printf '{"schema":"%s","tz":"%s","line":null}\n' "$(printf '%s' "$ENERGIFLOW_SCHEMA" | sed 's/"/\\"/g')" "$ENERGIFLOW_TIMEZONE"
        while IFS= read -r line; do printf '{"line":"%s"}\n' "$(printf '%s' "$line" | sed 's/\\/\\\\/g; s/"/\\"/g')"; done
        """#)
        let winter = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z
        let input = RowSet(columns: [Column("t", .time), Column("d", .day), Column("p", .double, unit: "EUR/MWh"), Column("n", .int)],
                           rows: [[.time(winter), .day(Day(year: 2024, month: 1, day: 1)), .double(12), .int(3)],
                                  [.null, .null, .double(.infinity), .null]])
        let output = try plugin.run(arguments: [], input: input)
        let lines = output.values(of: "line")?.compactMap(\.text)
        #expect(lines == [#"{"t":"2024-01-01T01:00:00+01:00","d":"2024-01-01","p":12.0,"n":3}"#,
                          #"{"t":null,"d":null,"p":null,"n":null}"#])
        #expect(output.rows.first?[0] == .text(#"[{"name":"t","type":"time"},{"name":"d","type":"day"},{"name":"p","type":"double","unit":"EUR/MWh"},{"name":"n","type":"int"}]"#))
        #expect(output.rows.first?[1] == .text("Europe/Copenhagen"))
    }

    @Test func exitStatusThreeReportsItsStderr() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("fails", body: """
        echo '{"a": 1}'
        echo "first complaint" >&2
        echo "zscore: cannot read the moon" >&2
        exit 3
        """)
        let error = try #require(throws: PluginError.self) { try plugin.run(arguments: [], input: RowSet(columns: [])) }
        #expect(error.code == .exitedNonZero)
        #expect(error.message == "plugin 'fails' exited with status 3")
        #expect(error.stderr == "first complaint\nzscore: cannot read the moon")
        #expect(error.rendered() == """
        error: plugin 'fails' exited with status 3
          plugin: \(plugin.path)
          stderr:
            | first complaint
            | zscore: cannot read the moon
        """)
    }

    @Test func rowsBeforeAFailureArriveThenTheErrorIsThrown() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("late", kind: "source", body: "echo '{\"a\": 1}'; echo '{\"a\": 2}'; exit 1")
        let run = try plugin.start(arguments: [], input: nil)
        #expect(try run.next() == [.int(1)])
        #expect(try run.next() == [.int(2)])
        #expect(throws: PluginError.self) { try run.next() }
        // And again: the failure sticks.
        let again = try #require(throws: PluginError.self) { try run.next() }
        #expect(again.code == .exitedNonZero)
    }

    @Test func garbageOnLineTwoNamesTheLineAndKillsThePlugin() throws {
        let fixture = try PluginFixture()
        let pidFile = fixture.root.appendingPathComponent("garbage.pid").path
        let plugin = try fixture.plugin("garbage", body: """
        echo $$ > \(pidFile)
        echo '{"area": "DK1", "price": 1.5}'
        echo 'this is not json'
        echo "still running" >&2
        sleep 30
        """)
        let run = try plugin.start(arguments: [], input: nil)
        #expect(try run.next() == [.text("DK1"), .double(1.5)])
        let started = Date()
        let error = try #require(throws: PluginError.self) { try run.next() }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error.code == .invalidJSON)
        #expect(error.line == 2)
        #expect(error.lineText == "this is not json")
        #expect(error.message == "plugin 'garbage' wrote invalid JSON on output line 2: unexpected 'h', expected true (column 2)")
        #expect(error.rendered().contains("  line 2: this is not json"))
        #expect(error.note?.contains("stdout must be one JSON object") == true || error.note?.contains("must be one JSON object") == true)
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(eventually(2) { !processExists(pid) })
    }

    @Test func aLineThatIsNotAnObject() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("array", kind: "source", body: "echo '{\"a\": 1}'; echo '[1, 2]'")
        let error = try #require(throws: PluginError.self) { try plugin.run(arguments: [], input: nil) }
        #expect(error.code == .notAnObject)
        #expect(error.message == "plugin 'array' wrote an array on output line 2, not a JSON object")
        #expect(error.line == 2)
    }

    @Test func valuesThatDoNotFitTheirColumn() throws {
        let fixture = try PluginFixture()
        let wrongType = try fixture.plugin("wrongtype", kind: "source", body: #"printf '{"x": 1}\n\n{"x": "a"}\n'"#)
        let e1 = try #require(throws: PluginError.self) { try wrongType.run(arguments: [], input: nil) }
        #expect(e1.code == .invalidRow)
        #expect(e1.line == 3)  // the blank line counts
        #expect(e1.message == "plugin 'wrongtype' wrote \"a\" for column 'x' on output line 3, which holds whole numbers")

        let newKey = try fixture.plugin("newkey", kind: "source", body: #"printf '{"x": 1}\n{"x": 2, "y": 3}\n'"#)
        let e2 = try #require(throws: PluginError.self) { try newKey.run(arguments: [], input: nil) }
        #expect(e2.code == .invalidRow)
        #expect(e2.message == "plugin 'newkey' wrote a column 'y' on output line 2 that the first row did not have")

        let declared = try fixture.plugin("declared", kind: "source", extra: #""columns": [{"name": "t", "type": "time"}]"#,
                                          body: #"printf '{"t": "2024-01-01T00:00:00"}\n'"#)
        let e3 = try #require(throws: PluginError.self) { try declared.run(arguments: [], input: nil) }
        #expect(e3.message.contains("which holds times like"))
        #expect(e3.note == "the manifest's \"columns\" declares 't' as time")
    }

    @Test func declaredColumnsAndEmptyOutput() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("declares", extra: #""columns": [{"name": "z", "type": "double", "unit": "σ"}, {"name": "flag", "type": "bool"}]"#,
                                        body: #"cat >/dev/null; printf '{"area": "DK1", "z": 2, "extra": null}\n{"area": "DK2", "flag": true}\n'"#)
        let input = RowSet(columns: [Column("area", .text)], rows: [[.text("DK1")]])
        let rows = try plugin.run(arguments: [], input: input)
        #expect(rows.columns == [Column("area", .text), Column("z", .double, unit: "σ"), Column("extra", .text), Column("flag", .bool)])
        #expect(rows.rows == [[.text("DK1"), .double(2), .null, .null], [.text("DK2"), .null, .null, .bool(true)]])

        let silent = try fixture.plugin("silent", extra: #""columns": [{"name": "z", "type": "double"}]"#, body: "cat >/dev/null")
        let empty = try silent.run(arguments: [], input: RowSet(columns: [Column("day", .day), Column("z", .int)]))
        #expect(empty.rows.isEmpty)
        #expect(empty.columns == [Column("day", .day), Column("z", .double)])
    }

    @Test func pythonNaNAndInfinityBecomeNull() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("nan", kind: "source", body: #"printf '{"v": 1.5}\n{"v": NaN}\n{"v": -Infinity}\n'"#)
        let rows = try plugin.run(arguments: [], input: nil)
        #expect(rows.rows == [[.double(1.5)], [.null], [.null]])
    }

    @Test func hangingPluginIsKilledAtItsTimeoutWithItsChildren() throws {
        let fixture = try PluginFixture()
        let pidFile = fixture.root.appendingPathComponent("child.pid").path
        let plugin = try fixture.plugin("hangs", body: """
        echo "about to hang" >&2
        sleep 60 &
        echo $! > \(pidFile)
        wait
        """)
        let started = Date()
        let error = try #require(throws: PluginError.self) {
            try plugin.run(arguments: [], input: RowSet(columns: []), options: PluginRunOptions(timeout: 0.5))
        }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error.code == .timedOut)
        #expect(error.message == "plugin 'hangs' ran longer than its timeout of 0.5 s and was killed")
        #expect(error.stderr == "about to hang")
        // The grandchild (sleep) died with the process group.
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(eventually(2) { !processExists(pid) })
    }

    @Test func manifestTimeoutIsUsedWhenTheCallerSetsNone() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("slow", kind: "source", extra: #""timeout": 0.3"#, body: "sleep 30")
        #expect(plugin.manifest.timeout == 0.3)
        let started = Date()
        let error = try #require(throws: PluginError.self) { try plugin.run(arguments: [], input: nil) }
        #expect(error.code == .timedOut)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func pluginKilledBySIGKILL() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("dies", kind: "source", body: """
        echo '{"a": 1}'
        echo "going down" >&2
        kill -9 $$
        """)
        let error = try #require(throws: PluginError.self) { try plugin.run(arguments: [], input: nil) }
        #expect(error.code == .killedBySignal)
        #expect(error.message == "plugin 'dies' was killed by SIGKILL (9)")
        #expect(error.stderr == "going down")
    }

    @Test func largeInputAndOutputDoNotDeadlock() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("bigcat", body: "exec cat")
        let count = 100_000
        let start = Date(timeIntervalSince1970: 1_704_067_200)
        let schema = Schema([Column("hour", .time), Column("area", .text), Column("price", .double, unit: "EUR/MWh"), Column("n", .int)])
        var rows: [[Value]] = []
        rows.reserveCapacity(count)
        for i in 0..<count {
            let hour = Value.time(start.addingTimeInterval(Double(i) * 3600))
            let area = Value.text(i % 2 == 0 ? "DK1" : "DK2")
            let price = Value.double(Double(i) / 8 - 1000)
            rows.append([hour, area, price, .int(Int64(i))])
        }
        let run = try plugin.start(arguments: [], input: PluginInput(RowSet(schema: schema, rows: rows)))
        #expect(try run.schema() == schema)
        var seen = 0
        var mismatches = 0
        while let row = try run.next() {
            if row != rows[seen] { mismatches += 1 }
            seen += 1
        }
        #expect(seen == count)
        #expect(mismatches == 0)
    }

    @Test func pluginThatStopsReadingEarlyIsNotAnError() throws {
        let fixture = try PluginFixture()
        // Reads one line and exits: the writer meets a closed pipe (EPIPE), which must not kill us.
        let plugin = try fixture.plugin("first", body: "head -n 1")
        let rows = (0..<100_000).map { [Value.int(Int64($0))] }
        let output = try plugin.run(arguments: [], input: RowSet(columns: [Column("n", .int)], rows: rows))
        #expect(output.rows == [[.int(0)]])
    }

    @Test func cancellationKillsThePlugin() throws {
        let fixture = try PluginFixture()
        let pidFile = fixture.root.appendingPathComponent("cancel.pid").path
        let plugin = try fixture.plugin("forever", body: """
        echo $$ > \(pidFile)
        echo '{"tick": 1}'
        sleep 60
        """)
        let run = try plugin.start(arguments: [], input: PluginInput(schema: Schema([]), next: { nil }))
        #expect(try run.next() == [.int(1)])
        let started = Date()
        let canceller = Thread { usleep(200_000); run.cancel() }
        canceller.start()
        let error = try #require(throws: PluginError.self) { try run.next() }
        #expect(error.code == .cancelled)
        #expect(error.message == "plugin 'forever' was cancelled")
        #expect(Date().timeIntervalSince(started) < 5)
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(eventually(2) { !processExists(pid) })
    }

    @Test func closingEarlyKillsQuietly() throws {
        let fixture = try PluginFixture()
        let pidFile = fixture.root.appendingPathComponent("close.pid").path
        let plugin = try fixture.plugin("ticker", kind: "source", body: """
        echo $$ > \(pidFile)
        while true; do echo '{"tick": 1}'; sleep 0.01; done
        """)
        let run = try plugin.start(arguments: [], input: nil)
        #expect(try run.next() == [.int(1)])
        run.close()
        #expect(try run.next() == nil)
        let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(eventually(2) { !processExists(pid) })
    }

    @Test func failingInputKillsThePluginAndKeepsTheCause() throws {
        struct Upstream: Error, CustomStringConvertible { var description: String { "the database went away" } }
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("reader", body: "exec cat")
        let counter = Counter()
        let input = PluginInput(schema: Schema([Column("n", .int)])) {
            let n = counter.next()
            if n == 3 { throw Upstream() }
            return [.int(Int64(n))]
        }
        let error = try #require(throws: PluginError.self) { try plugin.start(arguments: [], input: input).collect() }
        #expect(error.code == .inputFailed)
        #expect(error.message == "the rows feeding plugin 'reader' failed: the database went away")
        #expect(error.cause is Upstream)
    }

    @Test func sinkPluginWritesText() throws {
        let fixture = try PluginFixture()
        let plugin = try fixture.plugin("count", kind: "sink", body: #"n=$(wc -l | tr -d ' '); echo "sent $n rows"; printf 'no newline'"#)
        let run = try plugin.start(arguments: [], input: PluginInput(RowSet(columns: [Column("n", .int)], rows: [[.int(1)], [.int(2)]])))
        var text = ""
        while let piece = try run.nextText() { text += piece }
        #expect(text == "sent 2 rows\nno newline")
    }

    @Test func aScriptWithoutAShebangCannotStart() throws {
        let fixture = try PluginFixture()
        let dir = try fixture.directory("noshebang")
        let path = try fixture.write("echo hi\n", to: "energiflow-plain", in: dir)
        // posix_spawn does not fall back to /bin/sh as execvp would.
        let error = try #require(throws: PluginError.self) { try PluginDiscovery.describe(name: "plain", path: path) }
        #expect(error.code == .notExecutable)
        #expect(error.note == "a script needs a first line like #!/usr/bin/env python3")
    }
}

/// A thread-safe counter for input closures.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n - 1 }
}
