import Foundation
import Kafka
import Postgres
import Store

/// Tells the store which partitions this consumer holds
/// (`energi_consumer_members`, for `energiflow status`), on a connection of
/// its own so that a rebalance never waits for a batch's transaction.
/// Best effort: when the store is unreachable the note is skipped and the
/// consumer goes on; nothing else depends on it.
final class GroupMembership: @unchecked Sendable {
    private let configuration: PostgresConfiguration
    private let group: String
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private var member: String?
    private var lastTouch = ContinuousClock.now

    init(configuration: PostgresConfiguration, group: String) {
        self.configuration = configuration
        self.group = group
    }

    /// "host pid N (member id)".
    static func describe(memberID: String?) -> String {
        let host = ProcessInfo.processInfo.hostName
        return "\(host) pid \(getpid())" + (memberID.map { " (\($0))" } ?? "")
    }

    /// Members of the group recorded on this machine whose process is gone
    /// (killed, crashed): their Kafka member ids and how they were recorded.
    func deadMembersOnThisHost() -> [(memberID: String, recorded: String)] {
        var holders: [ConsumerMembers.Holder] = []
        write { holders = try ConsumerMembers.load(group: self.group, $0) }
        let prefix = ProcessInfo.processInfo.hostName + " pid "
        var dead: [String: String] = [:]
        for holder in holders where holder.member.hasPrefix(prefix) {
            let rest = holder.member.dropFirst(prefix.count)
            guard let space = rest.firstIndex(of: " "), let pid = Int32(rest[..<space]), pid != getpid(),
                  let open = rest.firstIndex(of: "("), rest.hasSuffix(")") else { continue }
            // Gone: no such process (a pid reused by another process is taken as alive: nothing is evicted).
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            dead[String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])] = holder.member
        }
        return dead.map { ($0.key, $0.value) }
    }

    /// Forgets what `recorded` held (after it was evicted from the group).
    func forget(_ recorded: String) {
        write { try ConsumerMembers.release(nil, group: self.group, member: recorded, $0) }
    }

    func assigned(_ partitions: [KafkaTopicPartition], memberID: String?) {
        let name = Self.describe(memberID: memberID)
        write { connection in
            // A new member id after a rejoin: the old rows are this process's too.
            if let old = self.member, old != name { try ConsumerMembers.release(nil, group: self.group, member: old, connection) }
            self.member = name
            try ConsumerMembers.assign(partitions.map { ($0.topic, $0.partition) }, group: self.group, member: name, connection)
        }
    }

    func revoked(_ partitions: [KafkaTopicPartition]) {
        write { connection in
            guard let member = self.member else { return }
            try ConsumerMembers.release(partitions.map { ($0.topic, $0.partition) }, group: self.group, member: member, connection)
        }
    }

    /// Says the member is alive, every few seconds at most.
    func touch() {
        let due = lock.withLock { () -> Bool in
            guard member != nil, ContinuousClock.now - lastTouch >= .seconds(3) else { return false }
            lastTouch = .now
            return true
        }
        guard due else { return }
        write { connection in
            if let member = self.member { try ConsumerMembers.touch(group: self.group, member: member, connection) }
        }
    }

    /// The consumer stopped: it holds nothing any more.
    func left() {
        write { connection in
            if let member = self.member { try ConsumerMembers.release(nil, group: self.group, member: member, connection) }
        }
    }

    private func write(_ body: (PostgresConnection) throws -> Void) {
        lock.withLock {
            do {
                if connection == nil { connection = try PostgresConnection(configuration) }
                guard let connection else { return }
                try body(connection)
            } catch {
                connection = nil  // try a new connection next time
            }
        }
    }
}
