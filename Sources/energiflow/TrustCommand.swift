import ArgumentParser
import Foundation
import Services

/// `energiflow trust [DIR]`: use a directory's ./plugins and ./queries.
struct TrustCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trust",
        abstract: "Use a directory's ./plugins and ./queries (remembered), or stop using them.",
        discussion: """
            Plugins in ./plugins are programs that run as you, and saved queries and rules in ./queries run when named, so energiflow uses them only in directories you trust: like direnv's allow or git's safe.directory. The config folder ($XDG_CONFIG_HOME/energiflow) and the shipped queries are always used.

            The decisions live in $XDG_CONFIG_HOME/energiflow/trusted-directories. For one run only: --trust. In the REPL: .trust.
            """
    )

    @Argument(help: ArgumentHelp("The directory (default: the current one).", valueName: "dir"))
    var directory: String?

    @Flag(help: "Stop trusting the directory (forget any decision about it).")
    var remove = false

    @Flag(help: "List the directories and what was decided for each.")
    var list = false

    func validate() throws {
        if list && (remove || directory != nil) { throw ValidationError("--list takes no directory and no --remove") }
    }

    func run() throws {
        let store = DirectoryTrust(paths: EnergiFlowPaths())
        if list {
            let decisions = store.decisions()
            if decisions.isEmpty { print("no directories are trusted (\(store.file.path))") }
            for (path, decision) in decisions { print("\(decision == .trusted ? "trusted " : "declined") \(path)") }
            return
        }
        let url = URL(fileURLWithPath: directory ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            Console.error("error: \(url.path) is not a directory")
            throw ExitCode(.usage)
        }
        try store.record(remove ? .undecided : .trusted, for: url)
        let path = DirectoryTrust.key(url)
        print(remove ? "\(path) is no longer trusted" : "trusted \(path): energiflow uses its ./plugins and ./queries")
    }
}
