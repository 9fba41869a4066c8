import Query
import Tabular

/// The CSV line of a row written by PostgreSQL, field for field as
/// `CSVWriter` writes it (the tests compare the two byte for byte): text
/// quoted when it holds a comma, a quote, CR or LF or is empty, quotes
/// doubled; numbers as the server writes them (`extra_float_digits` 1,
/// non-finite as null); times `YYYY-MM-DDTHH:MM:SS±HH:MM` in the
/// pipeline's zone (the transaction's TimeZone); days `YYYY-MM-DD`;
/// true/false; null as an empty field. Only column names and our own
/// constants become SQL text.
enum CSVLines {
    static func select(_ schema: Schema) -> String {
        let fields = schema.columns.map(field)
        let line = fields.isEmpty ? "''" : fields.joined(separator: " || ',' || ")
        return line + " AS \"line\""
    }

    static func field(_ column: Column) -> String {
        let c = SQLWriter.identifier(column.name)
        switch column.type {
        case .text:
            let special = ["','", "'\"'", "chr(13)", "chr(10)"].map { "strpos(\(c), \($0)) > 0" }.joined(separator: " OR ")
            return "CASE WHEN \(c) IS NULL THEN '' WHEN \(c) = '' OR \(special) THEN '\"' || replace(\(c), '\"', '\"\"') || '\"' ELSE \(c) END"
        case .int:
            return "coalesce((\(c))::bigint::text, '')"
        case .double:
            return "CASE WHEN \(c) IS NULL OR (\(c))::float8 IN ('NaN', 'Infinity', '-Infinity') THEN '' ELSE (\(c))::float8::text END"
        case .bool:
            return "CASE WHEN \(c) IS NULL THEN '' WHEN \(c) THEN 'true' ELSE 'false' END"
        case .day:
            return "coalesce(to_char(\(c), 'YYYY-MM-DD'), '')"
        case .time:
            return "coalesce(to_char(\(c), 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM'), '')"
        }
    }

    /// What the transaction needs for the lines to read as `CSVWriter` writes them.
    static func settings(_ context: ExecutionContext) -> [(String, String)] {
        [("TimeZone", context.timeZone.sqlName), ("extra_float_digits", "1"), ("DateStyle", "ISO, YMD")]
    }
}
