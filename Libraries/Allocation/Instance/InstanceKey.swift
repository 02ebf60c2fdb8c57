/// The object keys the instance format defines, matched on raw bytes so that reading a
/// million edges creates no key strings.
enum InstanceKey {
    case requests, providers, budgets, edges
    case id, region, maxLoad, coupons, request, provider, score
    case other

    private static let table: [(key: InstanceKey, bytes: [UInt8])] = [
        (.requests, Array("requests".utf8)), (.providers, Array("providers".utf8)),
        (.budgets, Array("budgets".utf8)), (.edges, Array("edges".utf8)),
        (.id, Array("id".utf8)), (.region, Array("region".utf8)), (.maxLoad, Array("maxLoad".utf8)),
        (.coupons, Array("coupons".utf8)), (.request, Array("request".utf8)),
        (.provider, Array("provider".utf8)), (.score, Array("score".utf8)),
    ]

    /// The key whose UTF-8 spelling is `bytes`.
    static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> InstanceKey {
        for entry in table where entry.bytes.count == bytes.count {
            var equal = true
            for i in 0..<bytes.count where entry.bytes[i] != bytes[i] {
                equal = false
                break
            }
            if equal { return entry.key }
        }
        return .other
    }

    /// The key whose spelling is `text` (for keys written with escapes).
    static func named(_ text: String) -> InstanceKey {
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { named(UnsafeBufferPointer($0)) }
    }
}

extension JSONScanner {
    /// Reads an object key and the ':' after it.
    mutating func readKey() throws(Failure) -> InstanceKey {
        guard peek() == UInt8(ascii: "\"") else {
            throw Failure(code: .malformedJSON, offset: offset, message: "expected an object key, found \(describe(peek()))")
        }
        let start = offset + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        let key: InstanceKey
        if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
            key = InstanceKey.named(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            offset = end + 1
        } else {
            key = InstanceKey.named(try readString("object key"))
        }
        try expect(UInt8(ascii: ":"), "':' after an object key")
        return key
    }
}
