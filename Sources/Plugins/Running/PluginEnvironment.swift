import Foundation

/// What a plugin process finds in its environment. A plugin gets the rows
/// on stdin and needs none of EnergiFlow's connections, so it starts from a
/// clean environment:
///
/// - always, when set: what programs need to run — `PATH`, `HOME`, `USER`,
///   `LOGNAME`, `SHELL`, `LANG`, `LANGUAGE`, `LC_*`, `TZ`, `TERM`, `COLUMNS`,
///   `LINES`, `NO_COLOR`, `TMPDIR` and the `XDG_*` folders;
/// - what its manifest asks for in `"environment"`: an ordinary variable as
///   it is; a secret — `DATABASE_URL`, `ENERGIFLOW_QUERY_URL`, any `PG*` or
///   `KAFKA_*` variable, or a name with PASSWORD, SECRET, TOKEN, KEY,
///   CREDENTIAL, AUTH, COOKIE or SESSION in it — only when the user allowed
///   it for that plugin (`PluginAllowances`);
/// - from EnergiFlow: `ENERGIFLOW_TIMEZONE`, `ENERGIFLOW_SCHEMA` and the run
///   marker `ENERGIFLOW_PLUGIN_RUN`.
public enum PluginEnvironment {
    public static let alwaysPassed: Set<String> = [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "COLUMNS", "LINES", "NO_COLOR",
        "TMPDIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR",
    ]
    static let passedPrefixes = ["LC_"]
    static let secretNames: Set<String> = ["DATABASE_URL", "ENERGIFLOW_QUERY_URL"]
    static let secretPrefixes = ["PG", "KAFKA_"]
    static let secretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "AUTH", "COOKIE", "SESSION"]

    /// Whether `name` is passed only when the manifest asks and the user allows it.
    public static func isSecret(_ name: String) -> Bool {
        let upper = name.uppercased()
        return secretNames.contains(upper) || secretPrefixes.contains { upper.hasPrefix($0) }
            || secretWords.contains { upper.contains($0) }
    }

    /// The environment for a plugin whose manifest asks for `requested`, of
    /// which the user allowed the secrets in `allowed`.
    public static func make(from base: [String: String], requested: [String] = [],
                            allowed: Set<String> = []) -> [String: String] {
        var environment: [String: String] = [:]
        for (name, value) in base where alwaysPassed.contains(name) || passedPrefixes.contains(where: { name.hasPrefix($0) }) {
            environment[name] = value
        }
        for name in requested where !isSecret(name) || allowed.contains(name) {
            if let value = base[name] { environment[name] = value }
        }
        return environment
    }

    /// The secrets `requested` that are not passed because the user has not allowed them.
    public static func withheld(requested: [String], allowed: Set<String>) -> [String] {
        requested.filter { isSecret($0) && !allowed.contains($0) }
    }

    /// Whether `name` can be an environment variable's name (letters, digits, `_`; not starting with a digit).
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic, first.isASCII else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
