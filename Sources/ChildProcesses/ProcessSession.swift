import Foundation

/// One run of a contained process (a plugin) from start to reaping: the stdin writer
/// thread, the timeout watchdog, reading stdout in chunks while collecting
/// stderr, killing (timeout, cancel, bad output) and the final outcome.
/// `PluginRun` and `--describe` build on it; it knows nothing of rows.
///
/// Threads: the caller's thread reads (`readChunk`, `finish`); a writer
/// thread feeds stdin; a watchdog thread sleeps until the deadline.
/// `cancel` and `kill` may come from any thread.
public final class ProcessSession: @unchecked Sendable {
    /// Why the session killed the process.
    public enum KillReason: Sendable {
        case timedOut, cancelled, inputFailed, badOutput
        /// The caller stopped reading early (`PluginRun.close`).
        case closed
    }

    public struct Outcome: Sendable {
        public var termination: ChildProcess.Termination
        /// Set when the session killed the process, with the first reason.
        public var killReason: KillReason?
        public var inputError: (any Error & Sendable)?
        /// A failed write other than the plugin closing its stdin.
        public var writeErrno: Int32?
        /// `writeErrno` as the system says it.
        public var writeFailure: String? { writeErrno.map { String(cString: strerror($0)) } }
        public var stderr: String
        /// Processes it started that left its process group (`setsid`) and were killed.
        public var escaped: [EscapedProcess] = []
    }

    public let child: ChildProcess
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let state = SharedState()
    private let watchdog: Watchdog?
    private var stdoutOpen = true
    private var stderrOpen = true
    private var stderrBytes: [UInt8] = []
    private var outcome: Outcome?
    /// When reading found the process ended with its stdout still open.
    private var exitedAt: Date?

    /// How much stderr is kept (the end of it).
    static let stderrKeep = 64 * 1024
    /// After a kill, how long to wait for the pipes to close before giving up
    /// on them (a grandchild that left the process group may hold them).
    static let drainAfterKill: TimeInterval = 1
    /// After the process ended and what it left behind was killed, how long
    /// to wait for its stdout to close before giving up on it.
    static let drainAfterExit: TimeInterval = 0.5

    /// Starts the process. `feed`, when given, runs on its own thread and is
    /// handed stdin (a non-blocking fd); it must return when `shouldStop` says so.
    public init(path: String, arguments: [String], environment: [String: String], timeout: TimeInterval?,
                feed: (@Sendable (_ fd: Int32, _ session: FeedControl) -> Void)?) throws(SpawnError) {
        child = try ChildProcess.spawn(path: path, arguments: arguments, environment: environment,
                                       options: SpawnOptions(stdin: feed != nil ? .pipe : .nullDevice, stdout: .pipe, stderr: .pipe))
        // Both are pipes, as asked above.
        stdoutFD = child.stdoutFD ?? -1
        stderrFD = child.stderrFD ?? -1
        let child = self.child
        let state = self.state
        if let timeout, timeout.isFinite {
            watchdog = Watchdog(after: timeout) {
                // A process that ended in time is not late, even if we have not reaped it yet.
                if !child.hasExited, state.markKilled(.timedOut) { child.killGroup() }
            }
        } else {
            watchdog = nil
        }
        if let feed, let fd = child.stdinFD {
            let control = FeedControl(state: state, child: child)
            let thread = Thread {
                PipeIO.blockSIGPIPEOnThisThread()
                feed(fd, control)
                PipeIO.closeQuietly(fd)
            }
            thread.name = "energiflow plugin stdin"
            thread.start()
        }
    }

    deinit {
        if outcome == nil {
            _ = finish(killing: .closed)
        }
    }

    /// Kills the process (and its group) for `reason`; the first reason sticks.
    public func kill(_ reason: KillReason) {
        if state.markKilled(reason) { child.killGroup() }
    }

    public func cancel() { kill(.cancelled) }

    public var isKilled: Bool { state.killReason != nil }

    /// Appends the next stdout bytes to `buffer`; false once stdout is over
    /// (end of file, or abandoned after a kill or after the process ended).
    /// Collects stderr meanwhile.
    ///
    /// A process that ended while its stdout is still open has left something
    /// behind that holds it (`sleep 600 &` in a shell script): that is killed
    /// (`ChildProcess.stopLeftovers`), and the pipe is given up on shortly
    /// after, so no grandchild can keep EnergiFlow waiting.
    public func readChunk(into buffer: inout [UInt8]) -> Bool {
        while stdoutOpen {
            if let killedAt = state.killedAt, Date().timeIntervalSince(killedAt) > ProcessSession.drainAfterKill {
                stdoutOpen = false
                break
            }
            if let exitedAt, Date().timeIntervalSince(exitedAt) > ProcessSession.drainAfterExit {
                stdoutOpen = false
                break
            }
            var fds = [stdoutFD]
            if stderrOpen { fds.append(stderrFD) }
            let ready = PipeIO.poll(fds, events: PipeIO.readable, milliseconds: 100)
            if ready.count > 1, ready[1] != 0 { readStderr() }
            guard ready[0] != 0 else {
                if exitedAt == nil, child.hasExited {
                    exitedAt = Date()
                    child.stopLeftovers()
                }
                continue
            }
            switch PipeIO.read(stdoutFD, into: &buffer) {
            case .bytes: return true
            case .wouldBlock: continue
            case .endOfFile, .failed: stdoutOpen = false
            }
        }
        return false
    }

