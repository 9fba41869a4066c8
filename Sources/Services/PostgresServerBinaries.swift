import Foundation

/// The installed PostgreSQL server programs (initdb, pg_ctl, postgres) that the
/// embedded cluster runs. Searched on PATH first, then in the places Debian,
/// Ubuntu and Homebrew put them.
public struct PostgresServerBinaries: Sendable, Equatable {
    public var directory: String
    /// The major version, e.g. "15".
    public var majorVersion: String

    public var initdb: String { directory + "/initdb" }
    public var pgCtl: String { directory + "/pg_ctl" }
    public var postgres: String { directory + "/postgres" }

    /// Finds the newest installed server, or explains what to install.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              searching candidates: [String]? = nil) throws -> PostgresServerBinaries {
        for directory in candidates ?? candidateDirectories(environment: environment) {
            let fm = FileManager.default
            guard fm.isExecutableFile(atPath: directory + "/initdb"),
                  fm.isExecutableFile(atPath: directory + "/pg_ctl"),
                  let version = try? majorVersion(of: directory + "/pg_ctl") else { continue }
            return PostgresServerBinaries(directory: directory, majorVersion: version)
        }
        throw ServiceError(.serverNotInstalled,
            "no PostgreSQL server found: install it (Debian/Ubuntu: `apt-get install postgresql`, macOS: `brew install postgresql@16`) or set DATABASE_URL to a server you have")
    }

    static func candidateDirectories(environment: [String: String]) -> [String] {
        var result: [String] = []
        if let pgCtl = CommandRunner.which("pg_ctl", path: environment["PATH"]) {
            result.append((pgCtl as NSString).deletingLastPathComponent)
        }
        // Debian and Ubuntu keep server programs off PATH, one folder per major version.
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        result += versions.map { "\(debian)/\($0)/bin" }
        for prefix in ["/opt/homebrew/opt", "/usr/local/opt"] {
            for version in [17, 16, 15, 14] { result.append("\(prefix)/postgresql@\(version)/bin") }
        }
        return result
    }

    /// "pg_ctl (PostgreSQL) 15.18 (Debian ...)" → "15".
    static func majorVersion(of pgCtl: String) throws -> String? {
        let output = try CommandRunner.run(pgCtl, ["--version"])
        guard output.status == 0,
              let token = output.stdout.split(separator: " ").first(where: { $0.first?.isNumber == true }) else { return nil }
        return token.split(separator: ".").first.map(String.init)
    }
}
