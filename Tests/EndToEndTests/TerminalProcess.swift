import Foundation
import TestSupport

/// The `energiflow` binary on a pseudo-terminal of its own, as a user runs
/// it: a new session whose controlling terminal is the PTY, so Ctrl-C typed
/// into it is a SIGINT from the terminal driver and Ctrl-D an end of input.
/// A thread drains the master side into `output`.
final class TerminalProcess: @unchecked Sendable {
    // @unchecked: `screen`, `stopped` and `exitStatus` are guarded by `lock`.
    let pid: pid_t
    private let master: Int32
    private let lock = NSLock()
    private var screen: [UInt8] = []
    private var stopped = false
    private var exitStatus: Int32?
    private let drained = DispatchSemaphore(value: 0)

    struct Failure: Error, CustomStringConvertible { var description: String }

    init(_ executable: String, arguments: [String] = [], environment: [String: String], columns: UInt16 = 100) throws {
        let device = try PseudoTerminalDevice.open(flags: O_RDWR | O_NOCTTY | O_CLOEXEC)
        master = device.master
        let slavePath = device.slavePath
        var size = winsize(ws_row: 30, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session (glibc's POSIX_SPAWN_SETSID, 0x80, applied before the file
        // actions), so opening the PTY below makes it the controlling terminal;
        // default signal actions and an empty mask, whatever the test runner has.
        let setsid: Int32 = 0x80
        posix_spawnattr_setflags(&attributes, Int16(setsid | Int32(POSIX_SPAWN_SETSIGDEF) | Int32(POSIX_SPAWN_SETSIGMASK)))
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var child = pid_t()
        let spawned = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            close(master)
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
        }
        pid = child
        Thread { [self] in drain() }.start()
    }

    deinit {
        if lock.withLock({ exitStatus }) == nil {
            kill(pid, SIGKILL)
            _ = waitForExit(polls: 500)
        }
        lock.withLock { stopped = true }
        drained.wait()
        close(master)
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !lock.withLock({ stopped }) {
            var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 20) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                lock.withLock { screen += buffer[0..<count] }
            } else {
                // EIO once the child has exited and closed its side; keep polling until stopped.
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
        drained.signal()
    }

    /// Types `keys` ("\r" is Enter, "\u{03}" Ctrl-C, "\u{04}" Ctrl-D, "\t" Tab, "\u{10}" Ctrl-P).
    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Everything drawn so far.
    var output: String { lock.withLock { String(decoding: screen, as: UTF8.self) } }

    /// How many bytes have been drawn so far, to wait for text that comes after a point.
    var mark: Int { lock.withLock { screen.count } }

    /// Waits (in 10 ms steps, `polls` of them) until `text` appears after byte `mark`.
    @discardableResult
    func waitFor(_ text: String, after mark: Int = 0, polls: Int = 1500) -> Bool {
        let needle = Array(text.utf8)
        for _ in 0..<polls {
            let found = lock.withLock { () -> Bool in
                guard screen.count >= mark + needle.count else { return false }
                return Self.contains(screen[mark...], needle)
            }
            if found { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// The exit status once the process ends (128+N for signal N), or nil after `polls` × 10 ms.
    func waitForExit(polls: Int = 1500) -> Int32? {
        if let done = lock.withLock({ exitStatus }) { return done }
        for _ in 0..<polls {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                lock.withLock { exitStatus = code }
                return code
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return nil
    }

    private static func contains(_ haystack: ArraySlice<UInt8>, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard haystack.count >= needle.count else { return false }
        var i = haystack.startIndex
        while i <= haystack.endIndex - needle.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