    /// Waits for the process to end (killing it first when `killing` gives a
    /// reason), drains stderr, releases everything. Idempotent.
    public func finish(killing reason: KillReason? = nil) -> Outcome {
        if let outcome { return outcome }
        if let reason { kill(reason) }
        // Keep reading stderr until the process has exited: it may still be
        // writing there after closing stdout, and a full pipe would block it.
        while stderrOpen && !child.hasExited {
            if let killedAt = state.killedAt, Date().timeIntervalSince(killedAt) > ProcessSession.drainAfterKill { break }
            let ready = PipeIO.poll([stderrFD], events: PipeIO.readable, milliseconds: 100)
            if ready[0] != 0 { readStderr() }
        }
        let termination = child.wait()
        // What it wrote last, without waiting on a grandchild that escaped the group.
        let deadline = Date().addingTimeInterval(0.5)
        while stderrOpen && Date() < deadline {
            let ready = PipeIO.poll([stderrFD], events: PipeIO.readable, milliseconds: 50)
            if ready[0] != 0 { readStderr() }
        }
        watchdog?.stop()
        state.stop()
        PipeIO.closeQuietly(stdoutFD)
        PipeIO.closeQuietly(stderrFD)
        stdoutOpen = false
        stderrOpen = false
        let result = Outcome(termination: termination, killReason: state.killReason, inputError: state.inputError,
                             writeErrno: state.writeErrno, stderr: stderrText, escaped: child.escaped)
        outcome = result
        return result
    }

    /// The outcome once `finish` has run.
    public var finishedOutcome: Outcome? { outcome }

    /// What the plugin wrote to stderr so far (the last 64 KiB).
    public var stderrText: String { String(decoding: stderrBytes, as: UTF8.self) }

    private func readStderr() {
        switch PipeIO.read(stderrFD, into: &stderrBytes) {
        case .bytes:
            if stderrBytes.count > ProcessSession.stderrKeep * 2 {
                stderrBytes.removeFirst(stderrBytes.count - ProcessSession.stderrKeep)
            }
        case .wouldBlock: break
        case .endOfFile, .failed: stderrOpen = false
        }
    }
}

/// What the stdin writer may ask and report.
public struct FeedControl: Sendable {
    fileprivate let state: SharedState
    fileprivate let child: ChildProcess

    /// True once the session is over or the process was killed: stop writing.
    public var shouldStop: Bool { state.isStopped || state.killReason != nil }

    /// The rows feeding the plugin failed: kill it, keep the error.
    public func inputFailed(_ error: any Error & Sendable) {
        state.setInputError(error)
        if state.markKilled(.inputFailed) { child.killGroup() }
    }

    public func writeFailed(_ errno: Int32) { state.setWriteErrno(errno) }

    /// Writes all of `bytes` to the non-blocking `fd`, waiting while the pipe
    /// is full. False when the plugin closed its stdin or the session stopped.
    public func write(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            if shouldStop { return false }
            let result = bytes.withUnsafeBytes { PipeIO.write(fd, UnsafeRawBufferPointer(rebasing: $0[offset...])) }
            switch result {
            case .wrote(let n): offset += n
            case .wouldBlock: _ = PipeIO.poll([fd], events: PipeIO.writable, milliseconds: 100)
            case .closed:
                PipeIO.discardPendingSIGPIPE()
                return false
            case .failed(let e):
                writeFailed(e)
                return false
            }
        }
        return true
    }
}

/// Flags shared by the reader, the writer thread and the watchdog.
private final class SharedState: @unchecked Sendable {
    private let lock = NSLock()
    private var _killReason: ProcessSession.KillReason?
    private var _killedAt: Date?
    private var _stopped = false
    private var _inputError: (any Error & Sendable)?
    private var _writeErrno: Int32?

    /// Records the kill; true for the first one (the caller then kills).
    func markKilled(_ reason: ProcessSession.KillReason) -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard _killReason == nil, !_stopped else { return false }
        _killReason = reason
        _killedAt = Date()
        return true
    }

    var killReason: ProcessSession.KillReason? { lock.lock(); defer { lock.unlock() }; return _killReason }
    var killedAt: Date? { lock.lock(); defer { lock.unlock() }; return _killedAt }
    var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return _stopped }
    var inputError: (any Error & Sendable)? { lock.lock(); defer { lock.unlock() }; return _inputError }
    var writeErrno: Int32? { lock.lock(); defer { lock.unlock() }; return _writeErrno }

    func stop() { lock.lock(); _stopped = true; lock.unlock() }
    func setInputError(_ e: any Error & Sendable) { lock.lock(); if _inputError == nil { _inputError = e }; lock.unlock() }
    func setWriteErrno(_ e: Int32) { lock.lock(); if _writeErrno == nil { _writeErrno = e }; lock.unlock() }
}

/// Runs `action` once after `seconds` unless stopped first; a thread that sleeps.
private final class Watchdog: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopped = false

    init(after seconds: TimeInterval, action: @escaping @Sendable () -> Void) {
        let deadline = Date().addingTimeInterval(seconds)
        let thread = Thread { [self] in
            condition.lock()
            while !stopped && Date() < deadline {
                _ = condition.wait(until: deadline)
            }
            let fire = !stopped
            condition.unlock()
            if fire { action() }
        }
        thread.name = "energiflow plugin timeout"
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }
}
