import Foundation

/// What a running `energiflow broker` writes to the state directory so other
/// energiflow processes without KAFKA_BROKERS find it.
public struct BrokerRecord: Codable, Sendable, Equatable {
    public var bootstrapServers: String
    public var pid: Int32
    public var startedAt: Date

    public init(bootstrapServers: String, pid: Int32 = getpid(), startedAt: Date = Date()) {
        self.bootstrapServers = bootstrapServers
        self.pid = pid
        self.startedAt = startedAt
    }

    /// The recorded process still exists.
    public var isAlive: Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    public static func read(from file: URL) -> BrokerRecord? {
        guard let data = try? Data(contentsOf: file) else { return nil }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try? decoder.decode(BrokerRecord.self, from: data)
    }

    public func write(to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: file, options: .atomic)
    }

    /// Removes the file if it still describes this process.
    public static func remove(at file: URL, ifOwnedBy pid: Int32 = getpid()) {
        if read(from: file)?.pid == pid { try? FileManager.default.removeItem(at: file) }
    }
}
