import Basics
import EnergiData
import Foundation
import Ingest
import Store

/// Writes rows in COPY text format exactly as the consumer sends them (the
/// same 13 columns, the message bytes as payload), for the `psql \copy` baseline.
struct CopyFile {
    static let columns = "\"timestamp\", price_area, production_mwh, spot_price_eur, production_type, source, payload, natural_key, dataset, interval_seconds, counts_in_totals, kafka_partition, kafka_offset"

    /// The rows of `messages` (validated as the consumer does) into `url`.
    static func write(_ messages: (Int) -> (key: [UInt8], value: [UInt8]), count: Int, topic: String, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw BenchError("cannot create \(url.path)") }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let validator = RecordValidator(topics: [topic: .declarationProduction])
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        for index in 0..<count {
            let message = messages(index)
            guard case .accepted(let observations) = validator.validate(message.value, topic: topic) else {
                throw BenchError("message \(index) was rejected")
            }
            for observation in observations {
                let row = StoreRow(observation, source: topic, partition: 0, offset: Int64(index))
                field(&out, Timestamp(row.time).apiString.replacingOccurrences(of: "T", with: " ") + "+00")
                field(&out, row.area)
                field(&out, row.productionMWh.map { "\($0)" })
                field(&out, row.priceEUR.map { "\($0)" })
                field(&out, row.productionType)
                field(&out, row.source)
                escaped(&out, row.payload)
                field(&out, row.naturalKey)
                field(&out, row.dataset)
                field(&out, String(row.intervalSeconds))
                field(&out, row.countsInTotals ? "t" : "f")
                field(&out, "0")
                field(&out, String(index), last: true)
            }
            if out.count > 1 << 20 {
                handle.write(Data(out))
                out.removeAll(keepingCapacity: true)
            }
        }
        handle.write(Data(out))
    }

    private static func field(_ out: inout [UInt8], _ text: String?, last: Bool = false) {
        if let text { escaped(&out, Array(text.utf8), last: last) } else {
            out.append(contentsOf: Array("\\N".utf8))
            out.append(last ? 0x0A : 0x09)
        }
    }

    private static func escaped(_ out: inout [UInt8], _ bytes: [UInt8], last: Bool = false) {
        for b in bytes {
            switch b {
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            default: out.append(b)
            }
        }
        out.append(last ? 0x0A : 0x09)
    }
}
