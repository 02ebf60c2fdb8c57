import Crypto
import Domain
import Foundation

extension CodeKey {
    /// `code` sealed for the holder of this key (AES-256-GCM, a fresh 96-bit nonce), bound to `id`
    /// (the code's id is the authenticated data: a sealed code copied into another event does not
    /// open). Base64 of nonce, ciphertext and tag.
    public func seal(_ code: String, for id: UUID) throws(CodeSealError) -> String {
        let combined: Data?
        do {
            combined = try AES.GCM.seal(Array(code.utf8), using: sealing, authenticating: Self.binding(id)).combined
        } catch {
            throw .sealingFailed
        }
        guard let combined else { throw .sealingFailed }
        return combined.base64EncodedString()
    }

    /// The code sealed by ``seal(_:for:)`` for `id`; throws ``CodeSealError`` when the text is not a
    /// sealed code, was sealed with another key or for another id, or was altered.
    public func open(_ sealed: String, for id: UUID) throws(CodeSealError) -> String {
        guard let bytes = Data(base64Encoded: sealed) else { throw .malformed }
        let box: AES.GCM.SealedBox
        do {
            box = try AES.GCM.SealedBox(combined: bytes)
        } catch {
            throw .malformed
        }
        let plain: Data
        do {
            plain = try AES.GCM.open(box, using: sealing, authenticating: Self.binding(id))
        } catch {
            throw .doesNotOpen
        }
        guard let code = String(data: plain, encoding: .utf8) else { throw .malformed }
        return code
    }

    private static func binding(_ id: UUID) -> [UInt8] {
        Array(id.lowercased.utf8)
    }
}

/// Why a sealed code did not open.
public enum CodeSealError: Error, Equatable, CustomStringConvertible {
    /// Not base64, or too short to hold a nonce and a tag.
    case malformed
    /// Sealed with another key (`SIGNIN_CODE_KEY` differs between intake and notifications),
    /// for another id, or altered.
    case doesNotOpen
    /// The cipher refused to seal (does not happen with a 256-bit key and a 12-byte nonce).
    case sealingFailed

    public var description: String {
        switch self {
        case .sealingFailed: "the code could not be sealed"
        case .malformed: "the sealed code is not a sealed code"
        case .doesNotOpen: "the sealed code does not open with this key (SIGNIN_CODE_KEY differs from intake's?)"
        }
    }
}
