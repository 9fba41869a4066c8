import Foundation
import Query

/// Finds `NAME.rules` in an ordered list of directories: by convention
/// `./queries/rules`, then `$XDG_CONFIG_HOME/energiflow/rules`, then the rules
/// shipped with EnergiFlow (see `standard(currentDirectory:environment:shipped:)`).
/// The first directory that has the file wins, so a user's copy overrides a
/// shipped one of the same name.
///
/// A name with a `/`, or ending in `.rules`, that names an existing file is
/// used as a path (relative to the current directory).
public struct RuleFileLocator: Sendable {
    public var directories: [URL]
    /// Where relative paths and the shown directory names start from.
    public var currentDirectory: URL

    public static let fileExtension = "rules"

    public init(directories: [URL], currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) {
        self.directories = directories
        self.currentDirectory = currentDirectory
    }

    /// `./queries/rules`, then `$XDG_CONFIG_HOME/energiflow/rules` (or
    /// `~/.config/energiflow/rules` when XDG_CONFIG_HOME is unset, empty or
    /// relative, as the XDG spec says), then `shipped` when given.
    public static func standard(currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                                environment: [String: String] = ProcessInfo.processInfo.environment,
                                shipped: URL?) -> RuleFileLocator {
        var directories = [currentDirectory.appendingPathComponent("queries/rules")]
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            directories.append(URL(fileURLWithPath: xdg).appendingPathComponent("energiflow/rules"))
        } else if let home = environment["HOME"], !home.isEmpty {
            directories.append(URL(fileURLWithPath: home).appendingPathComponent(".config/energiflow/rules"))
        }
        if let shipped { directories.append(shipped) }
        return RuleFileLocator(directories: directories, currentDirectory: currentDirectory)
    }

    /// The names (without `.rules`) of every rules file in the directories, sorted, without repeats.
    public func availableNames() -> [String] {
        var names = Set<String>()
        for directory in directories {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for entry in entries where entry.hasSuffix("." + Self.fileExtension) {
                let name = String(entry.dropLast(Self.fileExtension.count + 1))
                if !name.isEmpty { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// The file `name` means. `range` and `source` (e.g. the `rules=NAME`
    /// argument in a pipeline) are where an error points.
    public func locate(_ name: String, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> URL {
        let at = range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
        if name.contains("/") || name.hasSuffix("." + Self.fileExtension) {
            let url = name.hasPrefix("/") ? URL(fileURLWithPath: name) : currentDirectory.appendingPathComponent(name)
            if isFile(url) { return url }
            if name.contains("/") {
                throw QueryError(.other, "no rules file at '\(name)'", at: at, in: source,
                                 note: "give a rules name such as default, or the path of an existing .rules file")
            }
        }
        let base = name.hasSuffix("." + Self.fileExtension) ? String(name.dropLast(Self.fileExtension.count + 1)) : name
        if !base.isEmpty {
            for directory in directories {
                let url = directory.appendingPathComponent(base + "." + Self.fileExtension)
                if isFile(url) { return url }
            }
        }
        let available = availableNames()
        let suggestion = Suggestions.closest(to: base, among: available)
        let places = directories.map { shown($0) }.joined(separator: ", ")
        let choices = available.isEmpty ? "there are no rules files there" : "the rules files are " + available.joined(separator: ", ")
        throw QueryError(.other, "no rules file '\(name)'", at: at, in: source,
                         label: suggestion.map { "did you mean '\($0)'?" },
                         note: "looked for \(base).\(Self.fileExtension) in \(places); \(choices)",
                         suggestion: suggestion)
    }

    /// Finds, reads and parses `name`. Errors in the file point into it, named
    /// by its path (relative to the current directory when inside it).
    public func load(_ name: String, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> RuleSet {
        let url = try locate(name, at: range, in: source)
        return try Self.load(url, shownAs: shown(url), at: range, in: source)
    }

    /// Reads and parses the rules file at `url`.
    public static func load(_ url: URL, shownAs displayName: String? = nil, at range: SourceRange? = nil,
                            in source: SourceText? = nil) throws(QueryError) -> RuleSet {
        let shownName = displayName ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw QueryError(.other, "cannot read rules file '\(shownName)'",
                             at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source,
                             note: "check that it exists and is readable", cause: error)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw QueryError(.other, "rules file '\(shownName)' is not UTF-8 text",
                             at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source,
                             note: "save it as UTF-8")
        }
        // A byte order mark is not part of the first rule.
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        return try RuleSet.parse(body, name: shownName)
    }

    // MARK: Helpers

    private func isFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    /// `queries/rules/x.rules` for paths under the current directory, else the full path.
    func shown(_ url: URL) -> String {
        let base = currentDirectory.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }
}
