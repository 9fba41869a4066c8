/// Many messages' keys and values in two contiguous byte buffers, made once
/// up front (1M DeclarationProduction messages take about half a gigabyte).
struct MessageBuffer {
    private var keys: [UInt8] = []
    private var values: [UInt8] = []
    private var keyEnds: [Int] = []
    private var valueEnds: [Int] = []

    init(count: Int, _ make: (Int) -> (key: [UInt8], value: [UInt8])) {
        keyEnds.reserveCapacity(count)
        valueEnds.reserveCapacity(count)
        for index in 0..<count {
            let message = make(index)
            keys.append(contentsOf: message.key)
            values.append(contentsOf: message.value)
            keyEnds.append(keys.count)
            valueEnds.append(values.count)
        }
    }

    /// Message `index`'s key and value, valid only inside `body`.
    func withMessage<T>(_ index: Int, _ body: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        let keyStart = index == 0 ? 0 : keyEnds[index - 1]
        let valueStart = index == 0 ? 0 : valueEnds[index - 1]
        return try keys.withUnsafeBytes { k in
            try values.withUnsafeBytes { v in
                try body(UnsafeRawBufferPointer(rebasing: k[keyStart..<keyEnds[index]]),
                         UnsafeRawBufferPointer(rebasing: v[valueStart..<valueEnds[index]]))
            }
        }
    }
}
