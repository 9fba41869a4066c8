import Testing
@testable import Query

@Suite struct RegistryTests {
    @Test func helpForAStage() throws {
        #expect(try TestStages.registry.help(for: "sort") == """
            sort (transform)
              Sorts rows by a column.

            usage: sort <by> [<order>]

            arguments:
              by     column    the column to sort by (required; 1st value)
              order  asc|desc  ascending or descending (default: asc; 2nd value)

            examples:
              daily | sort avg_price desc
            """)
        #expect(try TestStages.registry.help(for: "daily") == """
            daily (source)
              Per day and area: total production and average, min and max price.

            usage: daily [area=WORD,...] [last=DURATION] [since=TIME] [until=TIME] [by=day|week|month|area] [tz=WORD] [COLUMN op VALUE ...]

            arguments:
              area             list of word         price areas (default: DK1,DK2)
              last             duration             how far back from the newest data
              since            date or time         first day
              until            date or time         day after the last
              by               day|week|month|area  grouping (default: day)
              tz               word                 time zone of the days (default: Europe/Copenhagen)
              COLUMN op VALUE  filter               keep rows where the comparison holds on date, area, production_mwh, avg_price, min_price, max_price

            examples:
              daily area=DK1 last=30d
              daily area=DK1,DK2 since=2024-01-01 | sort date desc | limit 5
            """)
        #expect(try TestStages.registry.help(for: "select").contains("columns  list of column  the columns (required; 1st value and after)"))
        #expect(try TestStages.registry.help(for: "table") == "table (sink)\n  Prints a table.\n\nusage: table\n\nexamples:\n  daily | table")
    }

    @Test func helpForAnUnknownStageSuggests() {
        do {
            _ = try TestStages.registry.help(for: "srot")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownStage && error.suggestion == "sort")
            #expect(error.rendered() == "error: unknown stage 'srot': did you mean 'sort'?")
        }
    }

    @Test func overviewByKind() {
        #expect(TestStages.registry.overview() == """
            Sources:
              daily   Per day and area: total production and average, min and max price.
              raw     Latest raw records, newest first.
              sql     A read-only SELECT.
              tail    Live records from Kafka.

            Transforms:
              decide  Adds decision and reason columns from a rules file.
              limit   Keeps the first rows.
              select  Keeps some columns.
              sort    Sorts rows by a column.
              top     The N rows with the largest values.
              where   Keeps rows where a condition holds.

            Sinks:
              chart   Draws a chart.
              csv     Prints CSV.
              table   Prints a table.

            '.help STAGE' shows a stage's arguments and examples.
            """)
        #expect(TestStages.registry.specs(of: .sink).map(\.name) == ["chart", "csv", "table"])
    }

    @Test func everyExampleParsesAndBinds() {
        for spec in TestStages.registry.allSpecs {
            #expect(!spec.examples.isEmpty, "\(spec.name) has no example")
            for example in spec.examples {
                #expect(firstError(example) == "ok", "\(spec.name): \(example)")
            }
        }
    }

    @Test func registeringTwiceAndReplacing() throws {
        var registry = StageRegistry<Int>()
        let spec = StageSpec(name: "zscore", kind: .transform, summary: "Flags unusual prices.")
        try registry.register(spec, 1)
        #expect(throws: QueryError.self) { try registry.register(spec, 2) }
        let old = try registry.replace(spec, 3)
        #expect(old?.implementation == 1)
        #expect(registry.entry(named: "zscore")?.implementation == 3)
        #expect(registry.names == ["zscore"] && registry.count == 1)
        let source = SourceText("zscroe")
        do {
            _ = try registry.lookup("zscroe", at: source.range(0, 6), in: source, alsoSuggesting: ["zeta"])
            Issue.record("expected an error")
        } catch {
            #expect(error.suggestion == "zscore")
        }
    }

    @Test func invalidSpecsAreRejected() {
        func invalid(_ spec: StageSpec) -> String? {
            do {
                try spec.validate()
                return nil
            } catch {
                #expect(error.code == .invalidStageSpec)
                return error.message
            }
        }
        #expect(invalid(StageSpec(name: "two words", kind: .source, summary: "")) ==
            "stage 'two words': the name must be one word, like daily or dk1-month")
        #expect(invalid(StageSpec(name: "5x", kind: .source, summary: "")) != nil)
        #expect(invalid(StageSpec(name: "dk1-month", kind: .source, summary: "")) == nil)
        #expect(invalid(StageSpec(name: "s", kind: .source, summary: "", arguments: [
            ArgumentSpec("n", .integer, default: .word("x"), help: ""),
        ])) == "stage 's': the default x of 'n' is not a whole number")
        #expect(invalid(StageSpec(name: "s", kind: .source, summary: "", arguments: [
            ArgumentSpec("a", .list(.word), position: 0, help: ""), ArgumentSpec("b", .word, position: 1, help: ""),
        ])) == "stage 's': list argument 'a' must be the last positional one")
        #expect(invalid(StageSpec(name: "s", kind: .source, summary: "", arguments: [
            ArgumentSpec("a", .word, help: ""), ArgumentSpec("a", .word, help: ""),
        ])) == "stage 's': argument 'a' is declared twice")
        #expect(invalid(StageSpec(name: "s", kind: .transform, summary: "", takesExpression: true)) != nil)
        #expect(invalid(StageSpec(name: "s", kind: .source, summary: "", arguments: [
            ArgumentSpec("a", .word, default: .word("x"), required: true, help: ""),
        ])) == "stage 's': 'a' is required and has a default")
    }
}
