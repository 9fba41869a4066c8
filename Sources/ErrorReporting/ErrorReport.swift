import Basics
import Ingest
import Plugins
import Postgres
import Query
import Services
import Stages

/// What a failure tells the person at the terminal and the script that ran
/// EnergiFlow: the text for stderr and the exit status, decided here and
/// nowhere else (as swift-argument-parser's `MessageInfo` does for its own
/// errors). Every command, the REPL, scripts and the demo report through it.
///
/// Each module's error type says what went wrong; this says what it means
/// for the exit status (`ExitStatus`, the README's table).
public struct ErrorReport: Sendable, Equatable {
    public var status: ExitStatus
    /// For stderr, without a trailing newline: `error: …`, or several lines
    /// for a query error (the caret) and a plugin (its stderr).
    public var text: String

    public init(status: ExitStatus, text: String) {
        self.status = status
        self.text = text
    }

    public init(_ error: any Error) {
        switch error {
        case let error as ExecutionError:
            self.init(status: Self.status(of: error.code), text: error.code == .cancelled ? "cancelled" : error.rendered())
        case let error as QueryError:
            self.init(status: .error, text: error.rendered())
        case let error as PluginError:
            self.init(status: .error, text: error.rendered())
        case let error as ServiceError:
            self.init(status: error.code == .settings ? .error : .unreachable, text: "error: " + error.message)
        case let error as IngestError:
            self.init(status: Self.status(of: error.code), text: "error: " + error.message)
        case let error as TimeZoneDataError:
            self.init(status: .noTimeZoneData, text: "error: " + error.message)
        case let error as PostgresError:
            self.init(status: error.isConnectionError ? .unreachable : .error, text: "error: \(error)")
        default:
            self.init(status: .error, text: "error: \(error)")
        }
    }

    /// The text with a command's name first (`consume: error: …`), for
    /// commands whose other lines on stderr carry it too.
    public func text(prefix: String?) -> String {
        guard let prefix else { return text }
        return prefix + ": " + text
    }

    static func status(of code: ExecutionError.Code) -> ExitStatus {
        switch code {
        case .query, .output, .internal: return .error
        case .connection: return .unreachable
        case .cancelled: return .interrupted
        }
    }

    static func status(of code: IngestError.Code) -> ExitStatus {
        switch code {
        case .kafka, .database: return .unreachable
        case .interrupted: return .interrupted
        case .api, .badResponse, .file: return .error
        }
    }
}
