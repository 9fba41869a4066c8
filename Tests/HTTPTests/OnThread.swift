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
    // Timed on the thread itself: the test task may wait long for a free
    // pool thread when other tests block theirs, and that is not curl's time.
    let outcome: (error: HTTPError?, seconds: TimeInterval)? = try? await onThread {
        let start = Date()
        do {
            _ = try client.get(request, cancellation: cancellation)
            return (nil, Date().timeIntervalSince(start))
        } catch {
            return (error as? HTTPError, Date().timeIntervalSince(start))
        }
    }
    guard let outcome, let error = outcome.error else { return nil }
    return (error, outcome.seconds)
}
