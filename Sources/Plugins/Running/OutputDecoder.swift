import Basics
import Foundation
import Tabular

/// Turns a plugin's stdout lines (NDJSON objects) into typed rows.
///
/// The output schema, predictable by rule:
/// - Columns: the keys of the first row in the order written, then any
///   column the manifest declares that the first row lacks. A later row may
///   leave a column out (null) but may not add one.
/// - Each column's type: the manifest's `columns` when it declares it; else
///   the input column of the same name (a transform passing a column through
///   keeps its type and unit); else inferred from the first non-null value
///   (looking ahead up to `lookahead` rows): true/false → bool, a number
///   written without `.` or exponent → int, other numbers → double, a string
///   that is exactly `yyyy-MM-dd` → day, an ISO 8601 time with `Z` or an
///   offset → time, any other string → text. A column that stays null → text.
/// - Values: an int column takes integral numbers (`24.0`), a double column
///   any number; `NaN`/`Infinity` (Python writes them) become null; a value
///   that does not fit its column is an error naming the line.
/// - No rows at all: the manifest's columns; for a transform, the input's
///   columns followed by the declared ones it lacks.
struct OutputDecoder {
    /// What is wrong with one output line; `message` follows "plugin 'x' ".
    struct LineError: Error, Sendable {
        var code: PluginError.Code
        var message: String
        var note: String?
        var line: Int
        var text: String
    }

    enum TypeOrigin: Sendable {
        case declared, input, inferred, defaulted
    }

    static let lookahead = 100

    let declared: [Column]
    let input: Schema?
    private(set) var schema: Schema?
    private var origins: [TypeOrigin] = []
    private var index: [String: Int] = [:]

    // While the schema is open: the columns so far and the rows read.
    private var names: [String] = []
    private var types: [ValueType?] = []
    private var units: [String?] = []
    private var pending: [(object: [JSONMember], line: Int, text: String)] = []

    init(declared: [Column], input: Schema?) {
        self.declared = declared
        self.input = input
    }

