import Foundation
import HTTP

/// Runs a blocking call on a thread of its own, as callers of `HTTPClient.get`
/// must (never on the Swift concurrency pool, which has only a few threads).
func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// The HTTPError a blocking GET throws, with how long it took; nil if it did not throw one.
func failedGet(_ client: HTTPClient, _ request: HTTPRequest,
               cancellation: HTTPCancellation? = nil) async -> (error: HTTPError, seconds: TimeInterval)? {
    let start = Date()
    do {
        _ = try await onThread { try client.get(request, cancellation: cancellation) }
        return nil
    } catch let error as HTTPError {
        return (error, Date().timeIntervalSince(start))
    } catch {
        return nil
    }
}
