import Contracts
import Domain
import Foundation
import JWTKit
import ServiceRuntime

/// Verifies bearer JWTs of the issuers intake trusts (jwt-kit). The unverified `iss` picks the
/// issuer, and only that issuer's keys verify the signature (a key of an organisation's identity
/// provider never validates a portal token, nor the reverse):
/// - **organisations' identity provider** (``JWTSettings``): RS*/ES*/PS* keys from the JWKS or PEM
///   keys, HS256 only with a configured secret, never `none`; roles enterprise, provider, officer,
///   ministry (operators and the portal's service role never come from this issuer);
/// - **the portal** (``PortalJWTSettings``): ES256 only, with the header's `kid` naming one of its
///   keys (no other key is tried); `iat` required and `exp − iat` at most 600 s; roles officer and
///   operator (and enterprise or provider for contact persons, subject `contact:<party id>:<index>`),
///   and `portal`, the portal itself before anyone is signed in (subject `service:portal`), which
///   may call the sign-in routes only.
///
/// For both: `exp` (required) and `nbf` within the leeway, `aud` including the configured audience,
/// and the role claims: `enterprise_id` for an enterprise, `provider_id` for a provider, optional
/// `region` for an officer.
public struct JWTVerifier: Sendable {
    /// An issuer intake trusts: its rules and its keys.
    struct TrustedIssuer: Sendable {
        enum Kind: Sendable {
            /// An organisation's identity provider (``JWTSettings``).
            case organisations
            /// The portal (``PortalJWTSettings``).
            case portal
        }

        var kind: Kind
        var issuer: String
        var audience: String
        var leeway: TimeInterval
        var keys: JWTKeyCollection
        /// The portal's key ids (a token's `kid` must be one of them).
        var keyIDs: Set<String> = []
    }

    /// The trusted issuers by `iss`.
    let issuers: [String: TrustedIssuer]

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

    /// A verifier trusting the organisations' issuer of `settings`, the portal of `portal`, or both
    /// (at least one). Throws for a key that cannot be used or two issuers with one `iss`.
    public init(settings: JWTSettings?, portal: PortalJWTSettings? = nil) async throws {
        var issuers: [String: TrustedIssuer] = [:]
        if let settings {
            issuers[settings.issuer] = TrustedIssuer(kind: .organisations, issuer: settings.issuer, audience: settings.audience,
                                                     leeway: TimeInterval(settings.leeway.components.seconds),
                                                     keys: try await Self.keys(settings))
        }
        if let portal {
            guard issuers[portal.issuer] == nil else {
                throw ConfigurationError(variable: "INTAKE_PORTAL_JWT_ISSUER", problem: "must differ from INTAKE_JWT_ISSUER")
            }
            let keys = JWTKeyCollection()
            let keySet = try portal.keySet()
            for key in keySet.values { try await keys.add(jwk: key) }
            issuers[portal.issuer] = TrustedIssuer(kind: .portal, issuer: portal.issuer, audience: portal.audience,
                                                   leeway: TimeInterval(portal.leeway.components.seconds), keys: keys,
                                                   keyIDs: Set(keySet.keys))
        }
        self.issuers = issuers
    }

    /// The keys of the organisations' issuer.
    private static func keys(_ settings: JWTSettings) async throws -> JWTKeyCollection {
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
        return keys
    }

