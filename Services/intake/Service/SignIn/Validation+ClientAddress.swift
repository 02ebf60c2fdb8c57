import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Validation {
    /// A required IPv4 or IPv6 address in text form (what `inet_pton` reads), at most 45 characters.
    mutating func clientAddress(_ value: String?, _ field: String) -> String? {
        guard let value else {
            fail(field, Messages.required)
            return nil
        }
        guard value.utf8.count <= 45, Self.isIPAddress(value) else {
            fail(field, Messages.ipAddress)
            return nil
        }
        return value.lowercased()
    }

    static func isIPAddress(_ text: String) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return inet_pton(AF_INET, text, &buffer) == 1 || inet_pton(AF_INET6, text, &buffer) == 1
    }
}
