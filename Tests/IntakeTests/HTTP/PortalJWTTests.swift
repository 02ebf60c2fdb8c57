import Domain
import Foundation
import HTTPTypes
import JWTKit
import ServiceRuntime
import Testing
@testable import IntakeService

/// The portal as a second JWT issuer (docs/console.md, A1): its officers and operators are accepted
/// with their scope; its tokens verify only with its own keys, by `kid`; short lifetimes only; and
/// the other issuer still cannot make operators.
@Suite("Authentication: the portal's JWTs")
struct PortalJWTTests {
    @Test("an officer, a regional officer and an operator of the portal are accepted, with scope and masking")
    func accepted() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let officer = try await fixture.portalJWT(["role": "officer"])
        #expect(try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.southEnterprise)", token: officer).status == .ok)
        let north = try await fixture.portalJWT(["role": "officer", "region": "north"])
        #expect(try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.northEnterprise)", token: north).status == .ok)
        #expect(try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.southEnterprise)", token: north).status == .notFound)
        let operatorToken = try await fixture.portalJWT(["role": "operator", "name": "ผู้ดูแลระบบ"])
        let clients = try await fixture.call.send(.get, "/v1/api-clients", token: operatorToken)
        #expect(clients.status == .ok)
        let enterprise = try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.northEnterprise)", token: operatorToken)
        #expect(try enterprise.decode(EnterpriseView.self).registrationNumber == "*********0121")
        // The rotated-in key verifies as well as the current one.
        let rotated = try await fixture.portalJWT(["role": "officer"], kid: RouteFixture.portalKeyIDs[1])
        #expect(try await fixture.call.send(.get, "/v1/requests", token: rotated).status == .ok)
    }

    @Test("the portal's client follows the latest token's name and region, and revoking it refuses the person at once")
    func clientFollowsClaims() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let account = UUID().lowercased
        let first = try await fixture.portalJWT(["role": "officer", "region": "north", "sub": account, "name": "สมชาย"])
        #expect(try await fixture.call.send(.get, "/v1/requests/\(parties.ids.southRequest)", token: first).status == .notFound)
        let moved = try await fixture.portalJWT(["role": "officer", "region": "south", "sub": account, "name": "สมชาย ย้ายภาค"])
        #expect(try await fixture.call.send(.get, "/v1/requests/\(parties.ids.southRequest)", token: moved).status == .ok)
        let id = JWTVerifier.clientID(issuer: RouteFixture.portalIssuer, subject: account)
        let client = try await fixture.call.send(.get, "/v1/api-clients/\(id)", token: parties.tokens.operator)
        let view = try client.decode(ClientView.self)
        #expect(view.name == "สมชาย ย้ายภาค")
        #expect(view.region == "south")
        #expect(view.credential == "jwt")
        #expect(try await fixture.call.send(.post, "/v1/api-clients/\(id)/revocation", token: parties.tokens.operator).status == .ok)
        #expect(try await fixture.call.send(.get, "/v1/requests", token: moved).status == .unauthorized)
    }

    @Test("portal tokens are refused with the reason", arguments: [
        "expired", "other key under a known kid", "unknown kid", "no kid", "lifetime over 600 s", "iat missing", "audience",
        "not ES256", "sub not a UUID", "no role", "enterprise without id", "contact of another party",
    ])
    func refused(_ reason: String) async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let now = Date().timeIntervalSince1970
        let token: String
        var expected: String
        switch reason {
        case "expired":
            token = try await fixture.portalJWT(["role": "officer", "iat": now - 400, "exp": now - 60])
            expected = "expired"
        case "other key under a known kid":
            let other = JWTKeyCollection()
            await other.add(ecdsa: ES256PrivateKey(), kid: JWKIdentifier(string: RouteFixture.portalKeyIDs[0]))
            token = try await other.sign(Self.claims(now), kid: JWKIdentifier(string: RouteFixture.portalKeyIDs[0]))
            expected = "signature"
        case "unknown kid":
            token = try await Self.signed(Self.claims(now), kid: "portal-1999-01")
            expected = "unknown key"
        case "no kid":
            let other = JWTKeyCollection()
            await other.add(ecdsa: ES256PrivateKey())
            token = try await other.sign(Self.claims(now))
            expected = "unknown key"
        case "lifetime over 600 s":
            token = try await fixture.portalJWT(["role": "officer", "iat": now, "exp": now + 601])
            expected = "600"
        case "iat missing":
            token = try await fixture.portalJWT(["role": "officer", "iat": NSNull()])
            expected = "iat"
        case "audience":
            token = try await fixture.portalJWT(["role": "officer", "aud": "otop-elsewhere"])
            expected = "audience"
        case "not ES256":
            let other = JWTKeyCollection()
            await other.add(hmac: HMACKey(from: "a shared secret of the test issuer, 32+ bytes"), digestAlgorithm: .sha256,
                            kid: JWKIdentifier(string: RouteFixture.portalKeyIDs[0]))
            token = try await other.sign(Self.claims(now), kid: JWKIdentifier(string: RouteFixture.portalKeyIDs[0]))
            expected = "ES256"
        case "sub not a UUID":
            token = try await fixture.portalJWT(["role": "officer", "sub": "somchai"])
            expected = "UUID"
        case "no role":
            token = try await fixture.portalJWT([:])
            expected = "role"
        case "enterprise without id":
            token = try await fixture.portalJWT(["role": "enterprise", "sub": "contact:\(parties.ids.northEnterprise):0"])
            expected = "enterprise_id"
        default:
            token = try await fixture.portalJWT(["role": "enterprise", "enterprise_id": parties.ids.northEnterprise.uuidString,
                                                 "sub": "contact:\(parties.ids.southEnterprise):0"])
            expected = "contact"
        }
        let answer = try await fixture.call.send(.get, "/v1/requests", token: token)
        #expect(answer.status == .unauthorized, "\(reason)")
        #expect(answer.problem?.detail?.contains(expected) == true, "\(reason): \(answer.problem?.detail ?? answer.text)")
        #expect(answer.headers[.wwwAuthenticate] != nil)
    }

    @Test("a contact person's portal token acts for its party")
    func contactPerson() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let token = try await fixture.portalJWT(["role": "enterprise", "enterprise_id": parties.ids.northEnterprise.uuidString,
                                                 "sub": "contact:\(parties.ids.northEnterprise.lowercased):0"])
        #expect(try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.northEnterprise)", token: token).status == .ok)
        #expect(try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.southEnterprise)", token: token).status == .notFound)
    }

    @Test("an operator token of the organisations' issuer is still refused, and its key never verifies a portal token")
    func issuersKeptApart() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let organisations = try await fixture.jwt(["role": "operator"])
        let refused = try await fixture.call.send(.get, "/v1/requests", token: organisations)
        #expect(refused.status == .unauthorized)
        #expect(refused.problem?.detail?.contains("enterprise, provider, officer") == true)
        // Signed with the organisations' key (the fixture's signer), claiming the portal as issuer.
        let crossed = try await fixture.jwt(["role": "officer", "iss": RouteFixture.portalIssuer, "iat": Date().timeIntervalSince1970])
        #expect(try await fixture.call.send(.get, "/v1/requests", token: crossed).status == .unauthorized)
    }

    @Test("a JWKS without a kid, with a key that is not EC P-256, or unreadable stops intake naming the variable",
          arguments: [
              (#"{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#, "no kid"),
              (#"{"keys":[{"kty":"RSA","kid":"r1","n":"AQAB","e":"AQAB"}]}"#, "not an EC P-256"),
              (#"{"keys":[{"kty":"EC","crv":"P-384","kid":"p384","x":"AQAB","y":"AQAB"}]}"#, "not an EC P-256"),
              (#"{"keys":[]}"#, "no key"),
              ("not json", "not a JWKS"),
          ])
    func badKeySet(_ jwks: String, _ expected: String) throws {
        #expect(throws: ConfigurationError.self) { try PortalJWTSettings.from(EnvironmentReader(["INTAKE_PORTAL_JWT_JWKS": jwks])) }
        do {
            _ = try PortalJWTSettings.from(EnvironmentReader(["INTAKE_PORTAL_JWT_JWKS": jwks]))
        } catch let error as ConfigurationError {
            #expect(error.variable == "INTAKE_PORTAL_JWT_JWKS")
            #expect(error.problem.contains(expected), "\(error.problem)")
        }
        #expect(try PortalJWTSettings.from(EnvironmentReader([:])) == nil)
    }

    @Test("the portal issuer's defaults and a JWKS file")
    func settings() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("portal-jwks-\(UUID()).json")
        try #"{"keys":[{"kty":"EC","crv":"P-256","alg":"ES256","kid":"k1","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let settings = try #require(try PortalJWTSettings.from(EnvironmentReader(["INTAKE_PORTAL_JWT_JWKS_FILE": file.path])))
        #expect(settings.issuer == "otop-portal")
        #expect(settings.audience == "otop-intake")
        #expect(try settings.keyIDs() == ["k1"])
        #expect(throws: ConfigurationError.self) {
            try PortalJWTSettings.from(EnvironmentReader(["INTAKE_PORTAL_JWT_JWKS_FILE": "/nonexistent/jwks.json"]))
        }
    }

    private static func claims(_ now: TimeInterval) throws -> RawClaims {
        try RawClaims(json: JSONSerialization.data(withJSONObject: [
            "iss": RouteFixture.portalIssuer, "aud": RouteFixture.audience, "sub": UUID().lowercased,
            "role": "officer", "iat": now, "exp": now + 300]))
    }

    /// Signed with a fresh key under `kid`.
    private static func signed(_ claims: RawClaims, kid: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: ES256PrivateKey(), kid: JWKIdentifier(string: kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}
