import Foundation

extension RecordValidator {
    /// The documented fields found in one message, turned into rows.
    struct Fields {
        let p: UnsafePointer<UInt8>
        let table: FieldTable
        let slots: UnsafeMutableBufferPointer<Slot>

        func observations(anyProductionColumn: Bool, payload: () -> [UInt8]) -> ValidationResult {
            let dataset = table.dataset
            if let problem = typeProblem() { return .rejected(problem) }

            // Key: time and area.
            let timeSlot = slots[table.timeIndex]
            let timeName = table.names[table.timeIndex]
            guard timeSlot.present else { return .rejected(.missing(timeName)) }
            guard timeSlot.kind == .string else { return .rejected(.null(timeName)) }
            guard let stamp = timestamp(timeSlot) else { return .rejected(.notTime(timeName, shown(timeSlot))) }
            guard stamp.nanosecond == 0, stamp.epochSeconds % Int64(dataset.interval) == 0 else {
                return .rejected(.misaligned(timeName, shown(timeSlot), interval: dataset.interval))
            }
            if table.localTimeIndex >= 0 {
                let local = slots[table.localTimeIndex]
                if local.present, local.kind == .string, timestamp(local) == nil {
                    return .rejected(.notTime(table.names[table.localTimeIndex], shown(local)))
                }
            }
            let areaSlot = slots[table.areaIndex]
            guard areaSlot.present else { return .rejected(.missing(dataset.areaField)) }
            guard areaSlot.kind == .string else { return .rejected(.null(dataset.areaField)) }
            let area = string(areaSlot)
            guard PriceArea.isAcceptable(area) else { return .rejected(.area(area)) }
            let time = Date(timeIntervalSince1970: Double(stamp.epochSeconds))

            switch dataset {
            case .elspotPrices, .dayAheadPrices:
                let eurSlot = slots[table.eurIndex]
                let eurName = table.names[table.eurIndex]
                guard eurSlot.present else { return .rejected(.missing(eurName)) }
                guard eurSlot.kind == .number else {
                    return .rejected(.null(eurName, ": a price record needs a EUR price"))
                }
                let dkkSlot = slots[table.dkkIndex]
                let dkk = dkkSlot.present && dkkSlot.kind == .number ? number(dkkSlot) : nil
                let row = StoredObservation(
                    naturalKey: NaturalKey.make(dataset: dataset, time: stamp, area: area),
                    dataset: dataset, time: time, area: area, intervalSeconds: dataset.interval,
                    measure: .price(eur: number(eurSlot), dkk: dkk), payload: payload())
                return .accepted([row])

            case .declarationProduction:
                var parts: [String] = []
                parts.reserveCapacity(4)
                for k in table.keyPartIndices {
                    let slot = slots[k]
                    guard slot.present else { return .rejected(.missing(table.names[k])) }
                    guard slot.kind == .string else { return .rejected(.null(table.names[k])) }
                    parts.append(string(slot))
                }
                // parts: ProductionType, FuelAllocationMethod, DeliveryType, Version.
                let counts: Bool
                switch parts[1] {
                case "Total", "All": counts = true
                case "125%", "200%": counts = false
                case let method where method.caseInsensitiveEquals("total") || method.caseInsensitiveEquals("all"):
                    counts = true
                default:
                    return .rejected(Rejection(
                        .badValue, "FuelAllocationMethod \(quoted(parts[1])) is not one of All, Total, 125%, 200%",
                        field: "FuelAllocationMethod"))
                }
                let mwhSlot = slots[table.mwhIndex]
                guard mwhSlot.present else { return .rejected(.missing("Production_MWh")) }
                guard mwhSlot.kind == .number else { return .rejected(.null("Production_MWh")) }
                let row = StoredObservation(
                    naturalKey: NaturalKey.make(dataset: dataset, time: stamp, area: area, parts: parts),
                    dataset: dataset, time: time, area: area, intervalSeconds: dataset.interval,
                    measure: .production(type: parts[0], mwh: number(mwhSlot), countsInTotals: counts),
                    payload: payload(), version: parts[3])
                return .accepted([row])

            case .electricityBalanceNonv, .productionConsumptionSettlement:
                guard anyProductionColumn else {
                    return .rejected(Rejection(
                        .noProduction,
                        "no production column (expected some of \(dataset.productionColumns.joined(separator: ", ")))"))
                }
                let messageKey = NaturalKey.make(dataset: dataset, time: stamp, area: area)
                let bytes = payload()
                let columns = dataset.productionColumns
                var rows: [StoredObservation] = []
                rows.reserveCapacity(columns.count)
                for (column, k) in zip(columns, table.productionIndices) {
                    let slot = slots[k]
                    guard slot.present, slot.kind == .number else { continue }
                    rows.append(StoredObservation(
                        naturalKey: NaturalKey.row(messageKey: messageKey, column: column),
                        dataset: dataset, time: time, area: area, intervalSeconds: dataset.interval,
                        measure: .production(type: column, mwh: number(slot), countsInTotals: true),
                        payload: bytes))
                }
                return .accepted(rows)
            }
        }

        /// The first documented field whose JSON type is wrong for its kind.
        private func typeProblem() -> Rejection? {
            for k in 0..<table.count where slots[k].present && slots[k].kind != .null {
                let kind = slots[k].kind
                switch table.kinds[k] {
                case .number where kind != .number:
                    return .notNumber(table.names[k], shown(slots[k]))
                case .text where kind != .string:
                    return .notText(table.names[k], shown(slots[k]))
                case .utcTime where kind != .string, .localTime where kind != .string:
                    return .notTime(table.names[k], shown(slots[k]))
                default:
                    continue
                }
            }
            return nil
        }

        /// A string value's content (between the quotes) and whether it has escapes.
        private func span(_ slot: Slot) -> JSONScanner.StringSpan {
            let start = slot.start + 1, end = slot.end - 1
            var escaped = false
            for i in start..<end where p[i] == 0x5C {
                escaped = true
                break
            }
            return JSONScanner.StringSpan(start: start, end: end, escaped: escaped)
        }

        private func string(_ slot: Slot) -> String {
            JSONParser.decode(p, span(slot))
        }

        private func timestamp(_ slot: Slot) -> Timestamp? {
            let s = span(slot)
            if !s.escaped { return Timestamp.parse(p, s.start..<s.end) }
            return Timestamp.parse(JSONParser.decode(p, s))
        }

        private func number(_ slot: Slot) -> Double {
            DecimalText.double(p, slot.start..<slot.end)
        }

        private func shown(_ slot: Slot) -> String {
            Rejection.show(p, slot.start..<slot.end)
        }
    }
}
