import Basics
import Foundation
@testable import Plugins
import Query
import Tabular
import Testing

@Suite struct PluginManifestTests {
    @Test func aFullManifestBecomesTheStageSpec() throws {
        let json = """
        {
          "name": "dk-co2",
          "kind": "source",
          "summary": "CO2 per kWh.",
          "arguments": [
            {"name": "area", "type": "list of word", "default": ["DK1", "DK2"], "help": "price areas", "position": 0},
            {"name": "last", "type": "duration", "default": "7d"},
            {"name": "since", "type": "datetime", "default": "2024-01-31"},
            {"name": "day", "type": "date", "default": "2024-02-29"},
            {"name": "order", "type": "asc|desc", "default": "DESC"},
            {"name": "n", "type": "integer", "default": 10, "required": false},
            {"name": "factor", "type": "number", "default": 1.5},
            {"name": "raw", "type": "bool", "default": false},
            {"name": "label", "type": "text", "default": null},
            {"name": "by", "type": "column", "required": true}
          ],
          "examples": ["dk-co2 DK1 last=30d"],
          "columns": [{"name": "hour", "type": "time"}, {"name": "co2", "type": "double", "unit": "g/kWh"}],
          "timeout": 12.5
        }
        """
        let m = try PluginManifest.parse(json, expectedName: "dk-co2", path: "/x/energiflow-dk-co2")
        let expected: [ArgumentSpec] = [
            ArgumentSpec("area", .list(.word), default: .list([.word("DK1"), .word("DK2")]), position: 0, help: "price areas"),
            ArgumentSpec("last", .duration, default: .duration(try #require(DurationLiteral("7d"))), help: ""),
            ArgumentSpec("since", .dateTime, default: .dateTime(DateTimeLiteral(startOf: Day(year: 2024, month: 1, day: 31))), help: ""),
            ArgumentSpec("day", .date, default: .date(Day(year: 2024, month: 2, day: 29)), help: ""),
            ArgumentSpec("order", .choice(["asc", "desc"]), default: .word("desc"), help: ""),
            ArgumentSpec("n", .integer, default: .integer(10), help: ""),
            ArgumentSpec("factor", .number, default: .number(1.5), help: ""),
            ArgumentSpec("raw", .bool, default: .bool(false), help: ""),
            ArgumentSpec("label", .text, help: ""),
            ArgumentSpec("by", .column, required: true, help: ""),
        ]
        #expect(m.arguments == expected)
        #expect(m.kind == .source)
        #expect(m.columns == [Column("hour", .time), Column("co2", .double, unit: "g/kWh")])
        #expect(m.timeout == 12.5)
        #expect(m.spec == StageSpec(name: "dk-co2", kind: .source, summary: "CO2 per kWh.", arguments: expected,
                                    examples: ["dk-co2 DK1 last=30d"], columns: ["hour", "co2"]))
        // The spec works with the language: .help renders it.
        #expect(StageHelp.help(for: m.spec).hasPrefix("dk-co2 (source)\n  CO2 per kWh.\n\nusage: dk-co2 [<area>...]"))
    }

    @Test func minimalManifestDefaultsArgumentsAndExamples() throws {
        let m = try PluginManifest.parse(#"{"name": "x", "kind": "sink", "summary": "s"}"#, expectedName: "x", path: "/x")
        #expect(m.arguments.isEmpty && m.examples.isEmpty && m.columns.isEmpty && m.timeout == nil)
        #expect(m.effectiveTimeout == 60)
    }

    /// Manifest text → the exact problem reported.
    @Test(arguments: [
        (#"{"name": "p", "kind": "transform"}"#, #"the manifest has no "summary" (a one-line description)"#),
        (#"{"kind": "transform", "summary": "s"}"#, #"the manifest has no "name" (the stage name)"#),
        (#"{"name": "p", "kind": 3, "summary": "s"}"#, #""kind" in the manifest must be a string, but it is a number"#),
        (#"{"name": "p", "kind": "filter", "summary": "s"}"#, #"unknown kind "filter": it must be source, transform or sink"#),
        (#"{"name": "q", "kind": "sink", "summary": "s"}"#, "the manifest names the stage 'q', but the file is called energiflow-p; they must match"),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": "threshold"}"#, #""arguments" must be an array of objects, but it is a string"#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "t", "type": 5}]}"#, #""type" in argument 't' must be a string, but it is a number"#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "t", "type": "nubmer"}]}"#, #"argument 't': unknown type "nubmer" (did you mean "number"?)"#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "t", "type": "number", "default": "two"}]}"#, #"argument 't': the default "two" is not a number"#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "t", "type": "number", "required": "yes"}]}"#, #""required" in argument 't' must be true or false, but it is "yes""#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "t", "type": "number", "required": true, "default": 1}]}"#, "'t' is required and has a default"),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "t", "type": "word"}, {"name": "t", "type": "word"}]}"#, "argument 't' is declared twice"),
        (#"{"name": "p", "kind": "sink", "summary": "s", "arguments": [{"name": "two words", "type": "word"}]}"#, "argument name 'two words' must be one word"),
        (#"{"name": "p", "kind": "sink", "summary": "s", "colums": []}"#, #"unknown field "colums" in the manifest (did you mean "columns"?)"#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "columns": [{"name": "z", "type": "float"}]}"#, #"column 'z': unknown column type "float""#),
        (#"{"name": "p", "kind": "sink", "summary": "s", "examples": [1]}"#, "examples[0] must be a string, but it is a number"),
        (#"{"name": "p", "kind": "sink", "summary": "s", "timeout": -1}"#, #""timeout" must be a positive number of seconds, but it is -1"#),
        (#"["name", "p"]"#, "the manifest must be a JSON object, but '--describe' printed an array"),
        ("usage: energiflow-p [--threshold N]", "'--describe' did not print JSON: unexpected 'u', expected a JSON value at line 1, column 1"),
        ("{\n  \"name\": \"p\",\n  \"kind\": \"sink\"\n  \"summary\": \"s\"\n}", "'--describe' did not print JSON: unexpected '\"', expected ',' or '}' at line 4, column 3"),
        ("", "'--describe' printed nothing"),
    ])
    func brokenManifests(json: String, problem: String) {
        let error = #expect(throws: PluginError.self) {
            try PluginManifest.parse(json, expectedName: "p", path: "/plugins/energiflow-p")
        }
        #expect(error?.code == .invalidManifest)
        #expect(error?.message == "plugin 'p' has a broken manifest: " + problem)
        #expect(error?.path == "/plugins/energiflow-p")
    }

    @Test func manifestTypeNamesMatchWhatHelpPrints() throws {
        // A type written as .help names it reads back as that type (bool aside: "true|false" would be a choice).
        for type: ArgumentType in [.word, .text, .number, .integer, .duration, .date, .column, .list(.word), .list(.integer), .choice(["asc", "desc"])] {
            let written = type == .dateTime ? "datetime" : type.name
            #expect(try ManifestTypes.argumentType(written).get() == type)
        }
        #expect(try ManifestTypes.argumentType("datetime").get() == .dateTime)
        #expect(try ManifestTypes.argumentType("bool").get() == .bool)
        #expect(try ManifestTypes.argumentType("list of asc|desc").get() == .list(.choice(["asc", "desc"])))
    }
}
