import Foundation
import LineEditor
import TestSupport

/// A pseudo-terminal pair for driving LineEditor as a user would: the editor
/// reads and writes the slave side; the test types into the master side and
/// reads what the editor drew. A thread drains the master so the editor
/// never blocks on a full terminal buffer.
final class PseudoTerminal: @unchecked Sendable {
    // @unchecked: `screen` and `stopped` are guarded by `lock`.
    let master: Int32
    let slave: Int32
    private let lock = NSLock()
    private var screen: [UInt8] = []
    private var stopped = false
    private let drained = DispatchSemaphore(value: 0)

    struct Failure: Error, CustomStringConvertible { var description: String }

    init() throws {
        let device = try PseudoTerminalDevice.open(flags: O_RDWR | O_NOCTTY)
        master = device.master
        slave = open(device.slavePath, O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw Failure(description: "cannot open \(device.slavePath)") }
        Thread { [self] in drain() }.start()
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !lock.withLock({ stopped }) {
            var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 50) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            lock.withLock { screen += buffer[0..<count] }
        }
        drained.signal()
    }

    /// Types `keys` (raw bytes: "\r" is Enter, "\u{03}" Ctrl-C, "\t" Tab).
    func type(_ keys: String) {
        let bytes = Array(keys.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Everything the editor wrote so far, as text.
    var output: String {
        lock.withLock { String(decoding: screen, as: UTF8.self) }
    }

    /// Waits until the output contains `text`; false on timeout.
    func waitForOutput(_ text: String, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return false
    }

    /// The slave's local-mode flags now (ISIG, ICANON, ...).
    var localFlags: tcflag_t {
        var settings = termios()
        tcgetattr(slave, &settings)
        return settings.c_lflag
    }

    func shutDown() {
        lock.withLock { stopped = true }
        drained.wait()
        close(slave)
        close(master)
    }
}

/// One `readLine` running on a thread of its own, as the REPL will run it.
final class PendingLine: @unchecked Sendable {
    // @unchecked: `event` is written once before `done` is signalled.
    private var event: LineEditorEvent?
    private let done = DispatchSemaphore(value: 0)

    init(_ editor: LineEditor, prompt: String) {
        Thread { [self] in
            event = editor.readLine(prompt: prompt)
            done.signal()
        }.start()
    }

    /// The event, or nil if readLine has not returned within `timeout`.
    func result(timeout: TimeInterval = 10) -> LineEditorEvent? {
        done.wait(timeout: .now() + timeout) == .success ? event : nil
    }
}
