import ChildProcesses
import Foundation
import Tabular

/// One running plugin: rows come out as the plugin writes them.
///
///     let run = try plugin.start(stage, input: PluginInput(rows))
///     let schema = try run.schema()          // after the first row(s)
///     while let row = try run.next() { … }   // nil: it exited with 0
///
/// A source plugin's stdin is /dev/null; a transform or sink gets the input
/// rows as NDJSON on stdin from a writer thread while this side reads stdout,
/// so large inputs and outputs never deadlock. A sink plugin's stdout is free
/// text for the user: read it with `nextText()` instead of `next()`.
///
/// `next`, `schema`, `nextText`, `collect` and `close` belong to one consumer
/// thread; `cancel` may be called from any thread (e.g. on Ctrl-C). Every
/// failure is a `PluginError` (exit status, signal, timeout, invalid output
/// with its line, cancellation); after one, later calls throw it again.
public final class PluginRun: @unchecked Sendable {
    public let plugin: Plugin
    /// The argv after the executable's path.
    public let arguments: [String]
    private let session: ProcessSession
    private let timeout: TimeInterval
    private let maxLineBytes: Int
    private var decoder: OutputDecoder
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var lineNumber = 0
    private var ready: [[Value]] = []
    private var readyIndex = 0
    private var failure: PluginError?
    private var done = false

    init(plugin: Plugin, arguments: [String], input: PluginInput?, options: PluginRunOptions) throws(PluginError) {
        self.plugin = plugin
        self.arguments = arguments
        timeout = options.timeout ?? plugin.manifest.effectiveTimeout
        maxLineBytes = options.maxLineBytes
        let readsInput = plugin.kind != .source
        let inputSchema = readsInput ? (input?.schema ?? Schema([])) : nil
        decoder = OutputDecoder(declared: plugin.manifest.columns, input: plugin.kind == .transform ? inputSchema : nil)

        var environment = options.environment.map(plugin.environment(from:)) ?? plugin.runEnvironment
        environment["ENERGIFLOW_TIMEZONE"] = options.timeZone.identifier
        if let inputSchema { environment["ENERGIFLOW_SCHEMA"] = RowEncoder.schemaJSON(inputSchema) }

        var feed: (@Sendable (Int32, FeedControl) -> Void)?
        if readsInput {
            let source = input ?? .empty()
            let encoder = RowEncoder(schema: source.schema, timeZone: options.timeZone)
            feed = { fd, control in PluginRun.write(source, with: encoder, to: fd, control) }
        }
        do {
            session = try ProcessSession(path: plugin.path, arguments: arguments, environment: environment,
                                         timeout: timeout, feed: feed)
        } catch {
            throw PluginRun.spawnError(error, name: plugin.name, path: plugin.path)
        }
    }

    /// The output's columns; reads the first row(s) when needed (see
    /// `OutputDecoder` for the rules).
    public func schema() throws(PluginError) -> Schema {
        while decoder.schema == nil {
            if try !fill() { break }
        }
        if let failure { throw failure }
        return decoder.schema ?? Schema(plugin.manifest.columns)
    }

    /// The next output row in `schema()` order; nil when the plugin exited
    /// with status 0 and every line was read.
    public func next() throws(PluginError) -> [Value]? {
        while readyIndex >= ready.count {
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            if try !fill() { return nil }
        }
        readyIndex += 1
        return ready[readyIndex - 1]
    }

    /// Every row to the end.
    public func collect() throws(PluginError) -> RowSet {
        var rows: [[Value]] = []
        while let row = try next() { rows.append(row) }
        return RowSet(schema: try schema(), rows: rows)
    }

