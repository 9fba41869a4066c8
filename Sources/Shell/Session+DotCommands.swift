import Files
import Foundation
import Query
import Services
import Stages

/// The dot commands (`DotCommandCatalog` lists them). Mistakes in their
/// arguments are query errors pointing at the argument, like any other.
extension Session {
    func dotCommand(_ command: DotCommand, in source: SourceText, registry: StageRegistry<any Stage>) throws -> SessionOutcome {
        let arguments = command.arguments
        func argument(_ i: Int) -> String? {
            guard i < arguments.count else { return nil }
            if case .string(let s) = arguments[i].kind { return s }
            return arguments[i].text
        }
        func atMost(_ count: Int) throws {
            guard arguments.count > count else { return }
            let usage = DotCommandCatalog.entry(named: command.name)?.usage ?? "." + command.name
            throw QueryError(.tooManyValues, "'.\(command.name)' takes \(count == 0 ? "no arguments" : "one argument")",
                             at: arguments[count].range, in: source, note: "usage: \(usage)")
        }

        switch command.name {
        case "help":
            try atMost(1)
            try show(try help(argument(0), at: arguments.first?.range, in: source, registry: registry))
        case "mode":
            try atMost(1)
            guard let word = argument(0) else {
                try show(settings.mode.rawValue)
                break
            }
            guard let mode = OutputMode(rawValue: word.lowercased()) else {
                throw choiceError(word, among: OutputMode.allCases.map(\.rawValue), at: arguments[0].range, in: source, command: "mode")
            }
            settings.mode = mode
        case "width":
            try atMost(1)
            guard let first = arguments.first else {
                try show(settings.width.map(String.init) ?? "auto (\(terminalFacts().width.map { "\($0) columns" } ?? "no limit"))")
                break
            }
            if case .integer(let n) = first.kind, n >= ShellSettings.minimumWidth, n <= 100_000 {
                settings.width = Int(n)
            } else if argument(0)?.lowercased() == "auto" {
                settings.width = nil
            } else {
                throw QueryError(.wrongType, "'.width' takes a number of columns (at least \(ShellSettings.minimumWidth)) or auto",
                                 at: first.range, in: source)
            }
        case "maxrows":
            try atMost(1)
            guard let first = arguments.first else {
                try show(settings.maxRows.map(String.init) ?? "all")
                break
            }
            if case .integer(let n) = first.kind, n >= 2, n <= 1_000_000 {
                settings.maxRows = Int(n)
            } else if argument(0)?.lowercased() == "all" {
                settings.maxRows = nil
            } else {
                throw QueryError(.wrongType, "'.maxrows' takes a number of rows from 2 to 1000000, or all",
                                 at: first.range, in: source)
            }
        case "timing":
            try atMost(1)
            guard let word = argument(0)?.lowercased() else {
                try show(settings.timing ? "on" : "off")
                break
            }
            switch word {
            case "on", "true", "yes": settings.timing = true
            case "off", "false", "no": settings.timing = false
            default: throw choiceError(word, among: ["on", "off"], at: arguments[0].range, in: source, command: "timing")
            }
        case "history":
            try atMost(0)
            try show(historyText())
        case "queries":
            try atMost(0)
            try show(QueryListing(library: library, stageNames: Set(registry.names)).text())
        case "show":
            try atMost(1)
            guard let name = argument(0) else {
                throw QueryError(.missingArgument, "'.show' needs the name of a saved query", at: command.nameRange, in: source,
                                 note: "'.queries' lists them")
            }
            try show(try library.load(name, at: arguments[0].range, in: source).source.text)
        case "save":
            try save(command, in: source, registry: registry)
        case "plugins":
            try atMost(1)
            if let word = argument(0) {
                guard word == "reload" else {
                    throw choiceError(word, among: ["reload"], at: arguments[0].range, in: source, command: "plugins")
                }
                stages.reload()
            }
            try show(stages.pluginReport())
            for warning in stages.takeWarnings() { tell(warning) }
        case "trust":
            try atMost(0)
            try trustCurrentDirectory(at: command.nameRange, in: source)
        case "print":
            // Words as written; quoted text without its quotes; $variables replaced by their values.
            var words: [String] = []
            for value in arguments {
                let resolved = try environment.resolve(value, in: source)
                if case .string(let s) = resolved.kind { words.append(s) } else { words.append(resolved.text) }
            }
            try show(words.joined(separator: " ") + "\n")
        case "quit", "exit":
            try atMost(0)
            return .quit
        default:
            let suggestion = Suggestions.closest(to: command.name, among: DotCommandCatalog.names)
            throw QueryError(.unknownStage, "unknown command '.\(command.name)'", at: command.nameRange, in: source,
                             label: suggestion.map { "did you mean '.\($0)'?" },
                             note: suggestion == nil ? "'.help' lists the commands" : nil, suggestion: suggestion.map { "." + $0 })
        }
        return .success
    }

