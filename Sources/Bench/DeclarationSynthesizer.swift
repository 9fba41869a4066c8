import Basics
import EnergiData
import Foundation

/// DeclarationProduction messages made from the real record structure: the
/// 26 rows of one real hour (every production type, fuel allocation method
/// and delivery type, all 25 fields) repeated hour after hour for DK1 and
/// DK2, with the times moved and the figures varied, so every natural key is
/// unique and the bytes look like the API's.
struct DeclarationSynthesizer {
    let templates: [EnergiRecord]
    let areas = ["DK1", "DK2"]
    /// 2015-01-01T00:00Z: far from the recorded hours, so keys never collide with them.
    let firstHour: Int64 = 1_420_070_400

    init(file: URL) throws {
        let recorded = try RecordFileReader(dataset: .declarationProduction).read(contentsOf: file)
        guard let first = recorded.records.first else { throw BenchError("no DeclarationProduction records in \(file.path)") }
        templates = recorded.records.filter { $0.time == first.time }
    }

    /// Messages per hour (both areas).
    var perHour: Int { templates.count * areas.count }

    /// The area and hour (seconds since 1970) of message `index`.
    func placement(_ index: Int) -> (area: String, epoch: Int64) {
        let within = index % perHour
        return (areas[within / templates.count], firstHour + Int64(index / perHour) * 3600)
    }

    /// The key and value of message `index` (0-based).
    func message(_ index: Int) -> (key: [UInt8], value: [UInt8]) {
        let hour = index / perHour
        let within = index % perHour
        let area = areas[within / templates.count]
        let template = templates[within % templates.count]
        let epoch = firstHour + Int64(hour) * 3600
        let utc = Timestamp(epochSeconds: epoch)
        let local = Timestamp(Date(timeIntervalSince1970: Double(epoch)), in: .copenhagen)
        let factor = 0.5 + Double((index &* 2_654_435_761) % 1000) / 1000
        var fields = template.fields
        for k in fields.indices {
            switch fields[k].key {
            case "HourUTC": fields[k].value = .string(utc.apiString)
            case "HourDK": fields[k].value = .string(local.apiString)
            case "PriceArea": fields[k].value = .string(area)
            case "Production_MWh":
                if let mwh = fields[k].value.doubleValue, let number = JSONNumber((mwh * factor * 1000).rounded() / 1000) {
                    fields[k].value = .number(number)
                }
            default: break
            }
        }
        // The natural key, as EnergiRecord makes it.
        let key = (try? EnergiRecord(dataset: .declarationProduction, fields: fields).messageKey) ?? "\(index)"
        return (Array(key.utf8), JSONWriter.bytes(members: fields))
    }
}
