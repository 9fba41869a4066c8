import Basics
import Foundation

extension RecordValidator {
    /// The documented fields found in one message, turned into rows.
    struct Fields {
        let p: UnsafePointer<UInt8>
        let table: FieldTable
        let slots: UnsafeMutableBufferPointer<Slot>
        let plausible: PlausibleTimes

        /// Checks the message and, when it is valid, hands its rows to `emit`
        /// one by one; returns the reason when it is not. Every check runs
        /// before the first row is handed over: a rejected message emits none.
        func rows(anyProductionColumn: Bool, payload: UnsafeBufferPointer<UInt8>,
                  emit: (ObservationView) -> Void) -> Rejection? {
            let dataset = table.dataset
            if let problem = typeProblem() { return problem }

            // Key: time and area.
            let timeSlot = slots[table.timeIndex]
            let timeName = table.names[table.timeIndex]
            guard timeSlot.present else { return .missing(timeName) }
            guard timeSlot.kind == .string else { return .null(timeName) }
            guard let stamp = timestamp(timeSlot) else { return .notTime(timeName, shown(timeSlot)) }
            guard plausible.contains(epochSeconds: stamp.epochSeconds) else {
                return .implausible(timeName, shown(timeSlot))
            }
            guard stamp.nanosecond == 0, stamp.epochSeconds % Int64(dataset.interval) == 0 else {
                return .misaligned(timeName, shown(timeSlot), interval: dataset.interval)
            }
            if table.localTimeIndex >= 0 {
                let local = slots[table.localTimeIndex]
                if local.present, local.kind == .string, timestamp(local) == nil {
                    return .notTime(table.names[table.localTimeIndex], shown(local))
                }
            }
            let areaSlot = slots[table.areaIndex]
            guard areaSlot.present else { return .missing(dataset.areaField) }
            guard areaSlot.kind == .string else { return .null(dataset.areaField) }
            let area = string(areaSlot)
            guard PriceArea.isAcceptable(area) else { return .area(area) }
            let time = Date(timeIntervalSince1970: Double(stamp.epochSeconds))
            func view(_ measure: StoredObservation.Measure, parts: UnsafeBufferPointer<String>, version: String? = nil) -> ObservationView {
                ObservationView(dataset: dataset, keyTime: stamp, time: time, area: area, keyParts: parts,
                                measure: measure, version: version, payload: payload)
            }

            switch dataset {
            case .elspotPrices, .dayAheadPrices:
                let eurSlot = slots[table.eurIndex]
                let eurName = table.names[table.eurIndex]
                guard eurSlot.present else { return .missing(eurName) }
                guard eurSlot.kind == .number else { return .null(eurName, ": a price record needs a EUR price") }
                let dkkSlot = slots[table.dkkIndex]
                let dkk = dkkSlot.present && dkkSlot.kind == .number ? number(dkkSlot) : nil
                emit(view(.price(eur: number(eurSlot), dkk: dkk), parts: UnsafeBufferPointer(start: nil, count: 0)))
                return nil

            case .declarationProduction:
                // ProductionType, FuelAllocationMethod, DeliveryType, Version, on the stack.
                return withUnsafeTemporaryAllocation(of: String.self, capacity: table.keyPartIndices.count) { parts in
                    var filled = 0
                    defer { parts.baseAddress?.deinitialize(count: filled) }
                    for k in table.keyPartIndices {
                        let slot = slots[k]
                        guard slot.present else { return .missing(table.names[k]) }
                        guard slot.kind == .string else { return .null(table.names[k]) }
                        parts.baseAddress!.advanced(by: filled).initialize(to: string(slot))
                        filled += 1
                    }
                    let counts: Bool
                    switch parts[1] {
                    case "Total", "All": counts = true
                    case "125%", "200%": counts = false
                    case let method where method.caseInsensitiveEquals("total") || method.caseInsensitiveEquals("all"):
                        counts = true
                    default:
                        return Rejection(
                            .badValue, "FuelAllocationMethod \(quoted(parts[1])) is not one of All, Total, 125%, 200%",
                            field: "FuelAllocationMethod")
                    }
                    let mwhSlot = slots[table.mwhIndex]
                    guard mwhSlot.present else { return .missing("Production_MWh") }
                    guard mwhSlot.kind == .number else { return .null("Production_MWh") }
                    emit(view(.production(type: parts[0], mwh: number(mwhSlot), countsInTotals: counts),
                              parts: UnsafeBufferPointer(parts), version: parts[3]))
                    return nil
                }

            case .electricityBalanceNonv, .productionConsumptionSettlement:
                guard anyProductionColumn else {
                    return Rejection(
                        .noProduction,
                        "no production column (expected some of \(dataset.productionColumns.joined(separator: ", ")))")
                }
                // Each column not null becomes a row keyed `<message key>|<column>`.
                for k in table.productionIndices {
                    let slot = slots[k]
                    guard slot.present, slot.kind == .number else { continue }
                    withUnsafePointer(to: table.names[k]) { column in
                        emit(view(.production(type: column.pointee, mwh: number(slot), countsInTotals: true),
                                  parts: UnsafeBufferPointer(start: column, count: 1)))
                    }
                }
                return nil
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
            JSONNumber.double(p, slot.start..<slot.end)
        }

        private func shown(_ slot: Slot) -> String {
            Rejection.show(p, slot.start..<slot.end)
        }
    }
}
