import Foundation
import Query
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
        #expect(csv.text == "n,half\r\n1,0.5\r\n2,1.0\r\n3,1.5\r\n")
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
}
