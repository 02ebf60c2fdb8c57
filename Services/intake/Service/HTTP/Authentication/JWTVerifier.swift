import Contracts
import Domain
import Foundation
import JWTKit

/// Verifies bearer JWTs with the configured keys (jwt-kit): the signature by a configured key
/// (RS*/ES*/PS* from the JWKS or PEM keys, HS256 only with a configured secret; never `none`),
/// `exp` (required) and `nbf` within the leeway, `iss` equal to the configured issuer, `aud`
/// including the configured audience, and the role claims: `role` (enterprise, provider, officer,
/// ministry), `enterprise_id` for an enterprise, `provider_id` for a provider, optional `region` for an
/// officer. Operators never come from a JWT: they hold intake API keys.
public struct JWTVerifier: Sendable {
    let settings: JWTSettings
    let keys: JWTKeyCollection

    /// Why a token was refused (said in the 401; no token content is echoed).
    struct Refusal: Error, Equatable {
        let reason: String
    }

    /// The identity a verified token names.
    struct Identity: Sendable, Equatable {
        var issuer: String
        var subject: String
        /// The client the claims describe (its id derived from issuer and subject).
        var claims: APIClient
    }

    public init(settings: JWTSettings) async throws {
        self.settings = settings
        let keys = JWTKeyCollection()
        if let jwks = settings.jwks {
            try await keys.add(jwksJSON: jwks)
        }
        if let pem = settings.publicKeysPEM {
            for (index, block) in Self.pemBlocks(pem).enumerated() {
                let kid = JWKIdentifier(string: "pem-\(index)")
                if let rsa = try? Insecure.RSA.PublicKey(pem: block) {
                    await keys.add(rsa: rsa, digestAlgorithm: .sha256, kid: kid)
                } else if let key = try? ES256PublicKey(pem: block) {
                    await keys.add(ecdsa: key, kid: kid)
                } else if let key = try? ES384PublicKey(pem: block) {
                    await keys.add(ecdsa: key, kid: kid)
                } else if let key = try? ES512PublicKey(pem: block) {
                    await keys.add(ecdsa: key, kid: kid)
                } else {
                    throw Refusal(reason: "INTAKE_JWT_PUBLIC_KEYS block \(index + 1) is not an RSA (2048 bits or more) or EC public key")
                }
            }
        }
        if let secret = settings.hs256Secret {
            guard secret.utf8.count >= 32 else { throw Refusal(reason: "the HS256 secret must be at least 32 bytes") }
            await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256, kid: JWKIdentifier(string: "hs256"))
        }
        self.keys = keys
    }

    /// Whether `token` has the shape of a JWT (three base64url parts) rather than an API key.
    static func looksLikeJWT(_ token: String) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// The identity of a valid token; throws ``Refusal`` saying why otherwise.
    func verify(_ token: String, now: Date = Date()) async throws(Refusal) -> Identity {
        let claims: IntakeClaims
        do {
            claims = try await keys.verify(token, as: IntakeClaims.self, iteratingKeys: true)
        } catch {
            throw Refusal(reason: "the signature does not verify with a configured key, or the token is malformed")
        }
        let leeway = TimeInterval(settings.leeway.components.seconds)
        guard claims.exp.value.addingTimeInterval(leeway) > now else { throw Refusal(reason: "the token has expired") }
        if let notBefore = claims.nbf, notBefore.value.addingTimeInterval(-leeway) > now {
            throw Refusal(reason: "the token is not valid yet")
        }
        guard claims.iss.value == settings.issuer else { throw Refusal(reason: "the issuer is not the configured one") }
        guard claims.aud.value.contains(settings.audience) else { throw Refusal(reason: "the audience does not include this API") }
        guard !claims.sub.value.isEmpty, claims.sub.value.count <= 200 else { throw Refusal(reason: "the subject is missing") }
        guard let roleName = claims.role, let role = Role(rawValue: roleName), role != .operator else {
            throw Refusal(reason: "the role claim must be enterprise, provider, officer or ministry")
        }
        var client = APIClient(id: Self.clientID(issuer: claims.iss.value, subject: claims.sub.value),
                               name: String((claims.name ?? "\(claims.iss.value) \(claims.sub.value)").prefix(200)),
                               role: role, enterpriseID: nil, providerID: nil)
        switch role {
        case .enterprise:
            guard let id = claims.enterpriseID.flatMap(UUID.init(uuidString:)) else {
                throw Refusal(reason: "an enterprise token needs an enterprise_id claim (a UUID)")
            }
            client.enterpriseID = id
        case .provider:
            guard let id = claims.providerID.flatMap(UUID.init(uuidString:)) else {
                throw Refusal(reason: "a provider token needs a provider_id claim (a UUID)")
            }
            client.providerID = id
        case .officer:
            if let region = claims.region {
                guard let scoped = Region(rawValue: region) else { throw Refusal(reason: "the region claim is not a region") }
                client.region = scoped
            }
        case .operator, .ministry:
            break
        }
        client.credential = .jwt
        return Identity(issuer: claims.iss.value, subject: claims.sub.value, claims: client)
    }

    /// A stable client id for an issuer's subject (the first 16 bytes of SHA-256, as a UUID).
    static func clientID(issuer: String, subject: String) -> UUID {
        var bytes = Array(SHA256.hash(Array("\(issuer)\u{0}\(subject)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80  // version 8 (custom), RFC 9562
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    static func pemBlocks(_ text: String) -> [String] {
        var blocks: [String] = []
        var current: [Substring] = []
        for line in text.split(whereSeparator: \.isNewline) {
            if line.hasPrefix("-----BEGIN") { current = [line] } else if !current.isEmpty { current.append(line) }
            if line.hasPrefix("-----END"), !current.isEmpty {
                blocks.append(current.joined(separator: "\n"))
                current = []
            }
        }
        return blocks
    }
}

/// The claims intake reads from a JWT.
struct IntakeClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var exp: ExpirationClaim
    var nbf: NotBeforeClaim?
    var role: String?
    var enterpriseID: String?
    var providerID: String?
    var region: String?
    var name: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, role, region, name
        case enterpriseID = "enterprise_id"
        case providerID = "provider_id"
    }

    /// Time and claim checks happen in ``JWTVerifier/verify(_:now:)`` (with the configured leeway and values).
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
