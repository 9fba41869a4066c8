import Foundation

/// A window onto the bytes of a file (or of bytes in memory): a buffer holding
/// the bytes at file offsets `start ..< end`, moved forward as a reader
/// consumes them, or loaded with any range for reading backwards. Memory is
/// the window's capacity (`blockSize`, more only while one item is larger),
/// never the file's size.
///
/// Input that cannot be read at an offset (a pipe, a FIFO, /dev/stdin) is
/// first copied to an unlinked temporary file, so every input can be read in
/// both directions.
final class FileWindow {
    /// Bytes read at a time, and the window's usual capacity.
    static let blockSize = 4 << 20
    /// The most one item (a row, a record, a JSON value before the records)
    /// may take; the window grows up to it, and an item larger is an error.
    static let maxItemSize = 64 << 20
    private let maxItemSize: Int

    private enum Source {
        case file(Int32)
        case memory(UnsafeMutableRawBufferPointer)
    }

    private let source: Source
    /// The input's size in bytes (of the file when it was opened).
    let size: Int
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// File offset of the window's first byte.
    private(set) var start = 0
    /// Bytes in the window.
    private(set) var count = 0
    /// Where the bytes the window may hold end: the input's size, or the end
    /// of a range loaded on its own.
    private var limit = 0

    /// File offset just past the window's last byte.
    var end: Int { start + count }

    /// Opens `url` for reading.
    init(contentsOf url: URL, blockSize: Int = FileWindow.blockSize, maxItemSize: Int = FileWindow.maxItemSize) throws(EnergiDataError) {
        let fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw FileWindow.unreadable(url, errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let code = errno
            close(fd)
            throw FileWindow.unreadable(url, code)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw EnergiDataError(.unreadableFile, "cannot read \(url.path): it is a directory")
        }
        var descriptor = fd
        var length = Int(info.st_size)
        if (info.st_mode & S_IFMT) != S_IFREG {
            defer { close(fd) }
            (descriptor, length) = try FileWindow.spool(fd, url: url)
        }
        self.maxItemSize = maxItemSize
        source = .file(descriptor)
        size = length
        limit = length
        capacity = max(1, blockSize)
        storage = .allocate(capacity: capacity)
    }

    /// A window over bytes in memory (copied once).
    init(bytes: UnsafeRawBufferPointer, blockSize: Int = FileWindow.blockSize, maxItemSize: Int = FileWindow.maxItemSize) {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes.count), alignment: 1)
        if let base = bytes.baseAddress, bytes.count > 0 { copy.baseAddress?.copyMemory(from: base, byteCount: bytes.count) }
        self.maxItemSize = maxItemSize
        source = .memory(copy)
        size = bytes.count
        limit = bytes.count
        capacity = max(1, blockSize)
        storage = .allocate(capacity: capacity)
    }

    deinit {
        storage.deallocate()
        switch source {
        case .file(let fd): close(fd)
        case .memory(let buffer): buffer.deallocate()
        }
    }

    /// The window's bytes, for parsing; `isFinal` when they reach the input's
    /// end (or the end of a range loaded on its own).
    var view: ByteView {
        ByteView(base: UnsafePointer(storage), count: count, offset: start, isFinal: end >= limit)
    }

    /// Makes the window start at `offset` and fills it with what follows.
    /// When it already started there and was full (the item there is larger
    /// than the window), it grows; past `maxItemSize` that throws, naming
    /// `line`, where the item starts.
    func fill(from offset: Int, line: Int? = nil) throws(EnergiDataError) {
        precondition(offset >= 0 && offset <= size)
        let kept = offset >= start && offset <= end ? end - offset : 0
        if kept > 0 && offset > start { storage.update(from: storage + (offset - start), count: kept) }
        start = offset
        count = kept
        limit = size
        if kept >= capacity && end < size {
            guard capacity < maxItemSize else {
                throw EnergiDataError(.unrecognizedFile,
                                      "one row or record\(line.map { " (from line \($0))" } ?? "") is larger than \(FileWindow.describe(maxItemSize)); is a quote or a bracket not closed?",
                                      offset: offset, line: line)
            }
            let larger = min(capacity * 2, maxItemSize)
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
            grown.update(from: storage, count: kept)
            storage.deallocate()
            storage = grown
            capacity = larger
        }
        try readMore()
    }

    /// Loads exactly the bytes at `range` (for reading a part of the file on its own).
    func load(_ range: Range<Int>) throws(EnergiDataError) {
        precondition(range.lowerBound >= 0 && range.upperBound <= size)
        if range.count > capacity {
            storage.deallocate()
            capacity = range.count
            storage = .allocate(capacity: capacity)
        }
        start = range.lowerBound
        count = 0
        limit = range.upperBound
        try readMore()
    }

    private func readMore() throws(EnergiDataError) {
        let stop = min(limit, start + capacity)
        while end < stop {
            let wanted = stop - end
            switch source {
            case .memory(let buffer):
                (storage + count).update(from: buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + end, count: wanted)
                count += wanted
            case .file(let fd):
                let got = pread(fd, storage + count, wanted, off_t(end))
                if got < 0 {
                    if errno == EINTR { continue }
                    throw EnergiDataError(.unreadableFile, "cannot read the file at byte \(end): \(String(cString: strerror(errno)))")
                }
                guard got > 0 else {
                    throw EnergiDataError(.unreadableFile, "the file became shorter while it was read (at byte \(end) of \(size))")
                }
                count += got
            }
        }
    }

    /// `64 MB`, or bytes below a megabyte.
    static func describe(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\(bytes >> 20) MB" : "\(bytes) bytes"
    }

    private static func unreadable(_ url: URL, _ code: Int32) -> EnergiDataError {
        let reason = String(cString: strerror(code))
        return EnergiDataError(.unreadableFile, "cannot read \(url.path): \(reason)",
                               cause: POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO))
    }

    /// Copies a stream (pipe, FIFO) to an unlinked temporary file; returns its descriptor and size.
    private static func spool(_ input: Int32, url: URL) throws(EnergiDataError) -> (Int32, Int) {
        var template = Array((NSTemporaryDirectory() + "/energiflow-input-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw EnergiDataError(.unreadableFile, "cannot copy \(url.path) to a temporary file: \(String(cString: strerror(errno)))")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: 1)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let got = read(input, buffer, blockSize)
            if got < 0 && errno == EINTR { continue }
            if got < 0 {
                let code = errno
                close(fd)
                throw unreadable(url, code)
            }
            if got == 0 { break }
            var written = 0
            while written < got {
                let n = write(fd, buffer + written, got - written)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    let reason = String(cString: strerror(errno))
                    close(fd)
                    throw EnergiDataError(.unreadableFile, "cannot copy \(url.path) to a temporary file: \(reason)")
                }
                written += n
            }
            total += got
        }
        return (fd, total)
    }
}

/// Bytes of a `FileWindow` as a parser sees them: `base[0]` is the byte at
/// file offset `offset`; `isFinal` when the bytes reach the end of the input
/// (otherwise an item running into the end needs more bytes).
struct ByteView {
    let base: UnsafePointer<UInt8>
    let count: Int
    let offset: Int
    let isFinal: Bool

    /// File offset just past the last byte.
    var end: Int { offset + count }
}
