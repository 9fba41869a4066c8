import Foundation
import Query

/// Finds saved queries (`NAME.efq`) in an ordered list of folders: by
/// default `./queries`, then `$XDG_CONFIG_HOME/energiflow/queries`, then the
/// queries shipped with EnergiFlow. The first folder with a name wins.
public struct SavedQueryLibrary: Sendable {
    public var directories: [URL]

    public init(directories: [URL]) {
        // The same folder reached twice (e.g. running inside the repository) is searched once.
        var seen = Set<String>()
        self.directories = directories.filter { seen.insert($0.standardizedFileURL.resolvingSymlinksInPath().path).inserted }
    }

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
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
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
            url = URL(fileURLWithPath: reference)
            name = url.deletingPathExtension().lastPathComponent
        } else if let entry = entry(named: reference) {
            url = entry.url
            name = entry.name
        } else {
            let names = self.names
            let suggestion = Suggestions.closest(to: reference, among: names)
            let searched = directories.map(\.path).joined(separator: ", ")
            throw QueryError(.unknownStage, "no saved query named '\(reference)'",
                             at: range ?? SourceRange(at: SourcePosition(offset: 0, line: 1, column: 1)), in: source,
                             label: suggestion.map { "did you mean '\($0)'?" },
                             note: "looked in \(searched)" + (names.isEmpty ? "" : "; '.queries' lists them"),
                             suggestion: suggestion)
        }
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw QueryError(.other, "cannot read \(url.path): \(error.localizedDescription)",
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
