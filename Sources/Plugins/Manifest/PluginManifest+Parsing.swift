import Basics
import Foundation
import Query
import Tabular

extension PluginManifest {
    static let topLevelFields = ["name", "kind", "summary", "arguments", "examples", "columns", "timeout", "environment"]
    static let argumentFields = ["name", "type", "default", "required", "help", "position"]
    static let columnFields = ["name", "type", "unit"]

    /// Parses and checks a manifest. `expectedName` is the stage name the file
    /// name gives (`energiflow-zscore` → `zscore`); the manifest must agree.
    /// Errors are `.invalidManifest`, naming the plugin and its path.
    public static func parse(_ text: String, expectedName: String, path: String) throws(PluginError) -> PluginManifest {
        do {
            return try parse(text, expectedName: expectedName)
        } catch {
            throw PluginError(.invalidManifest, plugin: expectedName, path: path,
                              "plugin '\(expectedName)' has a broken manifest: \(error.message)",
                              note: error.note ?? "run '\(path) --describe' to see what it prints; the manifest format is in the header of plugins/energiflow-zscore")
        }
    }

    static func parse(_ text: String, expectedName: String) throws(ManifestError) -> PluginManifest {
        let json: JSONValue
        do {
            json = try JSONValue.parse(text, options: .manifest)
        } catch {
            let (line, column) = position(of: error.offset, in: text)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let what = trimmed.isEmpty ? "'--describe' printed nothing"
                : "'--describe' did not print JSON: \(error.reason) at line \(line), column \(column)"
            throw ManifestError(what)
        }
        guard case .object(let root) = json else {
            throw ManifestError("the manifest must be a JSON object, but '--describe' printed \(json.typeDescription)")
        }
        try checkFields(root, allowed: topLevelFields, in: "the manifest")

        let name = try requiredString(root, "name", in: "the manifest", what: "the stage name")
        guard name == expectedName else {
            throw ManifestError("the manifest names the stage '\(name)', but the file is called energiflow-\(expectedName); they must match",
                                  note: "rename the file to energiflow-\(name) or set \"name\": \"\(expectedName)\"")
        }
        let kindText = try requiredString(root, "kind", in: "the manifest", what: "source, transform or sink")
        guard let kind = StageKind(rawValue: kindText) else {
            throw ManifestError("unknown kind \"\(kindText)\": it must be source, transform or sink")
        }
        let summary = try requiredString(root, "summary", in: "the manifest", what: "a one-line description")

        var arguments: [ArgumentSpec] = []
        if let value = root["arguments"] {
            guard case .array(let items) = value else {
                throw ManifestError("\"arguments\" must be an array of objects, but it is \(value.typeDescription)")
            }
            for (i, item) in items.enumerated() { arguments.append(try argument(item, index: i)) }
        }

        var examples: [String] = []
        if let value = root["examples"] {
            guard case .array(let items) = value else {
                throw ManifestError("\"examples\" must be an array of strings, but it is \(value.typeDescription)")
            }
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    throw ManifestError("examples[\(i)] must be a string, but it is \(item.typeDescription)")
                }
                examples.append(s)
            }
        }

        var columns: [Column] = []
        if let value = root["columns"] {
            guard case .array(let items) = value else {
                throw ManifestError("\"columns\" must be an array of objects, but it is \(value.typeDescription)")
            }
            for (i, item) in items.enumerated() {
                let c = try column(item, index: i)
                guard !columns.contains(where: { $0.name == c.name }) else {
                    throw ManifestError("the column '\(c.name)' is declared twice in \"columns\"")
                }
                columns.append(c)
            }
        }

        var timeout: Double?
        if let value = root["timeout"], value != .null {
            let seconds: Double
            switch value {
            case .number(let n): seconds = n.double
            default: throw ManifestError("\"timeout\" must be a number of seconds, but it is \(value.typeDescription)")
            }
            guard seconds > 0, seconds.isFinite else {
                throw ManifestError("\"timeout\" must be a positive number of seconds, but it is \(value.described)")
            }
            timeout = seconds
        }

        var environment: [String] = []
        if let value = root["environment"] {
            guard case .array(let items) = value else {
                throw ManifestError("\"environment\" must be an array of variable names, but it is \(value.typeDescription)")
            }
            for (i, item) in items.enumerated() {
                guard case .string(let name) = item, PluginEnvironment.isVariableName(name) else {
                    throw ManifestError("environment[\(i)] must be the name of an environment variable, like \"CO2_API_TOKEN\", but it is \(item.described)")
                }
                if !environment.contains(name) { environment.append(name) }
            }
        }

        let manifest = PluginManifest(name: name, kind: kind, summary: summary, arguments: arguments,
                                      examples: examples, columns: columns, timeout: timeout, environment: environment)
        do {
            try manifest.spec.validate()
        } catch {
            // "stage 'x': the name must be one word…" → without the stage prefix.
            let prefix = "stage '\(name)': "
            let message = error.message.hasPrefix(prefix) ? String(error.message.dropFirst(prefix.count)) : error.message
            throw ManifestError(message)
        }
        return manifest
    }

    private static func argument(_ json: JSONValue, index: Int) throws(ManifestError) -> ArgumentSpec {
        let place = "arguments[\(index)]"
        guard case .object(let object) = json else {
            throw ManifestError("\(place) must be an object like {\"name\": \"threshold\", \"type\": \"number\"}, but it is \(json.typeDescription)")
        }
        let name = try requiredString(object, "name", in: place, what: "the argument's name")
        let label = "argument '\(name)'"
        try checkFields(object, allowed: argumentFields, in: label)
        let typeText = try requiredString(object, "type", in: label, what: "its type, e.g. \"number\"")
        let type: ArgumentType
        switch ManifestTypes.argumentType(typeText) {
        case .success(let t): type = t
        case .failure(let problem): throw ManifestError("\(label): \(problem.message)", note: problem.note)
        }
        var defaultValue: ArgumentValue?
        if let d = object["default"], d != .null {
            guard let v = ManifestTypes.defaultValue(d, for: type) else {
                throw ManifestError("\(label): the default \(d.described) is not \(type.expectation)")
            }
            defaultValue = v
        }
        let required = try optionalBool(object, "required", in: label) ?? false
        let help = try optionalString(object, "help", in: label) ?? ""
        var position: Int?
        if let p = object["position"], p != .null {
            guard case .number(let n) = p, let i = n.integer, i >= 0, i < 100 else {
                throw ManifestError("\(label): \"position\" must be a whole number from 0 (the first value), but it is \(p.described)")
            }
            position = Int(i)
        }
        return ArgumentSpec(name, type, default: defaultValue, required: required, position: position, help: help)
    }

    private static func column(_ json: JSONValue, index: Int) throws(ManifestError) -> Column {
        let place = "columns[\(index)]"
        guard case .object(let object) = json else {
            throw ManifestError("\(place) must be an object like {\"name\": \"zscore\", \"type\": \"double\"}, but it is \(json.typeDescription)")
        }
        let name = try requiredString(object, "name", in: place, what: "the column's name")
        let label = "column '\(name)'"
        try checkFields(object, allowed: columnFields, in: label)
        let typeText = try requiredString(object, "type", in: label, what: "bool, int, double, text, time or day")
        let type: ValueType
        switch ManifestTypes.columnType(typeText) {
        case .success(let t): type = t
        case .failure(let problem): throw ManifestError("\(label): \(problem.message)", note: problem.note)
        }
        let unit = try optionalString(object, "unit", in: label)
        return Column(name, type, unit: unit.flatMap { $0.isEmpty ? nil : $0 })
    }

    // MARK: Field helpers

    private static func checkFields(_ object: [JSONMember], allowed: [String], in place: String) throws(ManifestError) {
        for key in object.keys where !allowed.contains(key) {
            let suggestion = Suggestions.closest(to: key, among: allowed)
            throw ManifestError("unknown field \"\(key)\" in \(place)" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                                  note: "the fields are " + allowed.map { "\"\($0)\"" }.joined(separator: ", "))
        }
    }

    private static func requiredString(_ object: [JSONMember], _ key: String, in place: String, what: String) throws(ManifestError) -> String {
        guard let value = object[key], value != .null else {
            throw ManifestError("\(place) has no \"\(key)\" (\(what))")
        }
        guard case .string(let s) = value else {
            throw ManifestError("\"\(key)\" in \(place) must be a string, but it is \(value.typeDescription)")
        }
        guard !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ManifestError("\"\(key)\" in \(place) is empty")
        }
        return s
    }

    private static func optionalString(_ object: [JSONMember], _ key: String, in place: String) throws(ManifestError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard case .string(let s) = value else {
            throw ManifestError("\"\(key)\" in \(place) must be a string, but it is \(value.typeDescription)")
        }
        return s
    }

    private static func optionalBool(_ object: [JSONMember], _ key: String, in place: String) throws(ManifestError) -> Bool? {
        guard let value = object[key], value != .null else { return nil }
        guard case .bool(let b) = value else {
            throw ManifestError("\"\(key)\" in \(place) must be true or false, but it is \(value.described)")
        }
        return b
    }

    /// 1-based line and column of a byte offset.
    static func position(of offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for (i, b) in text.utf8.enumerated() {
            if i >= offset { break }
            if b == 0x0A { line += 1; column = 1 } else if b & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }
}
