import Tabular

/// Another file with the same stage name found later in the search order;
/// never run.
public struct PluginLocation: Sendable, Hashable {
    public var path: String
    public var origin: PluginOrigin

    public init(path: String, origin: PluginOrigin) {
        self.path = path
        self.origin = origin
    }
}

/// One stage name found by discovery: the file that wins, whether it works,
/// and the files it shadows.
public struct PluginEntry: Sendable {
    public enum Status: Sendable {
        case ok(Plugin)
        case broken(PluginError)
    }

    public var name: String
    public var path: String
    public var origin: PluginOrigin
    public var status: Status
    /// Later files with the same name, in search order.
    public var shadowed: [PluginLocation]

    public init(name: String, path: String, origin: PluginOrigin, status: Status, shadowed: [PluginLocation] = []) {
        self.name = name
        self.path = path
        self.origin = origin
        self.status = status
        self.shadowed = shadowed
    }

    public var plugin: Plugin? { if case .ok(let p) = status { return p }; return nil }
    public var error: PluginError? { if case .broken(let e) = status { return e }; return nil }
    public var isBroken: Bool { error != nil }
}

/// What discovery found: one entry per stage name, sorted by name.
public struct PluginCatalog: Sendable {
    public var entries: [PluginEntry]
    /// The directories searched, in order.
    public var directories: [PluginDirectory]
    /// Plugin files in directories the user has not trusted (./plugins): listed, never run.
    public var untrusted: [PluginLocation]
    /// Directories that exist but could not be searched, as sentences naming them.
    public var problems: [String] = []

    public init(entries: [PluginEntry], directories: [PluginDirectory], untrusted: [PluginLocation] = []) {
        self.entries = entries.sorted { $0.name < $1.name }
        self.directories = directories
        self.untrusted = untrusted
    }

    /// The note on a plugin file that was not run because its directory is not trusted.
    public static let untrustedNote = "not run: this directory is not trusted (`.trust`, `energiflow trust` or `--trust` to use its plugins)"

    /// The working plugins, by name.
    public var plugins: [Plugin] { entries.compactMap(\.plugin) }
    /// The entries whose plugin cannot be used, with their errors.
    public var broken: [PluginEntry] { entries.filter(\.isBroken) }

    public func entry(named name: String) -> PluginEntry? { entries.first { $0.name == name } }
    public func plugin(named name: String) -> Plugin? { entry(named: name)?.plugin }

    /// `.plugins` as rows, for the table renderer: one row per file found,
    /// shadowed ones after the one that wins. Columns: name, kind, status
    /// (ok, broken, shadowed, or "built-in wins" when a built-in stage of the
    /// same name takes precedence — pass the built-in names as `builtins`),
    /// found_in (./plugins, config, PATH), path, note (the error's first line,
    /// or which file shadows it).
    public func listing(builtins: Set<String> = []) -> RowSet {
        let columns = [Column("name", .text), Column("kind", .text), Column("status", .text),
                       Column("found_in", .text), Column("path", .text), Column("note", .text)]
        var rows: [[Value]] = []
        for e in entries {
            let kind: Value = e.plugin.map { .text($0.kind.rawValue) } ?? .null
            let status: String
            var note: Value = .null
            switch e.status {
            case .ok(let plugin):
                if builtins.contains(e.name) {
                    status = "built-in wins"
                    note = .text("a built-in stage is called '\(e.name)'; rename the plugin to use it")
                } else {
                    status = "ok"
                    if !plugin.withheldSecrets.isEmpty {
                        note = .text("asks for \(plugin.withheldSecrets.joined(separator: ", ")), not passed: allow it in "
                                     + "$XDG_CONFIG_HOME/energiflow/\(PluginAllowances.fileName)")
                    }
                }
            case .broken(let error):
                status = "broken"
                note = .text(error.message)
            }
            rows.append([.text(e.name), kind, .text(status), .text(e.origin.label), .text(e.path), note])
            for s in e.shadowed {
                rows.append([.text(e.name), .null, .text("shadowed"), .text(s.origin.label), .text(s.path),
                             .text("not used: \(e.path) comes first")])
            }
        }
        for location in untrusted {
            let name = PluginDiscovery.fileName(location.path).dropFirst(Plugin.filePrefix.count)
            rows.append([.text(String(name)), .null, .text("not trusted"), .text(location.origin.label), .text(location.path),
                         .text(Self.untrustedNote)])
        }
        return RowSet(columns: columns, rows: rows)
    }

    /// `.plugins` as plain text: a line per file, then each broken plugin's full error.
    ///
    ///     zscore  transform  ok      ./plugins  /home/me/proj/plugins/energiflow-zscore
    ///     co2     -          broken  config     /home/me/.config/energiflow/plugins/energiflow-co2
    public func report(builtins: Set<String> = []) -> String {
        let problemLines = problems.map { "warning: " + $0 }
        guard !entries.isEmpty || !untrusted.isEmpty else {
            return (["no plugins found; searched:"] + directories.map { "  \($0.path) (\($0.origin.label))" } + problemLines)
                .joined(separator: "\n")
        }
        let table = listing(builtins: builtins)
        let cells: [[String]] = table.rows.map { row in
            row.prefix(5).map { $0.isNull ? "-" : $0.description }
        }
        let widths = (0..<5).map { i in cells.map { $0[i].count }.max() ?? 0 }
        var lines = cells.map { row in
            row.enumerated().map { i, cell in i == 4 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count) }
                .joined(separator: "  ")
        }
        for e in broken {
            if let error = e.error { lines += ["", error.rendered()] }
        }
        for e in entries {
            if let plugin = e.plugin, !plugin.withheldSecrets.isEmpty, !builtins.contains(e.name) {
                lines += ["", "note: plugin '\(e.name)' asks for \(plugin.withheldSecrets.joined(separator: ", ")), which it does not get; "
                          + "to allow it, add a line '\(e.name) \(plugin.withheldSecrets.joined(separator: " "))' to "
                          + "$XDG_CONFIG_HOME/energiflow/\(PluginAllowances.fileName)"]
            }
        }
        if !problemLines.isEmpty { lines += [""] + problemLines }
        if !untrusted.isEmpty {
            lines += ["", "note: ./plugins here is not trusted, so its plugins were not run; `.trust` (or `energiflow trust`) trusts this directory"]
        }
        return lines.joined(separator: "\n")
    }
}
