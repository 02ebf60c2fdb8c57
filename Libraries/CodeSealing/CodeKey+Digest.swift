import Crypto
import Foundation

extension CodeKey {
    /// HMAC-SHA256 of `text` under the digesting key, separated by `context` (a code's id, or a
    /// name such as `phone`, `email`, `address`, `line-link`) so that equal texts of different kinds
    /// never share a digest. What intake stores instead of codes and typed identifiers.
    public func digest(_ text: String, context: String) -> [UInt8] {
        var message = Array(context.utf8)
        message.append(0)
        message.append(contentsOf: text.utf8)
        return Array(HMAC<SHA256>.authenticationCode(for: message, using: digesting))
    }

    /// Whether two digests are equal, comparing every byte whatever the first difference (no
    /// timing tells how much of a guess was right).
    public static func same(_ first: [UInt8], _ second: [UInt8]) -> Bool {
        guard first.count == second.count else { return false }
        var difference: UInt8 = 0
        for index in first.indices { difference |= first[index] ^ second[index] }
        return difference == 0
    }
}
