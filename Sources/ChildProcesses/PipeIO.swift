#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Non-blocking reads and writes on our ends of a child's pipes, and poll.
enum PipeIO {
    enum ReadResult: Equatable {
        case bytes(Int)
        case endOfFile
        case wouldBlock
        case failed(Int32)
    }

    enum WriteResult: Equatable {
        case wrote(Int)
        case wouldBlock
        /// The plugin closed its stdin (or exited): EPIPE.
        case closed
        case failed(Int32)
    }

    /// Appends up to `max` bytes from `fd` to `buffer`.
    static func read(_ fd: Int32, into buffer: inout [UInt8], max: Int = 1 << 16) -> ReadResult {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: max))
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { raw in
                #if canImport(Glibc)
                Glibc.read(fd, raw.baseAddress! + old, max)
                #else
                Darwin.read(fd, raw.baseAddress! + old, max)
                #endif
            }
        } while n < 0 && errno == EINTR
        let e = errno
        buffer.removeLast(max - Swift.max(n, 0))
        if n > 0 { return .bytes(n) }
        if n == 0 { return .endOfFile }
        return e == EAGAIN || e == EWOULDBLOCK ? .wouldBlock : .failed(e)
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> WriteResult {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return .wrote(0) }
        var n: Int
        repeat {
            #if canImport(Glibc)
            n = Glibc.write(fd, base, bytes.count)
            #else
            n = Darwin.write(fd, base, bytes.count)
            #endif
        } while n < 0 && errno == EINTR
        if n >= 0 { return .wrote(n) }
        switch errno {
        case EAGAIN, EWOULDBLOCK: return .wouldBlock
        case EPIPE: return .closed
        case let e: return .failed(e)
        }
    }

    /// Waits up to `milliseconds` for any of `fds` to be ready for `events`;
    /// returns the ready flags per fd (0 when not ready). Hang-up and errors
    /// count as ready, so the next read sees them.
    static func poll(_ fds: [Int32], events: Int16, milliseconds: Int32) -> [Int16] {
        var items = fds.map { pollfd(fd: $0, events: events, revents: 0) }
        var r: Int32
        repeat {
            r = items.withUnsafeMutableBufferPointer {
                #if canImport(Glibc)
                Glibc.poll($0.baseAddress, nfds_t($0.count), milliseconds)
                #else
                Darwin.poll($0.baseAddress, nfds_t($0.count), milliseconds)
                #endif
            }
        } while r < 0 && errno == EINTR
        return items.map(\.revents)
    }

    static let readable = Int16(POLLIN)
    static let writable = Int16(POLLOUT)

    static func closeQuietly(_ fd: Int32) {
        _ = close(fd)
    }

    /// Keeps SIGPIPE from killing the process when the calling thread writes
    /// to a pipe whose reader is gone: the write fails with EPIPE instead. A
    /// SIGPIPE raised by a write goes to the writing thread, so blocking it on
    /// the writer thread is enough and changes nothing for the rest of the process.
    static func blockSIGPIPEOnThisThread() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Takes back a SIGPIPE left pending on this thread by a failed write.
    static func discardPendingSIGPIPE() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        var none = timespec(tv_sec: 0, tv_nsec: 0)
        #if canImport(Glibc)
        _ = sigtimedwait(&set, nil, &none)
        #else
        _ = none  // Darwin has no sigtimedwait; the pending signal dies with the thread.
        #endif
    }
}
