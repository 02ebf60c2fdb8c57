import Crypto
import Foundation

/// The LINE platform signs each webhook request: `X-Line-Signature` is the base64 HMAC-SHA256 of
/// the raw body with the channel secret. Checked before the body is read as JSON, in constant time
/// (swift-crypto compares the whole code whatever the first difference). `Crypto.SHA256`: intake's
/// own `SHA256` digests tokens.
struct LineSignature: Sendable {
    let key: SymmetricKey

    init(channelSecret: String) {
        key = SymmetricKey(data: Array(channelSecret.utf8))
    }

    /// Whether `header` is the signature of `body`.
    func verifies(_ header: String?, body: [UInt8]) -> Bool {
        guard let header, let signature = Data(base64Encoded: header.trimmingCharacters(in: .whitespaces)) else { return false }
        return HMAC<Crypto.SHA256>.isValidAuthenticationCode(signature, authenticating: body, using: key)
    }

    /// The signature of `body` (the LINE stand-in and the tests sign with it).
    func sign(_ body: [UInt8]) -> String {
        Data(HMAC<Crypto.SHA256>.authenticationCode(for: body, using: key)).base64EncodedString()
    }
}
