import Foundation

/// Where and how to connect: a URL, a keyword string, or the PG* environment.
///
/// The settings are parsed by libpq itself (so every form libpq accepts works,
/// including `postgresql://user@/db?host=/socket/dir&port=5433`), and kept as
/// explicit keywords. Keywords not set fall back, at connect time, to the PG*
/// variables and libpq's defaults, exactly as libpq does.
///
/// Every connection also gets a `connect_timeout` (so an unreachable server fails
/// in bounded time), `application_name`, UTF-8, and a session in UTC with ISO
/// dates (`options=-c TimeZone=UTC -c DateStyle=ISO`), which decoding relies on.
public struct PostgresConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// The keywords this configuration sets explicitly, in order.
    public private(set) var keywords: [String: String]
    /// Seconds to wait for a server before giving up (libpq waits at least 2).
    /// Starts as the settings' `connect_timeout` or PGCONNECT_TIMEOUT, else 10.
    public var connectTimeout: Int = 10
    public var applicationName: String = "energiflow"
    /// What the user should change when connecting fails: "DATABASE_URL",
    /// "the PGHOST/PGPORT variables", a command-line option, ...
    public var origin: String

    private var mask: PasswordMask

    // MARK: - Making one

    /// A `postgres://` or `postgresql://` URL.
    public init(url: String, origin: String = "DATABASE_URL") throws {
        guard url.hasPrefix("postgresql://") || url.hasPrefix("postgres://") else {
            throw PostgresError(.usage, "\(origin) is not a PostgreSQL URL: it must start with postgresql:// or postgres:// (got \"\(PasswordMask(connectionString: url).apply(Self.shortened(url)))\").")
        }
        try self.init(connectionString: url, origin: origin)
    }

    /// A URL or a libpq keyword string such as `host=/tmp dbname=energi user=me`.
    public init(connectionString: String, origin: String = "the connection string") throws {
        let mask = PasswordMask(connectionString: connectionString)
        switch ConnInfo.parse(connectionString) {
        case .failure(let failure):
            throw PostgresError(
                .usage,
                "\(origin) is not a valid PostgreSQL connection string: \(mask.apply(failure.message)). Use postgresql://user:password@host:port/database or host=... dbname=... keywords.")
        case .success(let pairs):
            var keywords: [String: String] = [:]
            for (keyword, value) in pairs { keywords[keyword] = value }
            self.init(keywords: keywords, origin: origin, mask: mask)
        }
    }

    /// Explicit keywords (`["host": "/tmp", "dbname": "energi"]`).
    public init(keywords: [String: String], origin: String = "the connection settings") throws {
        let known = Set(ConnInfo.defaults().map(\.keyword))
        if !known.isEmpty, let unknown = keywords.keys.sorted().first(where: { !known.contains($0) }) {
            throw PostgresError(.usage, "\(origin) sets \"\(unknown)\", which is not a libpq connection keyword.")
        }
        self.init(keywords: keywords, origin: origin, mask: PasswordMask())
    }

    private init(keywords: [String: String], origin: String, mask: PasswordMask) {
        self.keywords = keywords
        self.origin = origin
        var mask = mask
        for option in ConnInfo.defaults() where option.isSecret {
            mask.add(keywords[option.keyword])
            mask.add(option.defaultValue)  // e.g. PGPASSWORD, which libpq will use
        }
        mask.add(keywords["password"])
        self.mask = mask
        if let timeout = keywords["connect_timeout"] ?? ProcessInfo.processInfo.environment["PGCONNECT_TIMEOUT"],
           let seconds = Int(timeout.trimmingCharacters(in: .whitespaces)), seconds > 0 {
            connectTimeout = seconds
        }
    }

    /// `DATABASE_URL` when set and not empty, otherwise the standard PG* variables
    /// (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...) with libpq's defaults.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresConfiguration {
        if let url = environment["DATABASE_URL"]?.trimmingCharacters(in: .whitespacesAndNewlines), !url.isEmpty {
            if url.contains("://") { return try PostgresConfiguration(url: url, origin: "DATABASE_URL") }
            return try PostgresConfiguration(connectionString: url, origin: "DATABASE_URL")
        }
        var keywords: [String: String] = [:]
        for option in ConnInfo.defaults() {
            if let variable = option.environmentVariable, let value = environment[variable], !value.isEmpty {
                keywords[option.keyword] = value
            }
        }
        return PostgresConfiguration(keywords: keywords, origin: "DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGDATABASE)", mask: PasswordMask())
    }

    // MARK: - Reading and changing it

    /// The value this configuration sets for a libpq keyword, or nil if it leaves it to the defaults.
    public subscript(keyword: String) -> String? {
        get { keywords[keyword] }
        set {
            keywords[keyword] = newValue
            if keyword.contains("password") { mask.add(newValue) }
        }
    }

    /// The same server and credentials, another database.
    public func database(_ name: String) -> PostgresConfiguration {
        var copy = self
        copy["dbname"] = name
        return copy
    }

    /// The value libpq will use for a keyword: the explicit one, else the PG*
    /// variable, else libpq's compiled-in default.
    public func effectiveValue(_ keyword: String) -> String? {
        if let value = keywords[keyword] { return value }
        return ConnInfo.defaults().first { $0.keyword == keyword }?.defaultValue
    }

    /// The target as a URL with any password shown as `***`, e.g.
    /// `postgresql://me:***@db.example:5432/energi` or
    /// `postgresql://postgres@/energi?host=/tmp/pg&port=5433`.
    public var redactedDescription: String {
        let defaults = Dictionary(ConnInfo.defaults().map { ($0.keyword, $0.defaultValue) }, uniquingKeysWith: { first, _ in first })
        func value(_ keyword: String) -> String? {
            if let explicit = keywords[keyword], !explicit.isEmpty { return explicit }
            if let fallback = defaults[keyword] ?? nil, !fallback.isEmpty { return fallback }
            return nil
        }
        var text = "postgresql://"
        if let user = value("user") { text += user }
        if value("password") != nil { text += ":" + PasswordMask.placeholder }
        if value("user") != nil || value("password") != nil { text += "@" }
        let host = value("host") ?? value("hostaddr")
        var query: [String] = []
        if let host, !host.hasPrefix("/") && !host.hasPrefix("@") {
            text += host.contains(":") && !host.contains(",") ? "[\(host)]" : host
            if let port = value("port") { text += ":" + port }
        } else {
            if let host { query.append("host=" + host) }
            if let port = value("port") { query.append("port=" + port) }
        }
        text += "/" + (value("dbname") ?? value("user") ?? "")
        if let sslmode = keywords["sslmode"] { query.append("sslmode=" + sslmode) }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return mask.apply(text)
    }

    /// Where the server is expected, for error messages: "db.example:5432", or
    /// "the socket in /tmp/pg (port 5433)", or libpq's default socket.
    public var endpointDescription: String {
        Self.endpoint(host: effectiveValue("host") ?? effectiveValue("hostaddr"), port: effectiveValue("port"))
    }

    public var description: String { redactedDescription }

    static func endpoint(host: String?, port: String?) -> String {
        let port = port.flatMap { $0.isEmpty ? nil : $0 } ?? "5432"
        guard let host, !host.isEmpty else { return "the default local socket (port \(port))" }
        if host.hasPrefix("/") || host.hasPrefix("@") { return "the socket in \(host) (port \(port))" }
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    // MARK: - What libpq is given

    /// Masks any password this configuration knows of in `text`.
    func masked(_ text: String) -> String { mask.apply(text) }

    /// The keyword/value pairs handed to PQconnectdbParams: the explicit ones plus
    /// the timeout, application name, encoding and session settings.
    var connectionParameters: [(String, String)] {
        var parameters = keywords
        parameters["connect_timeout"] = String(connectTimeout)
        if parameters["application_name"] == nil { parameters["application_name"] = applicationName }
        parameters["client_encoding"] = "UTF8"
        let session = "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres"
        let existing = parameters["options"] ?? ProcessInfo.processInfo.environment["PGOPTIONS"] ?? ""
        parameters["options"] = existing.isEmpty ? session : existing + " " + session
        return parameters.sorted { $0.key < $1.key }
    }

    private static func shortened(_ text: String) -> String {
        text.count > 60 ? String(text.prefix(57)) + "..." : text
    }
}
