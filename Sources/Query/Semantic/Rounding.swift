import Foundation
import Tabular

/// `round(x, digits)` exactly as PostgreSQL's `round(x::numeric, digits)`:
/// the double is first written with 15 significant digits (what the server's
/// cast to numeric does), then rounded in decimal, halves away from zero;
/// so 2.675 rounds to 2.68 in memory as in SQL, not to 2.67.
enum Rounding {
    static func round(_ value: Value, digits: Int) -> Value {
        switch value {
        case .int(let i):
            guard digits < 0 else { return value }
            guard let rounded = decimal(Decimal(i), digits: digits) else { return .null }
            return Int64(exactly: NSDecimalNumber(decimal: rounded).doubleValue).map(Value.int) ?? .null
        case .double(let d):
            guard d.isFinite else { return value }
            guard let decimal = Decimal(string: String(format: "%.15g", d), locale: Locale(identifier: "en_US_POSIX")),
                  let rounded = Rounding.decimal(decimal, digits: digits) else { return .null }
            // Through text, so the double is the one nearest the decimal (as the server's cast gives).
            let text = NSDecimalNumber(decimal: rounded).description(withLocale: Locale(identifier: "en_US_POSIX"))
            return Double(text).map { Value.double($0 == 0 ? 0 : $0) } ?? .null
        default:
            return .null
        }
    }

    static func decimal(_ value: Decimal, digits: Int) -> Decimal? {
        var input = value
        var result = Decimal()
        // .plain rounds a half away from zero for either sign.
        NSDecimalRound(&result, &input, digits, .plain)
        return result
    }
}
