import Basics
import Foundation
import Postgres
import Tabular

/// A batch of rows for `energi_records`, encoded as they are added into the
/// binary COPY form `RecordWriter` sends, with what the writer must know
/// about them gathered on the way: the (area, hour) cells they fall in, for
/// the daily rollup, and the cells of versioned rows, for `RowVersions`.
///
/// Adding a row allocates nothing of its own (the buffer grows), so a
/// consumer can turn messages into a batch without building a `StoreRow`
/// each; `append(_ row:)` takes a `StoreRow` for everyone else.
public struct EncodedRows: Sendable {
    /// The rows in the order of `RecordWriter.columns`.
    public private(set) var encoded = PostgresBinaryRows()
    /// The (Danish day, area) pairs the rows fall in.
    private(set) var affectedDays = Set<DailyRollup.AreaDay>()
    private var lastHour: AreaHour?
    /// Cells of the versioned rows (see `RowVersions`).
    private(set) var versionCells = RowVersions.Cells()
    /// Cells where this batch itself brings two versions of one series.
    private(set) var repeatedVersionCells = RowVersions.Cells()
    /// Hashes of the versioned rows' series keys (the natural key without its
    /// version). A collision only makes a cell look repeated: ranked for nothing.
    private var seriesSeen = Set<UInt64>()
    /// The rows summed per day and area for the rollup.
    private(set) var daily = DailyParts()
    /// False for a part of a batch (`rows(_:)`), whose `daily` sums the whole batch.
    private(set) var dailyIsExact = true
    /// The Danish day of each hour met (the calendar is slow; hours repeat),
    /// and of the one added last.
    private var dayOfHour: [Int64: Day] = [:]
    private var lastDay: (hour: Int64, day: Day)?

    struct AreaHour: Hashable, Sendable {
        var area: String
        var hour: Int64
    }

    public init(capacity: Int = 0) {
        encoded = PostgresBinaryRows(capacity: capacity)
    }

    public init(_ rows: [StoreRow]) {
        self.init()
        for row in rows { append(row) }
    }

    public var count: Int { encoded.count }
    /// Bytes the encoded rows take.
    public var encodedBytes: Int { encoded.bytes.count }
    public var isEmpty: Bool { encoded.isEmpty }

    /// Adds one row. The natural key is written in place: `writeNaturalKey`
    /// gets room for `naturalKeyLength` bytes and returns how many it wrote
    /// (exactly that many). Parameters are in the table's column order.
    public mutating func append(time: Date, area: String, productionMWh: Double?, priceEUR: Double?,
                                productionType: String?, source: String, payload: UnsafeBufferPointer<UInt8>,
                                naturalKeyLength: Int, writeNaturalKey: (UnsafeMutablePointer<UInt8>) -> Int,
                                dataset: String, intervalSeconds: Int, countsInTotals: Bool, version: String?,
                                partition: Int32?, offset: Int64?) {
        encoded.appendTimestamptz(time)
        encoded.appendText(area)
        encoded.appendFloat8(productionMWh)
        encoded.appendFloat8(priceEUR)
        encoded.appendText(productionType)
        encoded.appendText(source)
        encoded.appendJSON(utf8: payload)
        let key = encoded.appendText(length: naturalKeyLength, writeNaturalKey)
        encoded.appendText(dataset)
        encoded.appendInt4(Int32(clamping: intervalSeconds))
        encoded.appendBool(countsInTotals)
        encoded.appendInt4(partition)
        encoded.appendInt8(offset)
        encoded.endRow()

        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        // Rows come hour by hour: most repeat the cell before them.
        let hour = AreaHour(area: area, hour: seconds >= 0 ? seconds / 3600 : (seconds - 3599) / 3600)
        let day: Day
        if let last = lastDay, last.hour == hour.hour {
            day = last.day
        } else {
            if let known = dayOfHour[hour.hour] {
                day = known
            } else {
                day = Day(containing: Date(timeIntervalSince1970: Double(hour.hour) * 3600), in: .copenhagen)
                dayOfHour[hour.hour] = day
            }
            lastDay = (hour.hour, day)
        }
        if hour != lastHour {
            affectedDays.insert(DailyRollup.AreaDay(day: day, area: area))
            lastHour = hour
        }
        daily.add(day: day, hour: hour.hour, area: area, dataset: dataset, productionType: productionType,
                  productionMWh: productionMWh, countsInTotals: countsInTotals, priceEUR: priceEUR,
                  intervalSeconds: intervalSeconds)
        if version != nil {
            versionCells.insert(area: area, time: time, dataset: dataset)
            if !seriesSeen.insert(seriesHash(key)).inserted {
                repeatedVersionCells.insert(area: area, time: time, dataset: dataset)
            }
        }
    }

    /// Adds a `StoreRow`.
    public mutating func append(_ row: StoreRow) {
        var key = row.naturalKey
        key.withUTF8 { keyBytes in
            row.payload.withUnsafeBufferPointer { payload in
                append(time: row.time, area: row.area, productionMWh: row.productionMWh, priceEUR: row.priceEUR,
                       productionType: row.productionType, source: row.source, payload: payload,
                       naturalKeyLength: keyBytes.count,
                       writeNaturalKey: { out in
                           if let base = keyBytes.baseAddress { out.update(from: base, count: keyBytes.count) }
                           return keyBytes.count
                       },
                       dataset: row.dataset, intervalSeconds: row.intervalSeconds, countsInTotals: row.countsInTotals,
                       version: row.version, partition: row.partition, offset: row.offset)
            }
        }
    }

    /// Rows `range` only, for writing a batch in parts. The cells stay the
    /// whole batch's: a part refreshes and ranks a few cells it need not.
    public func rows(_ range: Range<Int>) -> EncodedRows {
        var part = self
        part.encoded = encoded.rows(range)
        part.dailyIsExact = range == 0..<count
        return part
    }

    /// The payload (the message as received) of row `index`.
    public func payload(ofRow index: Int) -> [UInt8]? {
        encoded.field(RecordWriter.payloadColumn, ofRow: index).map(Array.init)
    }

    /// A hash of the natural key up to its last `|` (the series without the
    /// version), eight bytes at a time.
    private func seriesHash(_ key: Range<Int>) -> UInt64 {
        encoded.bytes.withUnsafeBytes { bytes in
            var end = key.upperBound
            while end > key.lowerBound, bytes[end - 1] != UInt8(ascii: "|") { end -= 1 }
            if end == key.lowerBound { end = key.upperBound }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(end - key.lowerBound)
            var i = key.lowerBound
            while i + 8 <= end {
                hash = Self.mix(hash ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            while i < end {
                tail = tail << 8 | UInt64(bytes[i])
                i += 1
            }
            return Self.mix(hash ^ tail)
        }
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var x = value &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        return x &* 0xD6E8_FEB8_6659_FD93
    }
}
