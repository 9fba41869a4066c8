import Foundation
import Testing
import Tabular

@Suite struct ValueTests {
    @Test func comparesNumbersAcrossIntAndDouble() {
        #expect(Value.compare(.int(2), .double(2.5)) == .orderedAscending)
        #expect(Value.compare(.double(3), .int(3)) == .orderedSame)
    }

    @Test func nullSortsLast() {
        #expect(Value.compare(.null, .int(-5)) == .orderedDescending)
        #expect(Value.compare(.text("a"), .null) == .orderedAscending)
    }
}
