import Files
import Foundation
import Query

/// Finds `NAME.rules` in an ordered list of directories: by convention
/// `./queries/rules` (when the user trusts the current directory), then
/// `$XDG_CONFIG_HOME/energiflow/rules`, then the rules shipped with
/// EnergiFlow (see `standard(currentDirectory:environment:shipped:)`). The
/// first directory that has the file wins, so a user's copy overrides a
/// shipped one of the same name.
///
/// A name is only a name (`absolute`, or `absolute.rules`): no `/`, no `..`.
/// A file elsewhere is a `RuleReference.path`, which the language takes only
/// from a quoted value (`decide rules='./mine.rules'`). Either way only a
/// regular file whose name (symbolic links followed) ends in `.rules` and
/// that is UTF-8 text is read, so an error that quotes a line quotes a line
/// of a rules file, never of /etc/shadow.
public struct RuleFileLocator: Sendable {
    public var directories: [URL]
    /// Where relative paths and the shown directory names start from.
    public var currentDirectory: URL

    public static let fileExtension = "rules"
    /// The largest rules file read.
    public static let maximumBytes = 1 << 20

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
            let entries = (try? DirectoryListing.names(directory.path)) ?? []
            for entry in entries where entry.hasSuffix("." + Self.fileExtension) {
                let name = String(entry.dropLast(Self.fileExtension.count + 1))
                if Self.isName(name) { names.insert(name) }
            }
        }
        return names.sorted()
    }

    /// Whether `text` is a rules name: letters, digits, `-`, `_` and inner
    /// dots, optionally ending in `.rules`; never a path (`/`, `..`, a leading dot).
    public static func isName(_ text: String) -> Bool {
        let base = text.hasSuffix("." + fileExtension) ? String(text.dropLast(fileExtension.count + 1)) : text
        guard let first = base.unicodeScalars.first, first != ".", !base.contains("..") else { return false }
        return base.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "."
        }
    }

    /// The file `reference` means. `range` and `source` (e.g. the `rules=NAME`
    /// argument in a pipeline) are where an error points.
    public func locate(_ reference: RuleReference, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> URL {
        let at = range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
        switch reference {
        case .path(let path):
            guard path.hasSuffix("." + Self.fileExtension) else {
                throw QueryError(.other, "'\(path)' is not a rules file: a rules file's name ends in .\(Self.fileExtension)", at: at, in: source,
                                 note: "give a rules name such as default, or the path of a .rules file in quotes")
            }
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentDirectory.appendingPathComponent(path)
            return url
        case .name(let name):
            guard Self.isName(name) else {
                throw QueryError(.other, "'\(name)' is not a rules name", at: at, in: source,
                                 note: "rules=NAME takes the name of a rules file, such as default or absolute; "
                                     + "a file elsewhere is given as a path in quotes: rules='./mine.rules'")
            }
            let base = name.hasSuffix("." + Self.fileExtension) ? String(name.dropLast(Self.fileExtension.count + 1)) : name
            for directory in directories {
                let url = directory.appendingPathComponent(base + "." + Self.fileExtension)
                if exists(url) { return url }
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
    }

    /// Finds, reads and parses the rules `reference` means. Errors in the
    /// file point into it, named by its path (relative to the current directory when inside it).
    public func load(_ reference: RuleReference, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> RuleSet {
        let url = try locate(reference, at: range, in: source)
        return try Self.load(url, shownAs: shown(url), at: range, in: source)
    }

    /// The rules called `name` (see `isName`).
    public func load(_ name: String, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> RuleSet {
        try load(.name(name), at: range, in: source)
    }

    /// Reads and parses the rules file at `url`: a regular file, named
    /// `*.rules` also where its symbolic links lead, of UTF-8 text.
    public static func load(_ url: URL, shownAs displayName: String? = nil, at range: SourceRange? = nil,
                            in source: SourceText? = nil) throws(QueryError) -> RuleSet {
        let shownName = displayName ?? url.path
        let at = range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1))
        let target = url.resolvingSymlinksInPath()
        guard target.pathExtension == fileExtension || !FileManager.default.fileExists(atPath: target.path) else {
            throw QueryError(.other, "\(shownName) leads to \(target.path), which is not a rules file", at: at, in: source,
                             note: "a rules file's name ends in .\(fileExtension), also where a symbolic link points")
        }
        let text: String
        do {
            text = try TextFile.read(url.path, shownAs: shownName, limit: maximumBytes)
        } catch {
            throw QueryError(.other, "cannot read the rules file: \(error.message)", at: at, in: source)
        }
        return try RuleSet.parse(text, name: shownName)
    }

    // MARK: Helpers

    /// Whether something is there (a broken file there is reported when it is read, not skipped).
    private func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// `queries/rules/x.rules` for paths under the current directory, else the full path.
    func shown(_ url: URL) -> String {
        let base = currentDirectory.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }
}

/// Which rules file `decide` uses: one found by name in the rules
/// directories, or a file given by its path.
public enum RuleReference: Sendable, Hashable {
    case name(String)
    case path(String)
}