    func choiceError(_ word: String, among choices: [String], at range: SourceRange, in source: SourceText,
                     command: String) -> QueryError {
        let suggestion = Suggestions.closest(to: word, among: choices)
        return QueryError(.wrongType, "'.\(command)' takes \(choices.joined(separator: ", ")), not '\(word)'",
                          at: range, in: source, label: suggestion.map { "did you mean '\($0)'?" }, suggestion: suggestion)
    }

    // MARK: .help

    /// `.help`: stages, commands and saved queries; `.help NAME`: one stage,
    /// command or saved query.
    func help(_ name: String?, at range: SourceRange?, in source: SourceText,
              registry: StageRegistry<any Stage>) throws -> String {
        guard let name else {
            let registry = stages.fullRegistry()
            return [
                registry.overview(),
                DotCommandCatalog.overview(),
                "Saved queries run by name (e.g. NAME area=DK2); '.queries' lists them.\n"
                    + "Expressions (where, extend, select, summarize, top, rules) use functions; '.help functions' lists them.\n"
                    + "Statements: a pipeline (stage | stage ...), 'let NAME = VALUE', 'explain PIPELINE'. Ctrl-C cancels a running query.",
            ].joined(separator: "\n\n")
        }
        if let spec = registry.spec(named: name) {
            let note = stages.parsing.entry(named: name) == nil ? stages.pluginNote(for: name) : nil
            return StageHelp.help(for: spec) + (note.map { "\n\n" + $0 } ?? "")
        }
        if let note = stages.pluginNote(for: name) { return "\(name) (plugin)\n" + note }
        if name == "functions" { return FunctionTable.overview() }
        if let function = FunctionTable.definition(named: name), !function.isHidden, library.entry(named: name) == nil {
            return function.help
        }
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let entry = DotCommandCatalog.entry(named: bare), name.hasPrefix(".") || library.entry(named: name) == nil {
            return "usage: \(entry.usage)\n  \(entry.summary)"
        }
        if library.entry(named: name) != nil {
            return QueryListing.help(for: try library.load(name, at: range, in: source))
        }
        let candidates = registry.names + library.names + DotCommandCatalog.names + FunctionTable.names + ["functions"]
        let suggestion = Suggestions.closest(to: name, among: candidates)
        throw QueryError(.unknownStage, "no stage, function, saved query or command named '\(name)'",
                         at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source,
                         label: suggestion.map { "did you mean '\($0)'?" },
                         note: suggestion == nil ? "'.help' lists the stages and commands" : nil, suggestion: suggestion)
    }

    // MARK: .trust

    /// `.trust`: the current directory's ./plugins and ./queries are used
    /// from now on, in this session and the next ones.
    func trustCurrentDirectory(at range: SourceRange, in source: SourceText) throws {
        guard let trust else {
            throw QueryError(.other, "'.trust' is not available here", at: range, in: source,
                             note: "it trusts the current directory of an energiflow session")
        }
        guard !trust.isTrusted || trust.recordedDecision != .trusted else {
            tell("\(trust.directory.path) is already trusted")
            return
        }
        do {
            try trust.trust(remember: true)
        } catch let error as ServiceError {
            throw ShellError(.file, error.message)
        }
        context.rulesDirectories = [trust.rulesDirectory] + context.rulesDirectories.filter { $0 != trust.rulesDirectory }
        stages.reload()
        tell("trusted \(trust.directory.path): its ./plugins and ./queries are used from now on ('energiflow trust --remove' undoes it)")
    }

