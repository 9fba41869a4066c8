import Foundation

/// Exponential backoff with jitter, bounded in attempts and in delay.
///
/// Attempt n (1-based) waits a random time between half and all of
/// `min(maxDelay, baseDelay × 2^(n-1))` ("equal jitter"): retries spread out
/// so several clients do not hammer a recovering server in step, yet each
/// wait is at least half the nominal one.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries in all, the first included; 1 means no retry.
    public var maxAttempts: Int
    public var baseDelay: TimeInterval
    public var maxDelay: TimeInterval

    public init(maxAttempts: Int = 6, baseDelay: TimeInterval = 1, maxDelay: TimeInterval = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// The nominal (un-jittered) delay after failed attempt `attempt` (1-based).
    public func nominalDelay(afterAttempt attempt: Int) -> TimeInterval {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        return min(maxDelay, baseDelay * pow(2, exponent))
    }

    /// The delay to wait after failed attempt `attempt`, jittered.
    public func delay<R: RandomNumberGenerator>(afterAttempt attempt: Int, using generator: inout R) -> TimeInterval {
        let nominal = nominalDelay(afterAttempt: attempt)
        guard nominal > 0 else { return 0 }
        return nominal / 2 + Double.random(in: 0...(nominal / 2), using: &generator)
    }

    public func delay(afterAttempt attempt: Int) -> TimeInterval {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempt: attempt, using: &generator)
    }
}
