import Basics
import Testing
import Tabular
@testable import Query

@Suite struct BinderTests {
    @Test func defaultsAndTypedValues() throws {
        let stages = try bind("daily last=30d since=2024-01-31 until=2024-02-01T06:00Z by=WEEK")
        let daily = stages[0]
        #expect(daily.strings("area") == ["DK1", "DK2"])
        #expect(!daily.isGiven("area") && daily.isGiven("last"))
        #expect(daily.duration("last")?.seconds == Int64(30 * 86_400))
        #expect(daily.dateTime("since") == DateTimeLiteral(startOf: Day(year: 2024, month: 1, day: 31)))
        #expect(daily.dateTime("until")?.utcOffset == 0)
        #expect(daily.dateTime("until")?.hour == 6)
        #expect(daily.word("by") == "week")  // the spec's spelling
        #expect(daily.word("tz") == "Europe/Copenhagen")
        #expect(daily["nothing"] == nil)
        #expect("\(daily.range(of: "last"))" == "1:12-1:15")
        #expect(daily.range(of: "area") == daily.call.nameRange)
    }

    @Test func positionalArguments() throws {
        let stages = try bind("raw elspot | sort date desc | limit 10 | select date, area avg_price | top 3 by=(max_price - min_price) | chart")
        #expect(stages.map(\.name) == ["raw", "sort", "limit", "select", "top", "chart"])
        #expect(stages[0].word("dataset") == "elspot")
        #expect(stages[0].integer("limit") == 20)
        #expect(stages[1].column("by") == "date" && stages[1].word("order") == "desc")
        #expect(stages[2].integer("n") == 10)
        #expect(stages[3].list("columns") == [.column("date"), .column("area"), .column("avg_price")])
        #expect(stages[4].integer("n") == 3)
        #expect(stages[4]["by"].map { "\($0)" } == "(- max_price min_price)")
        #expect(stages[5].bool("color") == true && stages[5]["title"] == nil)
        // A positional argument may also be named.
        #expect(try bind("daily | sort order=desc by=area")[1].column("by") == "area")
        #expect(firstError("daily | sort date by=area").contains("'by' is given twice"))
    }

    @Test func filtersOnSources() throws {
        let daily = try bind("daily area=DK1 avg_price>100 area!=DK2 date>=2024-01-01")[0]
        #expect(daily.strings("area") == ["DK1"])
        #expect(daily.filters.map { "\($0.column) \($0.op.rawValue) \($0.value)" } ==
            ["avg_price > 100", "area != DK2", "date >= 2024-01-01"])
        #expect(daily.filters[0].value == .integer(100))
        #expect(firstError("daily avg_prize>100").contains("did you mean 'avg_price'?"))
    }

    @Test func whereBindsItsExpression() throws {
        var env = Environment()
        try env.define(commandLine: "limit=100")
        let stages = try bind("daily | where avg_price > $limit and area = DK1", environment: env)
        #expect(stages[1].expression.map(SyntaxDump.expression) == "(and (> avg_price 100) (= area DK1))")
        // Parsed without the catalog, the binder reads the expression itself.
        let source = SourceText("daily | where avg_price>1 or area=DK1,DK2")
        let script = try Parser.parse(source)
        guard case .pipeline(let p) = script.statements[0] else { Issue.record("no pipeline"); return }
        let bound = try Binder(stages: TestStages.registry, source: source).bind(p)
        #expect(bound[1].expression.map(SyntaxDump.expression) == "(or (> avg_price 1) (= area [DK1, DK2]))")
    }

    @Test func variablesFromLetAndCommandLine() throws {
        var env = Environment()
        try env.define(commandLine: "area=DK1,DK2")
        try env.define(commandLine: "title=Hello World")
        try env.define(commandLine: "empty=")
        try env.define(commandLine: "n=5")
        #expect(env["title"]?.kind == .string("Hello World"))
        #expect(env["empty"]?.kind == .string(""))
        #expect(env["n"]?.kind == .integer(5))
        let source = SourceText("let d = 7d\nlet areas = $area,DK3")
        let script = try Parser.parse(source)
        for case .let(let l) in script.statements { try env.apply(l, in: source) }
        let stages = try bind("daily area=$areas last=$d | limit $n | chart title=$title", environment: env)
        #expect(stages[0].strings("area") == ["DK1", "DK2", "DK3"])
        #expect(stages[0].duration("last")?.text == "7d")
        #expect(stages[1].integer("n") == 5)
        #expect(stages[2].text("title") == "Hello World")
        // The type is checked where the variable is used, and the error says what it holds.
        #expect(firstError("daily last=$title", environment: env) == """
            error: expected a duration like 7d or 15m for 'last'
              |
            1 | daily last=$title
              |            ^^^^^^ $title is string 'Hello World'
            """)
    }

    @Test func commandLineAssignmentErrors() {
        #expect(throws: QueryError.self) { try Environment.parseAssignment("noequals") }
        do {
            _ = try Environment.parseAssignment("bad-name=1")
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered() == """
                error: invalid variable name 'bad-name'
                 --> <command line>:1:1
                  |
                1 | bad-name=1
                  | ^^^^^^^^
                  = note: a name is letters, digits and _, starting with a letter or _
                """)
        }
    }

    @Test func typesAcceptWhatTheySay() {
        let cases: [(ArgumentType, String, ArgumentValue?)] = [
            (.word, "DK1", .word("DK1")), (.word, "'DK 1'", .word("DK 1")), (.word, "5", nil),
            (.text, "2024-01-31", .text("2024-01-31")), (.text, "'a b'", .text("a b")),
            (.number, "5", .number(5)), (.number, "-2.5", .number(-2.5)), (.number, "x", nil),
            (.integer, "5", .integer(5)), (.integer, "5.5", nil),
            (.duration, "-10m", .duration(DurationLiteral("-10m")!)), (.duration, "10", nil),
            (.date, "2024-01-31", .date(Day(year: 2024, month: 1, day: 31))), (.date, "2024-01-31T00:00", nil),
            (.bool, "on", .bool(true)), (.bool, "No", .bool(false)), (.bool, "1", nil),
            (.column, "price", .column("price")),
            (.choice(["asc", "desc"]), "DESC", .word("desc")), (.choice(["asc", "desc"]), "up", nil),
            (.list(.integer), "1,2", .list([.integer(1), .integer(2)])), (.list(.integer), "1", .list([.integer(1)])),
            (.list(.integer), "1,x", nil),
            (.oneOf([.duration, .dateTime]), "2024-01-31", .dateTime(DateTimeLiteral(startOf: Day(year: 2024, month: 1, day: 31)))),
            (.oneOf([.duration, .dateTime]), "1h", .duration(DurationLiteral("1h")!)),
        ]
        for (type, text, expected) in cases {
            let value = try? Parser.parseValue(SourceText(text))
            let converted = value.flatMap { Binder.convert($0, to: type) }
            #expect(converted == expected, "\(type.name) ← \(text)")
        }
    }
}
