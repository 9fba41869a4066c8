import Basics
import Foundation

/// The exit statuses EnergiFlow uses, and what each means: the one table.
/// README.md's "Scripts and exit codes" table is `markdownTable`, row for
/// row (ErrorReportingTests compares them).
public enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// A query error (parse, plan, runtime, a failing plugin), or a command that failed.
    case error = 1
    /// A bad command line.
    case usage = 2
    /// PostgreSQL or Kafka cannot be reached (or started).
    case unreachable = 3
    /// `consume` / `ingest` finished, but the broker deleted messages before they were stored.
    case dataLost = 4
    /// This system has no time-zone data for the market's zone (`TimeZoneDataError`): nothing runs.
    case noTimeZoneData = 5
    /// Ended by SIGHUP (128 + 1), after stopping its plugins.
    case hangup = 129
    /// Ctrl-C (128 + SIGINT, as a shell reports it).
    case interrupted = 130
    /// The reader of the output went away (128 + SIGPIPE), as `cat` ends.
    case brokenPipe = 141
    /// Ended by SIGTERM (128 + 15), after stopping its plugins.
    case terminated = 143

    /// The README's table: each row's statuses and what they mean.
    public static let documented: [(statuses: [ExitStatus], meaning: String)] = [
        ([.success], "success"),
        ([.error], "query error: parse, plan or runtime (a failing plugin included)"),
        ([.usage], "usage error (bad command line)"),
        ([.unreachable], "cannot connect to PostgreSQL or Kafka"),
        ([.dataLost], "`consume` / `ingest`: done, but messages were deleted by the broker before they were stored (a [gap](#gaps-nothing-lost-in-silence))"),
        ([.noTimeZoneData], "this system has no time-zone data for \(MarketTimeZone.identifier) (install `tzdata`); checked before anything runs"),
        ([.interrupted], "interrupted (Ctrl-C)"),
        ([.brokenPipe], "the reader of a command's output went away (`energiflow status | head -1`), as for `cat`"),
        ([.terminated, .hangup], "stopped by SIGTERM, SIGHUP (plugins stopped first)"),
    ]

    /// `documented` as the README writes it, header included.
    public static var markdownTable: String {
        let rows = documented.map { row in
            "| \(row.statuses.map { String($0.rawValue) }.joined(separator: ", ")) | \(row.meaning.replacingOccurrences(of: "|", with: "\\|")) |"
        }
        return (["| exit code | meaning |", "| --- | --- |"] + rows).joined(separator: "\n")
    }
}
