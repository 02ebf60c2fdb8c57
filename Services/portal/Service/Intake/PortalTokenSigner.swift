import Domain
import Foundation
import JWTKit
import Synchronization

/// Signs the short-lived JWTs the portal sends to intake for the signed-in person: ES256 with the
/// configured private key, its `kid` in the header (intake finds the public key by it; a new key gets
/// a new id, so intake can trust the old and the new key while tokens of both are alive). A token is
/// kept per session until a minute before it expires.
public final class PortalTokenSigner: Sendable {
    let keys: JWTKeyCollection
    let settings: PortalConfiguration.TokenSettings
    /// The public key as a JWK, for `/.well-known/jwks.json`.
    public let publicJWK: [String: String]
    private let cache = Mutex<[UUID: (token: String, expires: Date)]>([:])

    public init(settings: PortalConfiguration.TokenSettings) async throws {
        self.settings = settings
        let key: ES256PrivateKey
        do {
            key = try ES256PrivateKey(pem: settings.privateKeyPEM)
        } catch {
            throw SigningKeyError(reason: "PORTAL_JWT_PRIVATE_KEY is not an EC P-256 private key in PEM form")
        }
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: key, kid: JWKIdentifier(string: settings.keyID))
        self.keys = keys
        guard let parameters = key.publicKey.parameters else {
            throw SigningKeyError(reason: "the P-256 key's public coordinates cannot be read")
        }
        publicJWK = ["kty": "EC", "crv": "P-256", "alg": "ES256", "use": "sig", "kid": settings.keyID,
                     "x": parameters.x, "y": parameters.y]
    }

    /// The key could not be used.
    public struct SigningKeyError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The JWKS document intake is configured with (`INTAKE_PORTAL_JWT_JWKS`).
    public var jwks: String {
        let data = try? JSONSerialization.data(withJSONObject: ["keys": [publicJWK]], options: [.sortedKeys])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// A token for `session`'s person, reused until a minute before it expires.
    func token(for session: Session, now: Date = Date()) async throws -> String {
        if let kept = cache.withLock({ $0[session.id] }), kept.expires.timeIntervalSince(now) > 60 { return kept.token }
        let lifetime = TimeInterval(settings.lifetime.components.seconds)
        let claims = PortalClaims(session: session, settings: settings, now: now)
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: settings.keyID))
        cache.withLock { cache in
            if cache.count > 10_000 { cache = cache.filter { $0.value.expires > now } }
            cache[session.id] = (token, now.addingTimeInterval(lifetime))
        }
        return token
    }

    /// The portal's own token (role `portal`, subject `service:portal`): the only caller of intake's
    /// sign-in routes, before anyone is signed in. Reused until a minute before it expires.
    func serviceToken(now: Date = Date()) async throws -> String {
        if let kept = cache.withLock({ $0[Self.serviceKey] }), kept.expires.timeIntervalSince(now) > 60 { return kept.token }
        let claims = PortalClaims(service: settings, now: now)
        let token = try await keys.sign(claims, kid: JWKIdentifier(string: settings.keyID))
        cache.withLock { $0[Self.serviceKey] = (token, now.addingTimeInterval(TimeInterval(settings.lifetime.components.seconds))) }
        return token
    }

    /// The cache's key for the service token (no session has the nil UUID).
    static let serviceKey = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Forgets a session's token (sign-out).
    func forget(_ session: UUID) {
        _ = cache.withLock { $0.removeValue(forKey: session) }
    }
}

/// The claims of a portal token (docs/console.md, A1).
struct PortalClaims: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var iat: IssuedAtClaim
    var exp: ExpirationClaim
    var jti: IDClaim
    var role: String
    var region: String?
    var name: String
    var enterpriseID: String?
    var providerID: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, iat, exp, jti, role, region, name
        case enterpriseID = "enterprise_id"
        case providerID = "provider_id"
    }

    /// The signed-in person's claims: an account's id and role (and an officer's region), or a contact
    /// person's subject, their party's role and `enterprise_id`/`provider_id`.
    init(session: Session, settings: PortalConfiguration.TokenSettings, now: Date) {
        switch session.principal {
        case .account(let account):
            self.init(subject: account.id.lowercased, role: account.role.rawValue, name: account.displayName, settings: settings, now: now)
            region = account.region?.rawValue
        case .contact(let contact):
            self.init(subject: contact.subject, role: contact.party.rawValue, name: contact.name, settings: settings, now: now)
            switch contact.party {
            case .enterprise: enterpriseID = contact.partyID.lowercased
            case .provider: providerID = contact.partyID.lowercased
            }
        }
    }

    /// The portal's own service claims (role `portal`).
    init(service settings: PortalConfiguration.TokenSettings, now: Date) {
        self.init(subject: "service:portal", role: "portal", name: "portal", settings: settings, now: now)
    }

    private init(subject: String, role: String, name: String, settings: PortalConfiguration.TokenSettings, now: Date) {
        iss = IssuerClaim(value: settings.issuer)
        sub = SubjectClaim(value: subject)
        aud = AudienceClaim(value: [settings.audience])
        iat = IssuedAtClaim(value: now)
        exp = ExpirationClaim(value: now.addingTimeInterval(TimeInterval(settings.lifetime.components.seconds)))
        jti = IDClaim(value: UUID().lowercased)
        self.role = role
        self.name = name
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
