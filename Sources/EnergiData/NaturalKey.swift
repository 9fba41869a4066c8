import Basics

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
    /// The key of a record at key time `time` (written in UTC), built in one allocation.
    public static func make<Parts: Collection<String>>(dataset: Dataset, time: Timestamp, area: String, parts: Parts) -> String {
        String(unsafeUninitializedCapacity: length(dataset: dataset, time: time, area: area, parts: parts)) { buffer in
            guard let out = buffer.baseAddress else { return 0 }
            return write(dataset: dataset, time: time, area: area, parts: parts, to: out)
        }
    }

    public static func make(dataset: Dataset, time: Timestamp, area: String) -> String {
        make(dataset: dataset, time: time, area: area, parts: EmptyCollection())
    }

    /// How many bytes `write` writes for this key.
    public static func length<Parts: Collection<String>>(dataset: Dataset, time: Timestamp, area: String, parts: Parts) -> Int {
        var count = dataset.apiName.utf8.count + 2 + timeLength(time) + escapedLength(area)
        for part in parts { count += 1 + escapedLength(part) }
        return count
    }

    /// Writes the key's UTF-8 bytes at `out`, which has room for `length(…)`
    /// of them (the same arguments); returns how many were written. For
    /// writers that put the key straight into a buffer of their own.
    @discardableResult
    public static func write<Parts: Collection<String>>(dataset: Dataset, time: Timestamp, area: String, parts: Parts,
                                                       to out: UnsafeMutablePointer<UInt8>) -> Int {
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
        i += 1
        let u = time.utc
        if u.nanosecond == 0 {
            ISO8601Format.write19(u, to: out + i)
            out[i + 19] = 0x5A
            i += 20
        } else {
            put(u.utcString, escaping: false)
        }
        out[i] = 0x7C
        i += 1
        put(area, escaping: true)
        for part in parts {
            out[i] = 0x7C
            i += 1
            put(part, escaping: true)
        }
        return i
    }

    private static func escapedLength(_ text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var n = bytes.count
            for b in bytes where b == 0x7C || b == 0x5C { n += 1 }
            return n
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, with a fraction when there is one.
    private static func timeLength(_ time: Timestamp) -> Int {
        let u = time.utc
        return u.nanosecond == 0 ? 20 : u.utcString.utf8.count
    }
}
