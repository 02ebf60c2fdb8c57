import Foundation
import JWTKit
import ServiceRuntime

/// How intake trusts the portal as a second JWT issuer (docs/console.md, A1; docs/configuration.md):
/// the portal's `iss`, the audience its tokens name, and its public keys as a JWKS of EC P-256 keys,
/// each with a `kid` (several during a rotation). The portal issuer is off without a JWKS.
public struct PortalJWTSettings: Sendable {
    /// The longest lifetime (`exp − iat`) a portal token may have.
    public static let maxLifetime: TimeInterval = 600

    /// The `iss` of the portal's tokens.
    public var issuer: String
    /// The `aud` every portal token must include.
    public var audience: String
    /// The JWKS document (`{"keys": [...]}`), every key EC P-256 with a `kid`.
    public var jwks: String
    /// Clock skew allowed on `exp`, `nbf` and `iat`.
    public var leeway: Duration

    /// Settings from values; ``keyIDs()`` checks the JWKS (``from(_:)`` does so at start).
    public init(issuer: String = "otop-portal", audience: String = "otop-intake", jwks: String, leeway: Duration = .seconds(30)) {
        self.issuer = issuer
        self.audience = audience
        self.jwks = jwks
        self.leeway = leeway
    }

    /// The settings in the environment, or `nil` when no portal JWKS is configured. Throws naming the
    /// variable when the JWKS file cannot be read, is not a JWKS, or holds a key without `kid` or one
    /// that is not EC P-256 (intake then stops at start).
    public static func from(_ environment: EnvironmentReader) throws -> PortalJWTSettings? {
        var variable = "INTAKE_PORTAL_JWT_JWKS"
        var jwks = environment.optional(variable)
        if jwks == nil, let path = environment.optional("INTAKE_PORTAL_JWT_JWKS_FILE") {
            variable = "INTAKE_PORTAL_JWT_JWKS_FILE"
            do {
                jwks = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError(variable: variable, problem: "names a file that cannot be read: \(error)")
            }
        }
        guard let jwks else { return nil }
        let leeway = try environment.int("INTAKE_JWT_LEEWAY_SECONDS", default: 30, in: 0...600)
        let settings = PortalJWTSettings(issuer: environment.optional("INTAKE_PORTAL_JWT_ISSUER") ?? "otop-portal",
                                         audience: environment.optional("INTAKE_PORTAL_JWT_AUDIENCE") ?? "otop-intake",
                                         jwks: jwks, leeway: .seconds(leeway))
        do {
            _ = try settings.keyIDs()
        } catch {
            throw ConfigurationError(variable: variable, problem: error.reason)
        }
        return settings
    }

    /// A JWKS that intake cannot use, and why.
    struct InvalidKeySet: Error, Equatable {
        let reason: String
    }

    /// The JWKS's keys by `kid`; throws unless it holds at least one key and every key is an EC
    /// P-256 public key (for ES256) with a `kid` of its own.
    func keySet() throws(InvalidKeySet) -> [String: JWK] {
        let set: JWKS
        do {
            set = try JSONDecoder().decode(JWKS.self, from: Data(jwks.utf8))
        } catch {
            throw InvalidKeySet(reason: "is not a JWKS document ({\"keys\": [...]})")
        }
        guard !set.keys.isEmpty else { throw InvalidKeySet(reason: "lists no key") }
        var keys: [String: JWK] = [:]
        for (index, key) in set.keys.enumerated() {
            guard let kid = key.keyIdentifier?.string, !kid.isEmpty else {
                throw InvalidKeySet(reason: "key \(index + 1) has no kid (every portal key needs one)")
            }
            guard key.keyType == .ecdsa, key.curve == .ecdsa(.p256), key.x != nil, key.y != nil, key.privateExponent == nil else {
                throw InvalidKeySet(reason: "key \(kid) is not an EC P-256 public key")
            }
            if let algorithm = key.algorithm, algorithm != .es256 {
                throw InvalidKeySet(reason: "key \(kid) names alg \(algorithm.rawValue); portal keys are ES256")
            }
            guard keys.updateValue(key, forKey: kid) == nil else { throw InvalidKeySet(reason: "kid \(kid) is listed twice") }
        }
        return keys
    }

    /// The `kid`s of the configured keys.
    func keyIDs() throws(InvalidKeySet) -> Set<String> {
        Set(try keySet().keys)
    }
}
