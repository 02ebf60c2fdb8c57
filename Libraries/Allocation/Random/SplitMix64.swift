/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, seeded generator whose output is
/// the same on every platform and Swift version — unlike `SystemRandomNumberGenerator`, and
/// unlike the standard library's shuffling algorithms, whose use of the generator is not
/// specified. Used for the tie-break lottery, where the seed must reproduce the draw.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-and-reject), spelled out so that
    /// the draw does not depend on the standard library's implementation.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let threshold = (0 &- bound) % bound
        while true {
            let product = next().multipliedFullWidth(by: bound)
            if product.low >= threshold { return product.high }
        }
    }

    /// The permutation of `0 ..< count` drawn by a Fisher–Yates shuffle with this generator.
    public mutating func permutation(of count: Int) -> [Int32] {
        var result = (0..<Int32(count)).map { $0 }
        var i = count - 1
        while i > 0 {
            let j = Int(below(UInt64(i + 1)))
            result.swapAt(i, j)
            i -= 1
        }
        return result
    }
}
