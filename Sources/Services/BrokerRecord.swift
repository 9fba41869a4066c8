import Basics
import Foundation

/// What a running `energiflow broker` writes to the state directory so other
/// energiflow processes without KAFKA_BROKERS find it:
/// `{"bootstrapServers":"127.0.0.1:39121","pid":4711,"startedAt":"2024-10-27T01:00:00Z"}`.
public struct BrokerRecord: Sendable, Equatable {
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

    /// The record in `file`; nil when there is none or it is not one.
    public static func read(from file: URL) -> BrokerRecord? {
        guard let data = try? Data(contentsOf: file), let json = try? JSONValue.parse(data),
              let servers = json["bootstrapServers"]?.stringValue,
              let pid = json["pid"]?.numberValue?.integer.flatMap(Int32.init(exactly:)),
              let started = json["startedAt"]?.stringValue.flatMap({ ISO8601.instant($0) }) else { return nil }
        return BrokerRecord(bootstrapServers: servers, pid: pid, startedAt: started)
    }

    public func write(to file: URL) throws {
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        let json: JSONValue = .object([
            JSONMember("bootstrapServers", .string(bootstrapServers)),
            JSONMember("pid", .number(JSONNumber(Int(pid)))),
            JSONMember("startedAt", .string(ISO8601.utcString(startedAt))),
        ])
        try Data(json.compactBytes + [0x0A]).write(to: file, options: .atomic)
    }

    /// Removes the file if it still describes this process.
    public static func remove(at file: URL, ifOwnedBy pid: Int32 = getpid()) {
        if read(from: file)?.pid == pid { try? FileManager.default.removeItem(at: file) }
    }
}
