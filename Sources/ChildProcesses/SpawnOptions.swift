/// How `ChildProcess.spawn` connects a child and whether it runs contained.
public struct SpawnOptions: Sendable, Hashable {
    /// Where one of the child's standard streams goes.
    public enum Stream: Sendable, Hashable {
        /// A pipe whose other end is ours (`stdinFD`, `stdoutFD`, `stderrFD`), non-blocking.
        case pipe
        /// /dev/null.
        case nullDevice
        /// EnergiFlow's own descriptor.
        case inherit
        /// A file: read for stdin; created or truncated (mode 0600) for stdout and stderr.
        case file(String)
    }

    public var stdin: Stream
    public var stdout: Stream
    public var stderr: Stream
    /// A process group of its own, the run marker, and what it leaves behind
    /// killed and reaped when it ends (plugins). False: EnergiFlow's process
    /// group, and what it starts may live on (`pg_ctl start`'s server).
    public var contained: Bool

    public init(stdin: Stream = .nullDevice, stdout: Stream = .pipe, stderr: Stream = .pipe, contained: Bool = true) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.contained = contained
    }
}
