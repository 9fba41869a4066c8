import Testing
import Tabular
@testable import Query

@Suite struct ParserTests {
    @Test func pipelineWithEveryArgumentForm() {
        let text = "daily area=DK1,DK2 last=30d avg_price>100 area!=DK3 | where avg_price > 50 and area = DK1 | sort date desc | limit 10"
        #expect(dump(text) == """
            pipeline
              stage daily
                area = [DK1, DK2]
                last = 30d(2592000s)
                avg_price > 100
                area != DK3
              stage where
                expr (and (> avg_price 50) (= area DK1))
              stage sort
                date
                desc
              stage limit
                10
            """)
    }

    @Test func valuesOfEveryKind() {
        let text = #"x a=word b=-5 c=2.5 d='it\'s' e=-10m f=2024-01-31 g=2024-01-31T12:00+01:00 h=$v i=(p * 2) j=a,'b c',3 -7"#
        #expect(dump(text) == """
            pipeline
              stage x
                a = word
                b = -5
                c = 2.5
                d = 'it\\'s'
                e = -10m(-600s)
                f = date(2024-01-31)
                g = datetime(2024-01-31T12:00:00+01:00)
                h = $v
                i = expr (* p 2)
                j = [a, 'b c', 3]
                -7
            """)
    }

    @Test func multiLineScriptWithCommentsLetAndSemicolons() {
        let text = """
            # Daily report
            let area = DK1,DK2   # both areas
            let since = 2024-01-31T12:00+01:00; .mode csv
            daily area=$area since=$since
              | decide rules=absolute   # the fixed thresholds

              | chart title="Prices & production"
            .help daily
            tail from=-10m; explain daily | limit 3
            """
        #expect(dump(text) == """
            let area = [DK1, DK2]
            let since = datetime(2024-01-31T12:00:00+01:00)
            .mode csv
            pipeline
              stage daily
                area = $area
                since = $since
              stage decide
                rules = absolute
              stage chart
                title = 'Prices & production'
            .help daily
            pipeline
              stage tail
                from = -10m(-600s)
            explain
              pipeline
                stage daily
                stage limit
                  3
            """)
    }

    @Test func positionsOnMultiLineInput() throws {
        let text = "# c\nlet a = DK1\ndaily area=$a\n  | sort date desc ; .width 80"
        let script = try Parser.parse(SourceText(text), stages: TestStages.registry)
        guard script.statements.count == 3, case .let(let l) = script.statements[0],
              case .pipeline(let p) = script.statements[1], case .dotCommand(let c) = script.statements[2] else {
            Issue.record("unexpected statements: \(script.statements)")
            return
        }
        #expect("\(l.range)" == "2:1-2:12")
        #expect("\(l.nameRange)" == "2:5-2:6")
        #expect("\(l.value.range)" == "2:9-2:12")
        #expect("\(p.range)" == "3:1-4:19")
        #expect("\(p.stages[0].nameRange)" == "3:1-3:6")
        #expect("\(p.stages[0].arguments[0].range)" == "3:7-3:14")
        #expect("\(p.stages[1].nameRange)" == "4:5-4:9")
        #expect("\(p.stages[1].arguments[1].range)" == "4:15-4:19")
        #expect("\(c.range)" == "4:22-4:31")
        #expect(c.name == "width" && c.argumentText == "80")
        #expect(p.stages[1].arguments[1].range.start.offset == text.count - 16)
    }

    @Test func dumpWithRanges() {
        #expect(dump("daily area=DK1\n  | sort date", ranges: true) == """
            pipeline @1:1-2:14
              stage daily @1:1-1:15
                area = DK1 @1:7-1:15
              stage sort @2:5-2:14
                date @2:10-2:14
            """)
    }

    @Test func dotCommandArgumentsAreForgiving() {
        #expect(dump(".open /tmp/x.csv 'a b' 7d DK1,DK2") == ".open /tmp/x.csv 'a b' 7d(604800s) [DK1, DK2]")
        #expect(dump(".quit") == ".quit")
    }

    @Test func injectionLookingValueIsJustAString() throws {
        let text = #"daily area="DK1'; drop table energi_records; --""#
        #expect(dump(text) == """
            pipeline
              stage daily
                area = 'DK1\\'; drop table energi_records; --'
            """)
        let bound = try bind(text)
        #expect(bound.count == 1)
        #expect(bound[0].strings("area") == ["DK1'; drop table energi_records; --"])
    }

    @Test func expressionStagesKnownFromTheCatalog() {
        // Without the catalog, `where` arguments are ordinary arguments.
        let script = try? Parser.parse(SourceText("daily | where price>1"))
        #expect(script.map { SyntaxDump.dump($0) } == """
            pipeline
              stage daily
              stage where
                price > 1
            """)
        #expect(dump("daily | where price-10 > 5 or not (area = DK1,DK2)") == """
            pipeline
              stage daily
              stage where
                expr (or (> (- price 10) 5) (not (= area [DK1, DK2])))
            """)
    }

    @Test func letNamesAndExplain() {
        #expect(dump("let x = 1") == "let x = 1")
        #expect(dump("let = 1").hasPrefix("error: expected a variable name after 'let'"))
        #expect(dump("let x-y = 1").hasPrefix("error: invalid variable name 'x-y'"))
        #expect(dump("let x 1").hasPrefix("error: expected '=' after 'x'"))
        #expect(dump("let x = 1 2").hasPrefix("error: unexpected '2' after the value of 'x'"))
        #expect(dump("explain").hasPrefix("error: expected a pipeline after 'explain'"))
        #expect(dump("let x = 1 'two'").hasPrefix("error: unexpected 'two' after the value of 'x'"))
        #expect(dump("'daily' | x").hasPrefix("error: expected a stage name, found 'daily'"))
    }
}
