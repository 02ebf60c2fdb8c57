import Crypto
import Foundation
import HummingbirdBcrypt
import NIOPosix

/// bcrypt (hummingbird-auth's `HummingbirdBcrypt`) of the password's SHA-256 in base64: bcrypt reads
/// only the first 72 bytes, and a Thai character takes three in UTF-8, so a 30-letter Thai passphrase
/// would lose its end; the digest keeps every character in play (44 bytes). Hashing runs on NIO's
/// thread pool, never on the cooperative pool.
public struct PasswordHasher: Sendable {
    public let cost: UInt8

    public init(cost: UInt8) {
        self.cost = cost
    }

    /// The stored form of `password`.
    public func hash(_ password: String) async throws -> String {
        let input = Self.prehash(password)
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(input, cost: cost) }
    }

    /// Whether `password` matches `stored`.
    public func verify(_ password: String, against stored: String) async throws -> Bool {
        let input = Self.prehash(password)
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(input, hash: stored) }
    }

    /// A hash to compare against when the account does not exist, so that a wrong user name costs the
    /// same time as a wrong password (no user-name probing by timing).
    public func decoy() async throws -> String {
        try await hash(UUID().uuidString)
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.precomposedStringWithCanonicalMapping.utf8))).base64EncodedString()
    }
}
