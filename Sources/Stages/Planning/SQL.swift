import Postgres
import Query
import Tabular

/// Small helpers for writing SQL text.
public enum SQL {
    /// `"name"`: a quoted identifier (quotes inside doubled). Only ever used
    /// with names from a known column list, never with user text.
    public static func identifier(_ name: String) -> String {
        SQLWriter.identifier(name)
    }

    /// The PostgreSQL type that holds values of `type`.
    /// `SET LOCAL "name" TO 'value'`: a setting for the rest of the
    /// transaction. A statement, not `set_config`, which the query role may
    /// not call (README: Security); SET takes no parameters, so the value is
    /// a quoted literal (quotes doubled) and the name a quoted identifier.
    static func setLocal(_ name: String, _ value: String) -> String {
        "SET LOCAL \(identifier(name)) TO '" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    public static func typeName(_ type: ValueType) -> String {
        SQLWriter.typeName(type)
    }

    /// `expression` as SQL text, its constants bound in `parameters`.
    public static func text(_ expression: TypedExpression, _ parameters: inout SQLParameters,
                            writer: SQLWriter = SQLWriter()) -> String {
        writer.sql(expression) { value, type in parameters.bind(value, as: type) }
    }

    /// A parameter's value for explain: `'DK1'`, `30`, `2024-09-01 00:00:00+00`, NULL.
    public static func describe(_ value: PostgresValue) -> String {
        switch value {
        case .null: return "NULL"
        case .text(let s), .json(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
        default: return value.description
        }
    }

    /// The type name explain shows next to a parameter.
    public static func describeType(_ value: PostgresValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "bigint"
        case .double: return "double precision"
        case .text: return "text"
        case .timestamp: return "timestamptz"
        case .date: return "date"
        case .json: return "json"
        case .bytes: return "bytea"
        }
    }

    /// `text` with every line that is not empty indented by `spaces`.
    static func indent(_ text: String, by spaces: Int) -> String {
        let pad = String(repeating: " ", count: spaces)
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : pad + $0 }.joined(separator: "\n")
    }
}