    /// Reads one non-blank line; returns the rows now ready (none while the
    /// schema is still open, then everything pending).
    mutating func add(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws(LineError) -> [[Value]] {
        let json: JSONValue
        do {
            json = try JSONValue.parse(UnsafeRawBufferPointer(line), options: .pluginOutput)
        } catch {
            let text = String(decoding: line, as: UTF8.self)
            let column = line.prefix(error.offset).reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            throw LineError(code: .invalidJSON, message: "wrote invalid JSON on output line \(number): \(error.reason) (column \(column))",
                              note: "every line a plugin writes to stdout must be one JSON object; write messages to stderr",
                              line: number, text: text)
        }
        guard case .object(let object) = json else {
            throw LineError(code: .notAnObject, message: "wrote \(json.described) on output line \(number), not a JSON object",
                              note: "write each row as one object, like {\"area\": \"DK1\", \"price\": 42.5}",
                              line: number, text: String(decoding: line, as: UTF8.self))
        }
        if schema != nil {
            return [try row(object, line: number, text: { String(decoding: line, as: UTF8.self) })]
        }
        if pending.isEmpty { open(with: object) }
        pending.append((object, number, String(decoding: line, as: UTF8.self)))
        infer(from: object)
        if types.allSatisfy({ $0 != nil }) || pending.count >= OutputDecoder.lookahead {
            return try close()
        }
        return []
    }

    /// At the end of the output: fixes the schema if it is still open and
    /// returns the rows held back.
    mutating func finish() throws(LineError) -> [[Value]] {
        if schema != nil { return [] }
        if pending.isEmpty {
            // Declared columns win over input columns of the same name.
            var columns = (input?.columns ?? []).map { c in declared.first { $0.name == c.name } ?? c }
            for c in declared where !columns.contains(where: { $0.name == c.name }) { columns.append(c) }
            schema = Schema(columns)
            return []
        }
        return try close()
    }

    // MARK: Schema

    private mutating func open(with first: [JSONMember]) {
        names = first.keys
        for c in declared where !names.contains(c.name) { names.append(c.name) }
        for name in names {
            if let c = declared.first(where: { $0.name == name }) {
                types.append(c.type); units.append(c.unit); origins.append(.declared)
            } else if let c = input?.column(named: name) {
                types.append(c.type); units.append(c.unit); origins.append(.input)
            } else {
                types.append(nil); units.append(nil); origins.append(.inferred)
            }
        }
    }

    private mutating func infer(from object: [JSONMember]) {
        for (i, name) in names.enumerated() where types[i] == nil {
            guard let value = object[name], let t = OutputDecoder.inferredType(value) else { continue }
            types[i] = t
        }
    }

    private mutating func close() throws(LineError) -> [[Value]] {
        var columns: [Column] = []
        for (i, name) in names.enumerated() {
            if types[i] == nil { origins[i] = .defaulted }
            columns.append(Column(name, types[i] ?? .text, unit: units[i]))
        }
        let fixed = Schema(columns)
        schema = fixed
        for (i, name) in names.enumerated() where index[name] == nil { index[name] = i }
        let held = pending
        pending = []
        var rows: [[Value]] = []
        rows.reserveCapacity(held.count)
        for p in held { rows.append(try row(p.object, line: p.line, text: { p.text })) }
        return rows
    }

    static func inferredType(_ value: JSONValue) -> ValueType? {
        switch value {
        case .null: return nil
        case .bool: return .bool
        case .number(let n) where n.integer != nil: return .int
        case .number(let n): return n.double.isFinite ? .double : nil
        case .string(let s):
            if Day(s) != nil { return .day }
            if ISO8601.instant(s) != nil { return .time }
            return .text
        case .array, .object: return .text
        }
    }

    // MARK: Rows

    private func row(_ object: [JSONMember], line: Int, text: () -> String) throws(LineError) -> [Value] {
        guard let schema else { return [] }
        var values = [Value](repeating: .null, count: schema.columns.count)
        for member in object {
            let (key, json) = (member.key, member.value)
            guard let i = index[key] else {
                throw LineError(code: .invalidRow,
                                  message: "wrote a column '\(key)' on output line \(line) that the first row did not have",
                                  note: "write every column in every row (null when empty), or declare it in the manifest's \"columns\"",
                                  line: line, text: text())
            }
            let column = schema.columns[i]
            guard let value = OutputDecoder.convert(json, to: column.type) else {
                throw LineError(code: .invalidRow,
                                  message: "wrote \(json.described) for column '\(key)' on output line \(line), which holds \(OutputDecoder.expectation(column.type))",
                                  note: note(for: i, column: column), line: line, text: text())
            }
            values[i] = value
        }
        return values
    }

    private func note(for i: Int, column: Column) -> String {
        switch origins[i] {
        case .declared: return "the manifest's \"columns\" declares '\(column.name)' as \(column.type.rawValue)"
        case .input: return "'\(column.name)' is \(column.type.rawValue) in the input; to change its type, declare it in the manifest's \"columns\""
        case .inferred, .defaulted:
            return "the type \(column.type.rawValue) was inferred from the first rows; declare the column in the manifest's \"columns\" to set it"
        }
    }

    static func convert(_ json: JSONValue, to type: ValueType) -> Value? {
        if case .null = json { return .null }
        if case .number(let n) = json, !n.double.isFinite { return .null }
        switch (type, json) {
        case (.bool, .bool(let b)): return .bool(b)
        case (.int, .number(let n)):
            if let i = n.integer { return .int(i) }
            let d = n.double
            guard d == d.rounded(), abs(d) < 9.2e18 else { return nil }
            return .int(Int64(d))
        case (.double, .number(let n)): return .double(n.double)
        case (.text, .string(let s)): return .text(s)
        case (.time, .string(let s)): return ISO8601.instant(s).map(Value.time)
        case (.day, .string(let s)): return Day(s).map(Value.day)
        default: return nil
        }
    }

    static func expectation(_ type: ValueType) -> String {
        switch type {
        case .bool: return "true/false"
        case .int: return "whole numbers"
        case .double: return "numbers"
        case .text: return "strings"
        case .time: return "times like \"2024-01-01T00:00:00+01:00\" (with Z or an offset)"
        case .day: return "days like \"2024-01-01\""
        }
    }
}