    /// Whether `token` has the shape of a JWT (three base64url parts) rather than an API key.
    static func looksLikeJWT(_ token: String) -> Bool {
        token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    /// The identity of a valid token; throws ``Refusal`` saying why otherwise.
    func verify(_ token: String, now: Date = Date()) async throws(Refusal) -> Identity {
        guard let parts = UnverifiedJWT(token) else { throw Refusal(reason: "the token is malformed") }
        guard let issuerName = parts.issuer, let trusted = issuers[issuerName] else {
            throw Refusal(reason: "the issuer is not one this API trusts")
        }
        let claims = try await verifiedClaims(token, parts, trusted)
        let leeway = trusted.leeway
        guard claims.exp.value.addingTimeInterval(leeway) > now else { throw Refusal(reason: "the token has expired") }
        if let notBefore = claims.nbf, notBefore.value.addingTimeInterval(-leeway) > now {
            throw Refusal(reason: "the token is not valid yet")
        }
        guard claims.iss.value == trusted.issuer else { throw Refusal(reason: "the issuer is not the configured one") }
        guard claims.aud.value.contains(trusted.audience) else { throw Refusal(reason: "the audience does not include this API") }
        guard !claims.sub.value.isEmpty, claims.sub.value.count <= 200 else { throw Refusal(reason: "the subject is missing") }
        if trusted.kind == .portal {
            guard let issuedAt = claims.iat?.value else { throw Refusal(reason: "a portal token needs iat") }
            guard issuedAt.addingTimeInterval(-leeway) <= now else { throw Refusal(reason: "the token is not valid yet (iat)") }
            guard claims.exp.value.timeIntervalSince(issuedAt) <= PortalJWTSettings.maxLifetime else {
                throw Refusal(reason: "a portal token may live at most \(Int(PortalJWTSettings.maxLifetime)) s (exp − iat)")
            }
        }
        let client = try Self.client(claims, kind: trusted.kind)
        return Identity(issuer: claims.iss.value, subject: claims.sub.value, claims: client)
    }

    /// The claims of `token` once its signature verified with `trusted`'s keys.
    private func verifiedClaims(_ token: String, _ parts: UnverifiedJWT, _ trusted: TrustedIssuer) async throws(Refusal) -> IntakeClaims {
        switch trusted.kind {
        case .organisations:
            do {
                return try await trusted.keys.verify(token, as: IntakeClaims.self, iteratingKeys: true)
            } catch {
                throw Refusal(reason: "the signature does not verify with a configured key, or the token is malformed")
            }
        case .portal:
            guard parts.algorithm == "ES256" else { throw Refusal(reason: "portal tokens must be signed with ES256") }
            // jwt-kit falls back to a default key for an unknown kid: the portal's must name one of its keys.
            guard let kid = parts.keyID, trusted.keyIDs.contains(kid) else {
                throw Refusal(reason: "unknown key (the kid names none of the portal's keys)")
            }
            do {
                return try await trusted.keys.verify(token, as: IntakeClaims.self)
            } catch {
                throw Refusal(reason: "the signature does not verify with the portal key \(kid)")
            }
        }
    }

    /// The client the role claims describe.
    private static func client(_ claims: IntakeClaims, kind: TrustedIssuer.Kind) throws(Refusal) -> APIClient {
        let allowed: [Role] = kind == .portal ? Role.allCases : [.enterprise, .provider, .officer, .ministry]
        guard let roleName = claims.role, let role = Role(rawValue: roleName), allowed.contains(role) else {
            throw Refusal(reason: "the role claim must be \(allowed.map(\.rawValue).joined(separator: ", "))")
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
        case .operator, .portal, .ministry:
            break
        }
        if kind == .portal {
            try checkPortalSubject(claims.sub.value, of: client)
        }
        client.credential = .jwt
        return client
    }

    /// A portal token's subject: the account's id (a UUID) for officers and operators,
    /// `contact:<party id>:<contact index>` for an enterprise's or provider's contact person, and
    /// ``portalServiceSubject`` for the portal's service role.
    private static func checkPortalSubject(_ subject: String, of client: APIClient) throws(Refusal) {
        if client.role == .portal {
            guard subject == portalServiceSubject else {
                throw Refusal(reason: "the portal's service token must have the subject \(portalServiceSubject)")
            }
        } else if let party = client.enterpriseID ?? client.providerID {
            let parts = subject.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0] == "contact", UUID(uuidString: String(parts[1])) == party,
                  let index = Int(parts[2]), index >= 0 else {
                throw Refusal(reason: "a contact person's subject must be contact:<party id>:<contact index>")
            }
        } else {
            guard UUID(uuidString: subject) != nil else { throw Refusal(reason: "a portal account's subject must be a UUID") }
        }
    }

    /// The subject of the portal's own service token (role `portal`).
    static let portalServiceSubject = "service:portal"

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
    /// Required in portal tokens (their lifetime is `exp − iat`).
    var iat: IssuedAtClaim?
    var role: String?
    var enterpriseID: String?
    var providerID: String?
    var region: String?
    var name: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, nbf, iat, role, region, name
        case enterpriseID = "enterprise_id"
        case providerID = "provider_id"
    }

    /// Time and claim checks happen in ``JWTVerifier/verify(_:now:)`` (with the configured leeway and values).
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
