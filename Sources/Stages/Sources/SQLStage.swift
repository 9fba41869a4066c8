import Foundation
import Postgres
import Query
import Tabular

/// `sql '<select>'`: the escape hatch. Runs one SELECT (or WITH … SELECT,
/// VALUES, TABLE) in a read-only transaction through a cursor; columns and
/// their types come from the result. Anything else is refused before it
/// reaches the server, and the read-only transaction refuses writes hidden
/// in a query. The stages after it run in memory.
///
/// What the query may reach is decided by the role it logs in as (the
/// embedded cluster's `energiflow_query`: the store's tables and nothing
/// else), and how long it may run by `timeout=` (PostgreSQL's
/// statement_timeout for each step of the cursor, default 5 minutes).
struct SQLStage: SourceStage {
    let spec = StageSpec(
        name: "sql", kind: .source,
        summary: "Rows of one read-only SELECT on the store (energi_records, energi_daily, …); columns from the result.",
        arguments: [
            ArgumentSpec("query", .text, required: true, position: 0, help: "one SELECT statement, in quotes"),
            ArgumentSpec("timeout", .duration, default: .duration(SQLStage.defaultTimeout),
                         help: "stop the query when it runs longer (1s to 24h)"),
            CommonArguments.tz,
        ],
        examples: [
            "sql 'select price_area, count(*) as records from energi_records group by price_area'",
            "sql 'select day, price_area, avg_price_eur from energi_daily order by day desc limit 3'",
            "sql \"select dataset, min(timestamp) as first, max(timestamp) as last from energi_records group by dataset\" | sort dataset",
        ])

    static let allowedStarts = ["select", "with", "values", "table"]
    static let defaultTimeout = DurationLiteral("5m")!
    static let timeoutRange: ClosedRange<Int64> = 1...86_400

    func source(_ stage: BoundStage, context: ExecutionContext) throws -> SourcePlan {
        guard let text = stage.text("query") else {
            throw QueryError(.missingArgument, "sql needs a query in quotes, e.g. sql 'select 1'", at: stage.call.nameRange)
        }
        let range = stage.range(of: "query")
        var query = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while query.hasSuffix(";") { query = String(query.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        let first = Self.firstWord(query)
        guard Self.allowedStarts.contains(first) else {
            throw QueryError(.other, first.isEmpty ? "sql needs a SELECT statement" : "sql runs only SELECT queries, not \(first.uppercased())",
                             at: range, note: "the store is read-only here; sql takes SELECT, WITH … SELECT, VALUES or TABLE")
        }
        let timeout = stage.duration("timeout") ?? Self.defaultTimeout
        guard Self.timeoutRange.contains(timeout.seconds) else {
            throw QueryError(.other, "sql's timeout must be between 1s and 24h, not \(timeout.text)", at: stage.range(of: "timeout"))
        }
        // The text as written, to map the server's error positions onto it.
        let written = context.statement.map { $0.text(in: range) }
        let sql = query
        let statement = context.statement
        return .rows(RowSource(schema: nil, description: "read-only SQL (cursor):\n" + sql) { context in
            guard let database = context.database else { throw Executor.noDatabase }
            let connection = try database.connection()
            do {
                return try CursorRowStream.open(connection, sql: sql, parameters: [], schema: nil,
                                                cancellation: context.cancellation, statementTimeout: timeout)
            } catch let error as PostgresError where error.code == .server {
                throw Self.located(error, sql: sql, written: written, range: range, in: statement)
            }
        })
    }

    /// The first keyword, skipping `--` and `/* */` comments and parentheses.
    static func firstWord(_ text: String) -> String {
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "(" }
            if rest.hasPrefix("--") {
                rest = rest.drop { $0 != "\n" }
            } else if rest.hasPrefix("/*") {
                guard let end = rest.range(of: "*/") else { return "" }
                rest = rest[end.upperBound...]
            } else {
                break
            }
        }
        return String(rest.prefix { $0.isLetter }).lowercased()
    }

    /// A server error about the user's SQL, pointing at the character the
    /// server names when the quoted text maps one to one onto the query.
    static func located(_ error: PostgresError, sql: String, written: String?, range: SourceRange,
                        in source: SourceText?) -> ExecutionError {
        var at = range
        if let position = error.position, let written, let source {
            let offset = position - 1 - CursorRowStream.declarePrefix.count
            let inner = Array(written.dropFirst().dropLast())
            // Only when the text between the quotes is the query itself (no escapes, no trimming).
            if String(inner) == sql, offset >= 0, offset < inner.count {
                let start = range.start.offset + 1 + offset
                let length = max(1, inner[offset...].prefix { !$0.isWhitespace && $0 != "," && $0 != ")" }.count)
                at = source.range(start, start + length)
            }
        }
        return ExecutionError.from(error, at: at, in: source, what: "the query")
    }
}
