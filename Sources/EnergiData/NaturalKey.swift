/// The natural key of a record: what makes it unique, so that storing it twice
/// changes nothing.
///
/// Format (fields joined by `|`):
///
///     <apiName>|<UTC time>|<PriceArea>[|<part>…]
///
/// - `<UTC time>` is the instant of the dataset's UTC field normalised to
///   `YYYY-MM-DDTHH:MM:SSZ` (fractional seconds only when not zero), whatever
///   form it was written in.
/// - Prices (ElspotPrices, DayAheadPrices): no parts,
///   `ElspotPrices|2024-09-24T23:00:00Z|DK1`.
/// - DeclarationProduction: ProductionType, FuelAllocationMethod, DeliveryType,
///   Version, `DeclarationProduction|2024-09-24T23:00:00Z|DK1|Fossil Oil|125%|Grid|Preliminary`.
/// - Wide datasets (ElectricityBalanceNonv, ProductionConsumptionSettlement): the
///   Kafka message key has no parts; each production row stored from it adds
///   its column, `ElectricityBalanceNonv|2024-08-28T22:00:00Z|DK2|Biomass`.
///
/// Text is taken as is; a `|` or `\` inside it is escaped as `\|` or `\\`, so
/// different records never share a key.
public enum NaturalKey {
    public static func make(dataset: Dataset, utcTime: String, area: String, parts: [String] = []) -> String {
        var key = dataset.apiName
        key.reserveCapacity(key.utf8.count + utcTime.utf8.count + area.utf8.count + 2 + parts.reduce(0) { $0 + $1.utf8.count + 1 })
        key += "|"
        key += utcTime
        key += "|"
        appendEscaped(area, to: &key)
        for part in parts {
            key += "|"
            appendEscaped(part, to: &key)
        }
        return key
    }

    /// The same key for a key time (written in UTC), built in one allocation.
    public static func make(dataset: Dataset, time: Timestamp, area: String, parts: [String] = []) -> String {
        let u = time.utc
        guard u.nanosecond == 0 else { return make(dataset: dataset, utcTime: u.utcString, area: area, parts: parts) }
        var capacity = dataset.apiName.utf8.count + 22 + escapedLength(area)
        for part in parts { capacity += 1 + escapedLength(part) }
        return String(unsafeUninitializedCapacity: capacity) { buffer in
            guard let out = buffer.baseAddress else { return 0 }
            var i = 0
            @inline(__always) func put(_ text: String, escaping: Bool) {
                var text = text
                text.withUTF8 { bytes in
                    for b in bytes {
                        if escaping && (b == 0x7C || b == 0x5C) { out[i] = 0x5C; i += 1 }
                        out[i] = b
                        i += 1
                    }
                }
            }
            put(dataset.apiName, escaping: false)
            out[i] = 0x7C
            Timestamp.format(u.year, u.month, u.day, u.hour, u.minute, u.second, into: out + i + 1)
            out[i + 20] = 0x5A
            out[i + 21] = 0x7C
            i += 22
            put(area, escaping: true)
            for part in parts {
                out[i] = 0x7C
                i += 1
                put(part, escaping: true)
            }
            return i
        }
    }

    private static func escapedLength(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var n = bytes.count
            for b in bytes where b == 0x7C || b == 0x5C { n += 1 }
            return n
        }
    }

    /// The key of one production row of a wide record: the message key plus `|column`.
    public static func row(messageKey: String, column: String) -> String {
        var key = messageKey
        key += "|"
        appendEscaped(column, to: &key)
        return key
    }

    private static func appendEscaped(_ text: String, to key: inout String) {
        if !text.utf8.contains(where: { $0 == 0x7C || $0 == 0x5C }) {
            key += text
            return
        }
        for c in text.unicodeScalars {
            if c == "|" || c == "\\" { key.unicodeScalars.append("\\") }
            key.unicodeScalars.append(c)
        }
    }
}
