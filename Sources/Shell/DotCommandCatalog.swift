/// The shell's dot commands: names, usage and one line of help, for `.help`,
/// completion and "did you mean".
public enum DotCommandCatalog {
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var usage: String
        public var summary: String
        /// Words completion offers for the first argument (fixed ones only).
        public var choices: [String]
    }

    public static let entries: [Entry] = [
        Entry(name: "help", usage: ".help [STAGE|QUERY|COMMAND]", summary: "list stages and commands, or show one stage's arguments and examples", choices: []),
        Entry(name: "mode", usage: ".mode [\(OutputMode.choices)]", summary: "how pipelines without a sink are shown (default: table)", choices: OutputMode.allCases.map(\.rawValue)),
        Entry(name: "width", usage: ".width [N|auto]", summary: "columns tables fit (auto: the terminal's)", choices: ["auto"]),
        Entry(name: "maxrows", usage: ".maxrows [N|all]", summary: "rows a table shows on a terminal: the first and last (REPL default 40; piped and scripts: all)", choices: ["all"]),
        Entry(name: "timing", usage: ".timing [on|off]", summary: "print rows and time after each pipeline", choices: ["on", "off"]),
        Entry(name: "history", usage: ".history", summary: "list the statements entered, oldest first", choices: []),
        Entry(name: "queries", usage: ".queries", summary: "list saved queries with their parameters and descriptions", choices: []),
        Entry(name: "show", usage: ".show QUERY", summary: "print a saved query's file", choices: []),
        Entry(name: "save", usage: ".save NAME [DESCRIPTION]", summary: "save the last pipeline as a query; the variables it uses become parameters", choices: []),
        Entry(name: "plugins", usage: ".plugins [reload]", summary: "list external plugins and where each was found (reload: look again)", choices: ["reload"]),
        Entry(name: "trust", usage: ".trust", summary: "use this directory's ./plugins and ./queries from now on (remembered, like `energiflow trust`)", choices: []),
        Entry(name: "print", usage: ".print TEXT", summary: "print a line of text (for scripts)", choices: []),
        Entry(name: "quit", usage: ".quit", summary: "leave (also .exit and Ctrl-D)", choices: []),
    ]

    /// Every name a dot command answers to, `exit` included.
    public static var names: [String] { entries.map(\.name) + ["exit"] }

    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == (name == "exit" ? "quit" : name) }
    }

    /// The commands as an aligned list for `.help`.
    public static func overview() -> String {
        let width = entries.map(\.usage.count).max() ?? 0
        return (["Shell commands:"] + entries.map { "  " + $0.usage + String(repeating: " ", count: width - $0.usage.count) + "  " + $0.summary })
            .joined(separator: "\n")
    }
}
