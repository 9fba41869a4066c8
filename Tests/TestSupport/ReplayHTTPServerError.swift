/// What went wrong inside the replay server's setup (socket, gzip).
public struct ReplayHTTPServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
