import Foundation

/// Removes members from a consumer group on the group's behalf, for
/// members known to be dead (a consumer killed on this machine, whose
/// process is gone): the coordinator would otherwise keep their partitions
/// until their session times out, and a restarted consumer would wait for
/// that. A LeaveGroup request naming the dead member's id, as the member
/// itself sends when it closes cleanly. librdkafka has no API for this, so
/// it is spoken here: ApiVersions, FindCoordinator, LeaveGroup, over plain
/// TCP (PLAINTEXT listeners only; elsewhere the caller just waits).
public enum KafkaGroupEviction {
    static let apiVersions: Int16 = 18
    static let findCoordinator: Int16 = 10
    static let leaveGroup: Int16 = 13

    /// Asks `group`'s coordinator to drop `memberIDs`. Returns the ids it
    /// dropped; an id it did not know (already gone) is not an error.
    @discardableResult
    public static func evict(_ memberIDs: [String], group: String, bootstrapServers: String,
                             timeout: Duration = .seconds(5)) throws -> [String] {
        guard !memberIDs.isEmpty else { return [] }
        let deadline = ContinuousClock.now + timeout
        let (host, port) = try address(bootstrapServers)
        let bootstrap = try KafkaWireConnection(host: host, port: port, deadline: deadline)
        let versions = try supportedVersions(bootstrap)

        // The coordinator of the group.
        guard let find = versions[findCoordinator], find.min <= 1 else {
            throw KafkaError(.unsupported, "the broker offers no FindCoordinator version this client speaks")
        }
        let findVersion: Int16 = find.max >= 1 ? 1 : 0
        var request = KafkaWireWriter()
        request.string(group)
        if findVersion >= 1 { request.int8(0) }  // key type: group
        var response = try bootstrap.request(apiKey: findCoordinator, version: findVersion, body: request)
        if findVersion >= 1 { _ = try response.int32() }  // throttle
        let error = try response.int16()
        if findVersion >= 1 { _ = try response.string() }
        guard error == 0 else { throw KafkaError(.broker, "FindCoordinator for group \(group) failed (Kafka error \(error))") }
        _ = try response.int32()  // node id
        let coordinatorHost = try response.string() ?? host
        let coordinatorPort = Int(try response.int32())
        let coordinator = coordinatorHost == host && coordinatorPort == port
            ? bootstrap : try KafkaWireConnection(host: coordinatorHost, port: coordinatorPort, deadline: deadline)

        guard let leave = versions[leaveGroup] else { throw KafkaError(.unsupported, "the broker offers no LeaveGroup") }
        var evicted: [String] = []
        if leave.min <= 1 {
            // v0/v1: one member per request.
            let version: Int16 = leave.max >= 1 ? 1 : 0
            for member in memberIDs {
                var body = KafkaWireWriter()
                body.string(group)
                body.string(member)
                var answer = try coordinator.request(apiKey: leaveGroup, version: version, body: body)
                if version >= 1 { _ = try answer.int32() }
                if try answer.int16() == 0 { evicted.append(member) }
            }
        } else if leave.min <= 3, leave.max >= 3 {
            // v3: a list of members (dynamic ones: no group instance id).
            var body = KafkaWireWriter()
            body.string(group)
            body.int32(Int32(memberIDs.count))
            for member in memberIDs {
                body.string(member)
                body.string(nil)
            }
            var answer = try coordinator.request(apiKey: leaveGroup, version: 3, body: body)
            _ = try answer.int32()
            guard try answer.int16() == 0 else { return [] }
            let count = try answer.int32()
            for _ in 0..<max(0, count) {
                let member = try answer.string()
                _ = try answer.string()
                if try answer.int16() == 0, let member { evicted.append(member) }
            }
        } else {
            throw KafkaError(.unsupported, "the broker offers LeaveGroup \(leave.min)–\(leave.max) only")
        }
        return evicted
    }

    /// ApiVersions v0: the request versions the broker accepts, per API key.
    static func supportedVersions(_ connection: KafkaWireConnection) throws -> [Int16: (min: Int16, max: Int16)] {
        var response = try connection.request(apiKey: apiVersions, version: 0, body: KafkaWireWriter())
        let error = try response.int16()
        guard error == 0 else { throw KafkaError(.broker, "ApiVersions failed (Kafka error \(error))") }
        var versions: [Int16: (min: Int16, max: Int16)] = [:]
        for _ in 0..<max(0, try response.int32()) {
            let key = try response.int16()
            versions[key] = (try response.int16(), try response.int16())
        }
        return versions
    }

    /// The first `host:port` of a bootstrap list.
    static func address(_ servers: String) throws -> (String, Int) {
        let first = servers.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
        let plain = first.hasPrefix("PLAINTEXT://") ? String(first.dropFirst(12)) : first
        guard let colon = plain.lastIndex(of: ":"), let port = Int(plain[plain.index(after: colon)...]) else {
            throw KafkaError(.configuration, "cannot read host:port from \(servers)")
        }
        return (String(plain[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")), port)
    }
}
