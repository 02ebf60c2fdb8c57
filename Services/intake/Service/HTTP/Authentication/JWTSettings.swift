import Foundation
import ServiceRuntime

/// How intake verifies bearer JWTs of organisations with their own identity provider, from the
/// environment (docs/configuration.md). JWTs are accepted only when an issuer, an audience and at
/// least one key are configured; HS256 only when a shared secret is.
public struct JWTSettings: Sendable {
    /// The `iss` every token must carry.
    public var issuer: String
    /// The `aud` every token must include.
    public var audience: String
    /// A JWKS document (`{"keys": [...]}`) with the issuer's public keys.
    public var jwks: String?
    /// PEM public keys (RSA for RS256, EC P-256/384/521 for ES256/384/512), one or more blocks.
    public var publicKeysPEM: String?
    /// A shared secret for HS256 (only for issuers that cannot sign with a key pair).
    public var hs256Secret: String?
    /// Clock skew allowed on `exp` and `nbf`.
    public var leeway: Duration

    public init(issuer: String, audience: String, jwks: String? = nil, publicKeysPEM: String? = nil,
                hs256Secret: String? = nil, leeway: Duration = .seconds(30)) {
        self.issuer = issuer
        self.audience = audience
        self.jwks = jwks
        self.publicKeysPEM = publicKeysPEM
        self.hs256Secret = hs256Secret
        self.leeway = leeway
    }

    /// The settings in the environment, or `nil` when no JWT key is configured. Throws when keys
    /// are configured without an issuer or audience, or a JWKS file cannot be read.
    public static func from(_ environment: EnvironmentReader) throws -> JWTSettings? {
        var jwks = environment.optional("INTAKE_JWT_JWKS")
        if jwks == nil, let path = environment.optional("INTAKE_JWT_JWKS_FILE") {
            do {
                jwks = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigurationError(variable: "INTAKE_JWT_JWKS_FILE", problem: "names a file that cannot be read: \(error)")
            }
        }
        let pem = environment.optional("INTAKE_JWT_PUBLIC_KEYS")
        let secret = environment.optional("INTAKE_JWT_HS256_SECRET")
        guard jwks != nil || pem != nil || secret != nil else { return nil }
        if let secret, secret.utf8.count < 32 {
            // HS256 needs a key at least as long as its digest (RFC 7518 §3.2).
            throw ConfigurationError(variable: "INTAKE_JWT_HS256_SECRET", problem: "must be at least 32 bytes")
        }
        let leeway = try environment.int("INTAKE_JWT_LEEWAY_SECONDS", default: 30, in: 0...600)
        return JWTSettings(issuer: try environment.required("INTAKE_JWT_ISSUER"),
                           audience: try environment.required("INTAKE_JWT_AUDIENCE"),
                           jwks: jwks, publicKeysPEM: pem, hs256Secret: secret, leeway: .seconds(leeway))
    }
}
