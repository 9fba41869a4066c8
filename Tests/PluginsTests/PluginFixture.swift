import Foundation
@testable import Plugins
import Query
import Tabular
import Testing

/// A temporary directory of generated test plugins (shell or python scripts),
/// removed when the fixture goes away.
final class PluginFixture {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("energiflow-plugins-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    /// A subdirectory (created).
    func directory(_ name: String) throws -> String {
        let url = root.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// Writes `text` to `dir/file` with the given mode; returns the path.
    @discardableResult
    func write(_ text: String, to file: String, in dir: String, mode: Int = 0o755) throws -> String {
        let path = dir + "/" + file
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }

    /// A /bin/sh plugin: `--describe` prints `describe` (verbatim), anything else runs `body`.
    @discardableResult
    func shellPlugin(_ name: String, in dir: String, describe: String, body: String, mode: Int = 0o755) throws -> String {
        let script = """
        #!/bin/sh
        if [ "$1" = "--describe" ]; then
        cat <<'MANIFEST'
        \(describe)
        MANIFEST
        exit 0
        fi
        \(body)

        """
        return try write(script, to: "energiflow-\(name)", in: dir, mode: mode)
    }

    /// A shell plugin with a valid manifest, discovered and ready to run.
    func plugin(_ name: String, kind: String = "transform", extra: String = "", body: String) throws -> Plugin {
        let dir = try directory("p-\(name)-\(UUID().uuidString.prefix(8))")
        try shellPlugin(name, in: dir, describe: PluginFixture.manifest(name, kind: kind, extra: extra), body: body)
        let catalog = PluginDiscovery(directories: [PluginDirectory(dir, origin: .project)]).discover()
        let entry = try #require(catalog.entry(named: name))
        if let error = entry.error { Issue.record("plugin \(name) is broken: \(error.rendered())") }
        return try #require(entry.plugin)
    }

    /// A small valid manifest; `extra` is more JSON members (`"columns": [...]`).
    static func manifest(_ name: String, kind: String = "transform", summary: String = "A test plugin.", extra: String = "") -> String {
        var members = ["\"name\": \"\(name)\"", "\"kind\": \"\(kind)\"", "\"summary\": \"\(summary)\""]
        if !extra.isEmpty { members.append(extra) }
        return "{" + members.joined(separator: ", ") + "}"
    }
}

/// Whether a process with this id still exists (and is not a zombie we own).
func processExists(_ pid: Int32) -> Bool {
    guard kill(pid, 0) == 0 else { return false }
    // A zombie still answers kill(0); /proc tells it apart.
    if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
       status.contains("State:\tZ") { return false }
    return true
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

/// Binds `text` (one stage) against `spec`.
func bind(_ text: String, _ spec: StageSpec) throws -> BoundStage {
    var registry = StageRegistry<Void>()
    try registry.register(spec, ())
    let source = SourceText(text)
    let script = try Parser.parse(source, stages: registry)
    guard case .pipeline(let pipeline)? = script.statements.first else {
        throw PluginError(.invalidManifest, plugin: spec.name, path: "-", "not a pipeline: \(text)")
    }
    return try Binder(stages: registry, source: source).bind(pipeline.stages[0])
}