    // MARK: .history

    func historyText() -> String {
        let entries = history?() ?? []
        guard !entries.isEmpty else { return "(no history)" }
        let width = String(entries.count).count
        return entries.enumerated().map { i, entry in
            let number = String(i + 1)
            let pad = String(repeating: " ", count: width - number.count)
            let lines = entry.split(separator: "\n", omittingEmptySubsequences: false)
            let rest = lines.dropFirst().map { String(repeating: " ", count: width + 2) + $0 }
            return ([pad + number + "  " + lines[0]] + rest).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    // MARK: .save

    /// `.save NAME [DESCRIPTION]`: the last pipeline to `saveDirectory/NAME.efq`;
    /// each `$variable` it uses becomes a parameter whose default is its value now.
    func save(_ command: DotCommand, in source: SourceText, registry: StageRegistry<any Stage>) throws {
        guard let first = command.arguments.first else {
            throw QueryError(.missingArgument, "'.save' needs a name for the query", at: command.nameRange, in: source,
                             note: "usage: .save NAME [DESCRIPTION]")
        }
        let name = first.text
        guard Self.isQueryName(name) else {
            throw QueryError(.invalidName, "'\(name)' cannot name a query", at: first.range, in: source,
                             note: "use letters, digits, '-' and '_', starting with a letter, like dk2-week")
        }
        if registry.spec(named: name) != nil {
            throw QueryError(.invalidName, "'\(name)' is a stage; a query of that name could not be run", at: first.range,
                             in: source, note: "choose another name")
        }
        guard let pipeline = lastPipeline else {
            throw QueryError(.other, "there is no pipeline to save yet", at: command.nameRange, in: source,
                             note: "run a pipeline first; '.save NAME' saves the last one that ran")
        }
        guard let directory = saveDirectory else {
            throw ShellError(.file, "saving queries needs a configuration directory (set HOME or XDG_CONFIG_HOME)")
        }
        let description = command.argumentText.dropFirst(first.text.count).trimmingCharacters(in: .whitespaces)
        var parameters: [(name: String, defaultText: String)] = []
        for variable in Self.variables(in: pipeline) where !parameters.contains(where: { $0.name == variable }) {
            if let value = environment[variable] { parameters.append((variable, value.text)) }
        }
        let text = SavedQuery.fileText(for: pipeline, description: description.isEmpty ? nil : description, parameters: parameters)
        let url = directory.appendingPathComponent(name + ".efq")
        let existed = FileManager.default.fileExists(atPath: url.path)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw ShellError(.file, "cannot save the query to \(url.path): \(FileError.describe(error))", cause: error as NSError)
        }
        let verb = existed ? "replaced" : "saved"
        let params = parameters.isEmpty ? "" : " (parameters: \(parameters.map(\.name).joined(separator: ", ")))"
        tell("\(verb) \(url.path)\(params); run it with '\(name)'")
        if let winner = library.entry(named: name), winner.url.standardizedFileURL != url.standardizedFileURL {
            tell("note: \(SavedQueryLibrary.displayPath(winner.url)) comes first, so '\(name)' runs that one")
        }
    }

    /// Letters, digits, `-` and `_`, starting with a letter, read as one word.
    static func isQueryName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
        else { return false }
        let (tokens, error) = Lexer.tokenizePrefix(SourceText(name))
        return error == nil && tokens.count == 2 && tokens[0].kind == .word(name)
    }

    /// The `$variables` a pipeline's text uses, in order.
    static func variables(in text: String) -> [String] {
        Lexer.tokenizePrefix(SourceText(text)).tokens.compactMap { token in
            if case .variable(let name) = token.kind { return name }
            return nil
        }
    }
}
