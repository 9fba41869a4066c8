import Query

/// A saved query file (`NAME.efq`): a header of `#` comments — a description
/// and `# param NAME = DEFAULT` lines — then statements in the query language.
///
///     # Daily figures per area for the last month.
///     # Shows the daily rollup as a table.
///     # param area = DK1,DK2
///     # param last = 30d
///     # param since              (no default: must be given)
///     daily area=$area last=$last
///
/// Parameters become `$variables` for the statements. The description is the
/// header's other comment lines; its first line is the summary `.queries` shows.
public struct SavedQuery: Sendable, Hashable {
    public struct Parameter: Sendable, Hashable {
        public var name: String
        /// The default as written (read like a command-line value); nil when required.
        public var defaultText: String?
        /// Where it is declared, for errors.
        public var range: SourceRange
    }

    public var name: String
    /// The file it came from, as shown in errors (`queries/daily.efq`).
    public var path: String
    public var descriptionLines: [String]
    public var parameters: [Parameter]
    /// The whole file, parsed and run as a script (header comments included).
    public var source: SourceText

    public var summary: String { descriptionLines.first ?? "" }

    /// Reads the header. Malformed `# param` lines are errors at file:line:col.
    public static func parse(_ text: String, name: String, path: String) throws(QueryError) -> SavedQuery {
        let source = SourceText(text, name: path)
        var description: [String] = []
        var parameters: [Parameter] = []
        for number in 1...max(1, source.lineCount) {
            let line = source.line(number)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("#") else { break }  // the header ends at the first statement
            let comment = trimmed.dropFirst().drop { $0 == " " || $0 == "\t" }
            if comment.hasPrefix("param ") || comment == "param" {
                let column = line.count - comment.count + 1
                parameters.append(try parameter(String(comment), line: number, column: column, in: source))
            } else if !comment.isEmpty || !description.isEmpty {
                description.append(String(comment))
            }
        }
        while description.last?.isEmpty == true { description.removeLast() }
        if let duplicate = Dictionary(grouping: parameters, by: \.name).values.first(where: { $0.count > 1 })?.last {
            throw QueryError(.duplicateArgument, "parameter '\(duplicate.name)' is declared twice", at: duplicate.range, in: source)
        }
        return SavedQuery(name: name, path: path, descriptionLines: description, parameters: parameters, source: source)
    }

