import Crypto
import Foundation

/// The secret intake and notifications share for one-time codes (`SIGNIN_CODE_KEY`: 32 random
/// bytes, base64). Two keys are derived from it with HKDF-SHA256, one per use, so that neither use
/// can stand in for the other:
/// - **sealing**: a sign-in code travels to notifications sealed with AES-256-GCM (``seal(_:for:)``),
///   so the outbox, the broker, a dead-letter topic and notifications' message rows only ever hold
///   ciphertext that is useless without the key (and worthless after its 10 minutes anyway);
/// - **digesting**: what intake stores to recognise a code, a linking code, a phone or an e-mail
///   typed at sign-in, or a client address for rate limits is an HMAC-SHA256 under this key
///   (``digest(_:context:)``): a 6-digit code has a million values, so a plain hash in a leaked
///   table would be reversed in a second; an HMAC is not without the key.
public struct CodeKey: Sendable {
    let sealing: SymmetricKey
    let digesting: SymmetricKey

    /// The key's length in bytes (AES-256).
    public static let byteCount = 32

    /// The key from its base64 text; throws ``CodeKeyError`` for anything but 32 bytes of base64.
    public init(base64: String) throws(CodeKeyError) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw CodeKeyError.notBase64
        }
        guard bytes.count == Self.byteCount else { throw CodeKeyError.wrongLength(bytes.count) }
        self.init(master: SymmetricKey(data: bytes))
    }

    init(master: SymmetricKey) {
        sealing = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Array("otop sign-in code sealing".utf8),
                                         outputByteCount: Self.byteCount)
        digesting = HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Array("otop sign-in code digest".utf8),
                                           outputByteCount: Self.byteCount)
    }

    /// A new random key (tests, and `scripts/run.sh` makes one the same way with `openssl rand -base64 32`).
    public static func random() -> CodeKey {
        CodeKey(master: SymmetricKey(size: .bits256))
    }

    /// A new random key as the base64 text the environment holds.
    public static func randomBase64() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }
}

/// Why a configured code key was refused.
public enum CodeKeyError: Error, Equatable, CustomStringConvertible {
    case notBase64
    case wrongLength(Int)

    public var description: String {
        switch self {
        case .notBase64: "is not base64 (make one with: openssl rand -base64 32)"
        case .wrongLength(let count): "must be \(CodeKey.byteCount) bytes of base64, found \(count) bytes (openssl rand -base64 32)"
        }
    }
}
