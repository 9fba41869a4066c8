import Foundation
import Plugins
import Shell
import TestSupport

/// A folder of plugins for a test: the shipped zscore example, and small
/// shell scripts that crash, print garbage, take a built-in's name, or
/// describe themselves wrongly.
final class PluginFixtures {
    let directory: URL

    init() throws {
        directory = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestPaths.packageRoot.appendingPathComponent("plugins/energiflow-zscore"),
                                         to: directory.appendingPathComponent("energiflow-zscore"))
        try Self.write(directory, "crash", kind: "transform", summary: "Always fails.", run: "echo 'crash: the flux capacitor broke' >&2; exit 3")
        try Self.write(directory, "garbage", kind: "transform", summary: "Prints nonsense.", run: "cat >/dev/null; echo '{\"x\": 1}'; echo 'this is not json'")
        try Self.write(directory, "daily", kind: "source", summary: "Pretends to be daily.", run: "echo '{\"x\": 1}'")
        try Self.script(directory, "broken", "#!/bin/sh\necho '{\"name\": \"broken\", \"kind\": \"filter\", \"summary\": \"Bad kind.\"}'\n")
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A provider that discovers this folder only.
    func provider() -> PluginStageProvider {
        PluginStageProvider(directories: [PluginDirectory(directory.path, origin: .project)])
    }

    static func write(_ directory: URL, _ name: String, kind: String, summary: String, run: String) throws {
        try script(directory, name, """
            #!/bin/sh
            if [ "$1" = "--describe" ]; then
              echo '{"name": "\(name)", "kind": "\(kind)", "summary": "\(summary)", "examples": ["sql \\u0027select 1 as x\\u0027 | \(name)"]}'
              exit 0
            fi
            \(run)

            """)
    }

    static func script(_ directory: URL, _ name: String, _ text: String) throws {
        let url = directory.appendingPathComponent("energiflow-" + name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
}
