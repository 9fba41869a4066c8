import Files
import Foundation
import Query

/// Finds saved queries (`NAME.efq`) in an ordered list of folders: by
/// default `./queries` (only when the user trusts the current directory,
/// see `ProjectTrust`), then `$XDG_CONFIG_HOME/energiflow/queries`, then the
/// queries shipped with EnergiFlow. The first folder with a name wins.
/// Files are read with `TextFile`: a FIFO, a device or a symbolic link loop
/// is an error naming it, never a hang.
public struct SavedQueryLibrary: Sendable {
    /// The folders searched whatever the trust (config, shipped).
    public var fixedDirectories: [URL]
    /// The current directory's ./queries, searched first while trusted.
    public var project: ProjectTrust?

    public init(directories: [URL], project: ProjectTrust? = nil) {
        // The same folder reached twice (e.g. running inside the repository) is searched once.
        var seen = Set<String>()
        self.fixedDirectories = directories.filter { seen.insert($0.standardizedFileURL.resolvingSymlinksInPath().path).inserted }
        self.project = project
    }

    /// The folders searched now, in order.
    public var directories: [URL] {
        guard let project, project.isTrusted else { return fixedDirectories }
        let key = project.queriesDirectory.standardizedFileURL.resolvingSymlinksInPath().path
        let rest = fixedDirectories.filter { $0.standardizedFileURL.resolvingSymlinksInPath().path != key }
        return [project.queriesDirectory] + rest
    }

    /// The largest saved query read.
    public static let maximumBytes = 64 << 20

    public struct Entry: Sendable, Hashable {
        public var name: String
        public var url: URL
        /// The folder it was found in (one of `directories`).
        public var directory: URL
    }

    /// Every query by name, first folder winning.
    public func entries() -> [Entry] {
        var byName: [String: Entry] = [:]
        for directory in directories {
            let files = (try? DirectoryListing.names(directory.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".efq") {
                let name = String(file.dropLast(4))
                if byName[name] == nil {
                    byName[name] = Entry(name: name, url: directory.appendingPathComponent(file), directory: directory)
                }
            }
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    public var names: [String] { entries().map(\.name) }

    /// The entry for `name`, or nil.
    public func entry(named name: String) -> Entry? {
        entries().first { $0.name == name }
    }

    /// Loads a query by name, or by path when `reference` contains `/` or ends in `.efq`.
    public func load(_ reference: String, at range: SourceRange? = nil, in source: SourceText? = nil) throws(QueryError) -> SavedQuery {
        let url: URL
        let name: String
        if reference.contains("/") || reference.hasSuffix(".efq") {
            guard reference.hasSuffix(".efq") else {
                throw QueryError(.other, "'\(reference)' is not a saved query: a saved query's file name ends in .efq",
                                 at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source)
            }
            url = URL(fileURLWithPath: reference)
            name = url.deletingPathExtension().lastPathComponent
        } else if let entry = entry(named: reference) {
            url = entry.url
            name = entry.name
        } else {
            let names = self.names
            let suggestion = Suggestions.closest(to: reference, among: names)
            let searched = directories.map(\.path).joined(separator: ", ")
            var note = "looked in \(searched)" + (names.isEmpty ? "" : "; '.queries' lists them")
            if let project, !project.isTrusted,
               FileManager.default.fileExists(atPath: project.queriesDirectory.appendingPathComponent(reference + ".efq").path) {
                note = "./queries/\(reference).efq is not used: this directory is not trusted ('.trust', or run with --trust)"
            }
            throw QueryError(.unknownStage, "no saved query named '\(reference)'",
                             at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source,
                             label: suggestion.map { "did you mean '\($0)'?" }, note: note, suggestion: suggestion)
        }
        let text: String
        do {
            text = try TextFile.read(url.path, shownAs: Self.displayPath(url), limit: Self.maximumBytes)
        } catch {
            throw QueryError(.other, "cannot read the saved query: \(error.message)",
                             at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source)
        }
        return try SavedQuery.parse(text, name: name, path: Self.displayPath(url))
    }

    /// A path relative to the current directory when it is inside it.
    public static func displayPath(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = url.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
