import Foundation
import Postgres
import Query

/// A filter pushed into the statement, with what it got and what it kept,
/// as count queries: when a statement gives no rows, the first filter that
/// got rows and kept none is named in a note ("where price < -500 kept none
/// of the 8,784 rows it got"), since an empty result says nothing of why.
public struct FilterProbe: Sendable {
    public var stage: String
    /// The filter as written.
    public var text: String
    var before: (sql: String, parameters: [PostgresValue])
    var after: (sql: String, parameters: [PostgresValue])

    init(stage: String, text: String, before: StoreQuery, after: StoreQuery) {
        self.stage = stage
        self.text = text
        self.before = Self.count(before.statement())
        self.after = Self.count(after.statement())
    }

    init(stage: String, text: String, before: (sql: String, parameters: [PostgresValue]),
         after: (sql: String, parameters: [PostgresValue])) {
        self.stage = stage
        self.text = text
        self.before = Self.count(before)
        self.after = Self.count(after)
    }

    static func count(_ statement: (sql: String, parameters: [PostgresValue])) -> (sql: String, parameters: [PostgresValue]) {
        ("SELECT count(*) FROM (\n" + statement.sql + "\n) AS rows", statement.parameters)
    }

    /// The note for a statement that gave no rows, when a filter explains it.
    static func report(_ query: StoreQuery, context: ExecutionContext) {
        guard !query.probes.isEmpty, let database = context.database,
              let connection = try? database.connection() else { return }
        for probe in query.probes {
            guard let got = try? connection.query(probe.before.sql, probe.before.parameters).scalar?.int, got > 0 else { return }
            guard let kept = try? connection.query(probe.after.sql, probe.after.parameters).scalar?.int else { return }
            if kept == 0 {
                context.warnings.note(stage: nil, "\(probe.text) kept none of the \(got) rows it got")
                return
            }
        }
    }
}