    /// A sink plugin's stdout as text, in pieces ending at line ends as they
    /// arrive; nil at the end (status 0). Do not mix with `next()`.
    public func nextText() throws(PluginError) -> String? {
        while true {
            if let failure { throw failure }
            if done { return nil }
            if let newline = buffer.lastIndex(of: 0x0A) {
                let text = String(decoding: buffer[...newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return text
            }
            if !session.readChunk(into: &buffer) {
                try finishProcess()
                done = true
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
        }
    }

    /// Kills the plugin (and its process group); the consumer's next call
    /// throws `.cancelled`. Safe from any thread, any number of times.
    public func cancel() {
        session.cancel()
    }

    /// Stops early without an error (e.g. `limit` downstream has enough):
    /// kills the plugin if it still runs and reaps it.
    public func close() {
        guard !done else { return }
        _ = session.finish(killing: .closed)
        done = true
    }

    /// What the plugin wrote to stderr so far (the last 64 KiB), e.g. to
    /// show warnings after a successful run.
    public var stderr: String { session.stderrText }

    /// Processes the plugin started that left its process group (e.g. with
    /// `setsid`) and were killed when it ended, to warn about; empty until it ended.
    public var escaped: [EscapedProcess] { session.finishedOutcome?.escaped ?? [] }

    /// The warning for `escaped` (a stage warning, so without the plugin's name), or nil.
    public var escapeWarning: String? {
        guard !escaped.isEmpty else { return nil }
        return PluginRun.escapeWarning(escaped, plugin: nil, what: "it ended")
    }

    static func escapeWarning(_ escaped: [EscapedProcess], plugin: String?, what: String) -> String {
        let list = escaped.map(\.description).joined(separator: ", ")
        return (plugin.map { "plugin '\($0)' left " } ?? "left ")
            + "\(escaped.count == 1 ? "a process" : "processes") running outside its process group "
            + "(\(list)); energiflow killed \(escaped.count == 1 ? "it" : "them") when \(what)"
    }

    // MARK: Reading

    /// Reads until at least one row is ready (true) or the output ended (false).
    private func fill() throws(PluginError) -> Bool {
        if let failure { throw failure }
        if done { return false }
        while true {
            while let newline = buffer[consumed...].firstIndex(of: 0x0A) {
                let start = consumed
                consumed = newline + 1
                lineNumber += 1
                if try take(line: start..<newline) { return true }
            }
            if consumed > 1 << 16 || consumed == buffer.count {
                buffer.removeSubrange(..<consumed)
                consumed = 0
            }
            if buffer.count - consumed > maxLineBytes {
                throw fail(PluginError(.invalidJSON, plugin: plugin.name, path: plugin.path,
                                       "plugin '\(plugin.name)' wrote an output line longer than \(maxLineBytes / (1 << 20)) MiB (line \(lineNumber + 1))",
                                       note: "end every row with a newline"))
            }
            if !session.readChunk(into: &buffer) { break }
        }
        // End of output: how the process ended decides first (a crash can
        // leave half a line behind), then the last unterminated line.
        try finishProcess()
        done = true
        if consumed < buffer.count {
            lineNumber += 1
            let rest = consumed..<buffer.count
            consumed = buffer.count
            _ = try take(line: rest)
        }
        do {
            ready += try decoder.finish()
        } catch {
            throw fail(problem: error)
        }
        return readyIndex < ready.count
    }

    /// Decodes one line; true when rows became ready.
    private func take(line range: Range<Int>) throws(PluginError) -> Bool {
        var end = range.upperBound
        if end > range.lowerBound, buffer[end - 1] == 0x0D { end -= 1 }
        if buffer[range.lowerBound..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return false }
        let number = lineNumber
        let result: Result<[[Value]], OutputDecoder.LineError> = buffer.withUnsafeBufferPointer { all in
            let slice = UnsafeBufferPointer(rebasing: all[range.lowerBound..<end])
            do throws(OutputDecoder.LineError) { return .success(try decoder.add(slice, number: number)) } catch { return .failure(error) }
        }
        switch result {
        case .success(let rows):
            guard !rows.isEmpty else { return false }
            ready += rows
            return true
        case .failure(let problem):
            throw fail(problem: problem)
        }
    }

    private func fail(problem: OutputDecoder.LineError) -> PluginError {
        fail(PluginError(problem.code, plugin: plugin.name, path: plugin.path,
                         "plugin '\(plugin.name)' \(problem.message)",
                         note: problem.note, line: problem.line, lineText: problem.text))
    }

    /// Kills the plugin for bad output, waits for it, keeps the error with its stderr.
    private func fail(_ error: PluginError) -> PluginError {
        let outcome = session.finish(killing: .badOutput)
        var error = error
        // A timeout or cancel that came first is the better explanation.
        if outcome.killReason != .badOutput, let earlier = PluginRun.error(from: outcome, plugin: plugin, timeout: timeout) {
            error = earlier
        }
        error.stderr = PluginError.tail(outcome.stderr)
        failure = error
        done = true
        return error
    }

    private func finishProcess() throws(PluginError) {
        let outcome = session.finish()
        if let error = PluginRun.error(from: outcome, plugin: plugin, timeout: timeout) {
            failure = error
            done = true
            throw error
        }
    }

    // MARK: Writing (on the writer thread)

    private static func write(_ input: PluginInput, with encoder: RowEncoder, to fd: Int32, _ control: FeedControl) {
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        do {
            while let row = try input.next() {
                encoder.append(row, to: &chunk)
                if chunk.count >= 1 << 16 {
                    guard control.write(chunk, to: fd) else { return }
                    chunk.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            control.inputFailed(error)
            return
        }
        _ = control.write(chunk, to: fd)
    }
}
