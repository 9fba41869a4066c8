import Foundation
import Query
import Render
import Stages
import Tabular
import TestSupport
import Testing

/// Sinks write what the rows hold; live rows are written as they come.
@Suite struct SinkTests {
    let pipeline = "daily area=DK2 since=2024-09-01 until=2024-09-04 | select day area price production"

    @Test func csvIsRFC4180WithTheRowsValues() throws {
        let rows = try Fixture.rows(pipeline)
        let text = try Fixture.output(pipeline + " | csv")
        let records = text.components(separatedBy: "\r\n")
        #expect(records.count == 5 && records.last == "")
        #expect(records[0] == "day,area,price,production")
        for (record, row) in zip(records.dropFirst(), rows.rows) {
            let fields = record.split(separator: ",").map(String.init)
            #expect(fields[0] == row[0].description && fields[1] == "DK2")
            #expect(Double(fields[2]) == row[2].number && Double(fields[3]) == row[3].number)
        }
        let bare = try Fixture.output(pipeline + " | csv header=false")
        #expect(bare.hasPrefix("2024-09-01,DK2,"))
    }

    @Test func jsonLinesHoldOneObjectPerRow() throws {
        let rows = try Fixture.rows(pipeline)
        let lines = try Fixture.output(pipeline + " | json").split(separator: "\n")
        #expect(lines.count == 3)
        for (line, row) in zip(lines, rows.rows) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["day"] as? String == row[0].description)
            #expect(object["area"] as? String == "DK2")
            #expect(close((object["price"] as? NSNumber)?.doubleValue, row[2].number))
        }
        // Keys keep the column order.
        #expect(lines[0].hasPrefix("{\"day\":\"2024-09-01\",\"area\":\"DK2\",\"price\":"))
    }

    @Test func markdownAndTable() throws {
        let markdown = try Fixture.output(pipeline + " | markdown")
        let lines = markdown.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("| day        | area | price (EUR/MWh) | production (MWh) |"))
        #expect(lines[2].hasPrefix("| 2024-09-01 | DK2  |           63.26 |"))

        let table = try Fixture.output("prices area=DK2 since=2024-09-01 until=2024-09-02 | table width=40")
        for line in table.split(separator: "\n") { #expect(line.count <= 40, "\(line)") }
        #expect(table.hasSuffix("(24 rows)\n"))
    }

    @Test func theDefaultSinkIsASessionSetting() throws {
        let csv = try Fixture.output(pipeline, defaultSink: "csv")
        #expect(csv.hasPrefix("day,area,price,production\r\n"))
        let json = try Fixture.output(pipeline, defaultSink: "json")
        #expect(json.hasPrefix("{\"day\":"))
        let plan = try Fixture.plan(pipeline, context: ExecutionContext(defaultSink: "markdown"))
        #expect(plan.steps.last?.stage.name == "markdown" && plan.steps.last?.isDefaultSink == true)
    }

    @Test func liveRowsAreWrittenAsTheyComeWithoutPostgreSQL() throws {
        let executor = try TestOnlyStages.executor()
        let connected = Probe()
        let database = LazyDatabase { connected.pull(); throw TestFailure("a live pipeline must not connect") }
        let output = TextOutput()
        let context = ExecutionContext(database: database, output: output)
        let summary = try executor.execute("numbers count=4 live=true | where n > 1", context: context)
        #expect(summary.first?.rows == 3)
        let lines = output.text.split(separator: "\n")
        #expect(lines.count == 5)  // header, rule, three rows; no footer in a stream
        #expect(lines[0].split(separator: " ") == ["n", "half"])
        #expect(output.flushCount >= 4)  // the header, then every row
        #expect(connected.pulled == 0 && !database.isOpen)

        let csv = TextOutput()
        try executor.execute("numbers count=3 live=true | csv", context: ExecutionContext(database: database, output: csv))
        #expect(csv.text == "n,half\r\n1,0.5\r\n2,1\r\n3,1.5\r\n")
        #expect(csv.flushCount >= 3)
    }

    @Test func aLimitStopsReadingAndClosesTheSource() throws {
        let probe = Probe()
        let executor = try TestOnlyStages.executor(probe: probe)
        let rows = try executor.rows(of: "numbers count=0 | limit 5", context: ExecutionContext(output: TextOutput()))
        #expect(rows.rows.map { $0[0] } == (1...5).map { .int($0) })
        #expect(probe.pulled == 5 && probe.closed)
    }

    @Test func summariesAndWarnings() throws {
        let output = TextOutput()
        let warnings = WarningChannel()
        var context = try Fixture.context(output: output)
        context.warnings = warnings
        let summary = try #require(try Executor().execute("daily area=DK2 last=7d tz=UTC | where price > 0 | csv",
                                                          context: context).first)
        #expect(summary.rows == 7)
        #expect(summary.pushed == ["daily", "where"] && summary.inMemory == ["csv"])
        #expect(summary.sql?.contains("WHERE \"price\" > $3") == true)
        #expect(summary.warnings.map(\.description) == [
            "warning: daily: the days are Danish days (Europe/Copenhagen); tz= only changes how since/until are read",
        ])
        #expect(warnings.all.count == 1)
        let explained = try #require(try Executor().execute("explain total", context: context).first)
        #expect(explained.isExplain && explained.rows == 0)
        #expect(output.text.hasSuffix("columns: area (text), production (MWh), hours (int), first_day (day), last_day (day)\n"))
    }

    @Test func timesAreShownInThePipelinesZone() throws {
        let local = try Fixture.output("prices area=DK2 since=2024-09-01 until=2024-09-01T01:00 | select time price | csv")
        #expect(local == "time,price\r\n2024-09-01T00:00:00+02:00,93.760002\r\n")
        let utc = try Fixture.output("prices area=DK2 since=2024-09-01 until=2024-09-01T01:00 tz=UTC | select time price | csv")
        // since is read in UTC too: 2024-09-01 00:00 UTC (02:00 in Copenhagen; 80,370003 in the file).
        #expect(utc == "time,price\r\n2024-09-01T00:00:00+00:00,80.370003\r\n")
    }

    /// After a wholly pushed pipeline the CSV lines are made from the
    /// cells' text as the server sends it; the bytes must be exactly what
    /// the row-by-row writer makes: times across the fall-back hour and in
    /// zones of half hours, doubles of every size, text that needs quoting,
    /// empty text and nulls, days, true/false.
    @Test(arguments: [
        "daily area=DK1,DK2 since=2024-10-20 until=2024-11-03",
        "prices area=DK2 since=2024-10-26 until=2024-10-28",
        "prices area=DK2 since=2024-10-26 until=2024-10-28 tz=UTC | select time, price",
        "prices area=DK2 since=2024-10-26 until=2024-10-28 tz=Asia/Kolkata | select time, price",
        "prices area=DK2 since=2024-10-26 until=2024-10-28 tz=America/St_Johns | extend d = day(time), w = bin(time, 1w)",
        "raw declaration limit=40",
        "production area=DK2 since=2024-10-26 until=2024-10-28 by=hour,type",
        #"daily area=DK2 since=2024-09-01 until=2024-09-20 | extend note = if(price > 60, 'a "quoted", text', if(price > 40, '', 'two\nlines')), flag = price > 55, big = price * 1e13, tiny = price / 1e7, whole = round(price), none = if(price > 0, production / 0, 1.5), minus = -price / 3"#,
        "hourly area=DK2 since=2024-08-28 until=2024-08-30 | summarize avg(price), sum(production), count() by day(time), hour(time)",
    ])
    func theStoreWritesTheSameCSVAsTheRows(_ pipeline: String) throws {
        let store = try Fixture.output(pipeline + " | csv")
        let output = TextOutput()
        try Executor().execute(pipeline + " | csv", context: try Fixture.context(pushDown: false, output: output))
        #expect(store == output.text)
        #expect(store.split(separator: "\r\n").count > 3)
        // The lines were made from the cells (the statement selects each column in its plain type).
        let summary = try Executor().execute(pipeline + " | csv", context: try Fixture.context())
        #expect(summary.first?.sql?.hasPrefix("SELECT (\"") == true)
    }

    @Test func numbersReadAsPostgreSQLWritesThem() {
        for (value, text) in [(100.0, "100"), (1e15, "1e+15"), (123456789012345.0, "123456789012345"), (1e16, "1e+16"),
                              (0.0001, "0.0001"), (0.00001, "1e-05"), (1.5e-7, "1.5e-07"), (24051.7, "24051.7"),
                              (-0.0, "-0"), (9007199254740992.0, "9.007199254740992e+15"), (1234567890123456.5, "1.2345678901234565e+15"),
                              (-1e15, "-1e+15"), (0.30000000000000004, "0.30000000000000004")] {
            #expect(CSVWriter.number(value) == text, "\(value)")
        }
    }
}