    /// `param NAME [= DEFAULT]`, where `comment` starts at `column` of `line`.
    private static func parameter(_ comment: String, line: Int, column: Int, in source: SourceText) throws(QueryError) -> Parameter {
        let offset = source.lineStarts[line - 1] + column - 1
        let body = comment.dropFirst("param".count)
        let nameStart = body.prefix { $0 == " " || $0 == "\t" }.count
        let name = String(body.dropFirst(nameStart).prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        let nameOffset = offset + 5 + nameStart
        guard !name.isEmpty, Parser.isIdentifier(name) else {
            throw QueryError(.expectedName, "expected a parameter name after 'param'",
                             at: source.range(nameOffset, nameOffset + 1), in: source,
                             note: "write '# param NAME' or '# param NAME = DEFAULT'")
        }
        let range = source.range(nameOffset, nameOffset + name.count)
        var rest = body.dropFirst(nameStart + name.count).drop { $0 == " " || $0 == "\t" }
        if rest.isEmpty || rest.hasPrefix("(") {
            return Parameter(name: name, defaultText: nil, range: range)
        }
        guard rest.hasPrefix("=") else {
            let at = nameOffset + name.count + (body.count - nameStart - name.count - rest.count)
            throw QueryError(.unexpectedToken, "expected '=' and a default value after parameter '\(name)'",
                             at: source.range(at, at + 1), in: source)
        }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
        let value = String(rest).trimmingTrailingSpace
        guard !value.isEmpty else {
            throw QueryError(.expectedValue, "expected a default value after '=' for parameter '\(name)'",
                             at: range, in: source, note: "leave out '=' to make the parameter required")
        }
        // The default must read as a value now, not fail when the query runs.
        do {
            _ = try Environment.parseAssignment("\(name)=\(value)")
        } catch {
            throw QueryError(.expectedValue, "the default of parameter '\(name)' is not a value: \(error.message)", at: range, in: source)
        }
        return Parameter(name: name, defaultText: value, range: range)
    }

    /// A parameter given by name: `area=DK2` on the command line or after the
    /// query's name at the prompt. `value` is already free of `$variables`.
    public struct Assignment: Sendable, Hashable {
        public var name: String
        public var value: ValueSyntax
        /// Where the name was written, for "no parameter" errors.
        public var nameRange: SourceRange
        public var source: SourceText

        public init(name: String, value: ValueSyntax, nameRange: SourceRange, source: SourceText) {
            self.name = name
            self.value = value
            self.nameRange = nameRange
            self.source = source
        }

        /// Reads `name=value` as given on the command line (see `Environment.parseAssignment`).
        public static func commandLine(_ text: String) throws(QueryError) -> Assignment {
            let (name, value, source) = try Environment.parseAssignment(text)
            return Assignment(name: name, value: value, nameRange: source.range(0, name.count), source: source)
        }
    }

    /// The variables to run with: defaults overridden by `given` (`name=value`
    /// texts from the command line). A required parameter that is missing,
    /// or a given name that is not a parameter, is an error.
    public func environment(given assignments: [String], base: Environment = Environment()) throws(QueryError) -> Environment {
        var parsed: [Assignment] = []
        for text in assignments { parsed.append(try Assignment.commandLine(text)) }
        return try environment(assigning: parsed, base: base)
    }

    /// The variables to run with: defaults overridden by `assignments`.
    public func environment(assigning assignments: [Assignment], base: Environment = Environment()) throws(QueryError) -> Environment {
        var environment = base
        var given: [String: Assignment] = [:]
        for assignment in assignments {
            let name = assignment.name
            guard parameters.contains(where: { $0.name == name }) else {
                let names = parameters.map(\.name)
                throw QueryError(.unknownArgument, "query '\(self.name)' has no parameter '\(name)'",
                                 at: assignment.nameRange, in: assignment.source,
                                 label: Suggestions.closest(to: name, among: names).map { "did you mean '\($0)'?" },
                                 note: names.isEmpty ? "it takes no parameters" : "its parameters: \(names.joined(separator: ", "))",
                                 suggestion: Suggestions.closest(to: name, among: names))
            }
            if given[name] != nil {
                throw QueryError(.duplicateArgument, "parameter '\(name)' is given twice",
                                 at: assignment.nameRange, in: assignment.source)
            }
            given[name] = assignment
        }
        for parameter in parameters {
            if let assignment = given[parameter.name] {
                environment.define(parameter.name, assignment.value, origin: assignment.source)
            } else if let text = parameter.defaultText {
                let (_, value, source) = try Environment.parseAssignment("\(parameter.name)=\(text)")
                environment.define(parameter.name, value, origin: source)
            } else {
                throw QueryError(.missingArgument, "query '\(name)' needs parameter '\(parameter.name)'", at: parameter.range, in: self.source,
                                 note: "give it as \(parameter.name)=VALUE")
            }
        }
        return environment
    }

    /// The file text for a pipeline saved with `.save NAME`: the description,
    /// then a `# param` line for each variable it uses (with the value it has
    /// now as the default), then the statement.
    public static func fileText(for statement: String, description: String?,
                                parameters: [(name: String, defaultText: String)] = []) -> String {
        var text = ""
        if let description, !description.isEmpty { text += "# \(description)\n" }
        for parameter in parameters { text += "# param \(parameter.name) = \(parameter.defaultText)\n" }
        text += statement.hasSuffix("\n") ? statement : statement + "\n"
        return text
    }
}

extension String {
    var trimmingTrailingSpace: String {
        var copy = self
        while let last = copy.last, last == " " || last == "\t" { copy.removeLast() }
        return copy
    }
}
