import Foundation

/// What a JWT says about itself before its signature is checked: the header's `alg` and `kid` and
/// the payload's `iss`, read only to choose the issuer whose keys verify it (and, for the portal,
/// the one key its `kid` names). Nothing read here is trusted.
struct UnverifiedJWT: Equatable {
    var algorithm: String?
    var keyID: String?
    var issuer: String?

    private struct Header: Decodable {
        var alg: String?
        var kid: String?
    }

    private struct Payload: Decodable {
        var iss: String?
    }

    /// The parts of `token`; `nil` when it is not three base64url parts of which the first two are
    /// JSON objects.
    init?(_ token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerBytes = Self.base64URL(parts[0]), let payloadBytes = Self.base64URL(parts[1]),
              let header = try? JSONDecoder().decode(Header.self, from: headerBytes),
              let payload = try? JSONDecoder().decode(Payload.self, from: payloadBytes) else { return nil }
        algorithm = header.alg
        keyID = header.kid
        issuer = payload.iss
    }

    private static func base64URL(_ text: Substring) -> Data? {
        guard text.count <= 8192 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
