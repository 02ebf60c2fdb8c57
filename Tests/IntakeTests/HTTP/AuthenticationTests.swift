import Foundation
import HTTPTypes
import JWTKit
import Postgres
import Testing
@testable import IntakeService

/// API keys and JWTs: what is accepted, what is refused and why, and that revocation and rotation
/// take effect on the very next request (the cached route included).
@Suite("Authentication: API keys and JWTs")
struct AuthenticationTests {
    @Test("a JWT with the configured issuer, audience, a valid signature and role claims is accepted")
    func jwtAccepted() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let enterprise = try await fixture.jwt(["role": "enterprise", "enterprise_id": parties.ids.northEnterprise.uuidString])
        let own = try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.northEnterprise)", token: enterprise)
        #expect(own.status == .ok)
        let other = try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.southEnterprise)", token: enterprise)
        #expect(other.status == .notFound)
        let submitted = try await fixture.call.json(.post, "/v1/requests", token: enterprise, Samples.request())
        #expect(submitted.status == .accepted)
        let officer = try await fixture.jwt(["role": "officer", "region": "north"])
        let scoped = try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.southEnterprise)", token: officer)
        #expect(scoped.status == .notFound)
        let listed = try await fixture.call.send(.get, "/v1/api-clients", token: parties.tokens.operator)
        #expect(listed.text.contains("\"credential\":\"jwt\""))
    }

    @Test("a JWT with the ministry's role reads nationally, personal data masked, and its every write is a 403 naming the role; an operator key makes ministry keys")
    func ministryJWT() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let ministry = try await fixture.jwt(["role": "ministry", "sub": "ministry-\(UUID().uuidString)"])
        let south = try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.southEnterprise)", token: ministry)
        #expect(south.status == .ok)
        let north = try await fixture.call.send(.get, "/v1/enterprises/\(parties.ids.northEnterprise)", token: ministry)
        #expect(try north.decode(EnterpriseView.self).registrationNumber == "*********0121")
        let write = try await fixture.call.json(.post, "/v1/enterprises", token: ministry, Samples.enterprise(province: "TH-50"),
                                                headers: [.acceptLanguage: "en"])
        #expect(write.status == .forbidden)
        #expect(write.problem?.detail == "role ministry reads only and may not change anything (POST /v1/enterprises)")
        let created = try await fixture.call.json(.post, "/v1/api-clients", token: parties.tokens.operator,
                                                  ["name": "กองส่งเสริม OTOP", "role": "ministry"])
        #expect(created.status == .created)
        let scoped = try await fixture.call.json(.post, "/v1/api-clients", token: parties.tokens.operator,
                                                 ["name": "ministry with a region", "role": "ministry", "region": "north"])
        #expect(scoped.status == .unprocessableContent)
        #expect(scoped.pointers == ["/region"])
    }

    @Test("JWTs are refused with 401 when expired, from another issuer or audience, badly signed, or without a usable role",
          arguments: ["expired", "issuer", "audience", "signature", "no role", "operator role", "enterprise without id", "not yet valid", "hs256 wrong secret"])
    func jwtRefused(_ reason: String) async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let token: String
        switch reason {
        case "expired": token = try await fixture.jwt(["role": "officer", "exp": Date().addingTimeInterval(-120).timeIntervalSince1970])
        case "issuer": token = try await fixture.jwt(["role": "officer", "iss": "https://evil.example"])
        case "audience": token = try await fixture.jwt(["role": "officer", "aud": "another-api"])
        case "no role": token = try await fixture.jwt([:])
        case "operator role": token = try await fixture.jwt(["role": "operator"])
        case "enterprise without id": token = try await fixture.jwt(["role": "enterprise"])
        case "not yet valid": token = try await fixture.jwt(["role": "officer", "nbf": Date().addingTimeInterval(3600).timeIntervalSince1970])
        case "signature":
            let other = JWTKeyCollection()
            await other.add(ecdsa: ES256PrivateKey())
            token = try await other.sign(RawClaims(json: try JSONSerialization.data(withJSONObject: [
                "iss": RouteFixture.issuer, "aud": RouteFixture.audience, "sub": "x", "role": "officer",
                "exp": Date().addingTimeInterval(600).timeIntervalSince1970])))
        default:
            let other = JWTKeyCollection()
            await other.add(hmac: HMACKey(from: "not the configured secret, but long enough"), digestAlgorithm: .sha256)
            token = try await other.sign(RawClaims(json: try JSONSerialization.data(withJSONObject: [
                "iss": RouteFixture.issuer, "aud": RouteFixture.audience, "sub": "x", "role": "officer",
                "exp": Date().addingTimeInterval(600).timeIntervalSince1970])))
        }
        let answer = try await fixture.call.send(.get, "/v1/requests", token: token)
        #expect(answer.status == .unauthorized, "\(reason)")
        #expect(answer.headers[.wwwAuthenticate] != nil)
    }

    @Test("HS256 is accepted with the configured shared secret")
    func hs256() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: "a shared secret of the test issuer, 32+ bytes"), digestAlgorithm: .sha256)
        let token = try await keys.sign(RawClaims(json: try JSONSerialization.data(withJSONObject: [
            "iss": RouteFixture.issuer, "aud": [RouteFixture.audience, "other"], "sub": "hs-user", "role": "officer",
            "exp": Date().addingTimeInterval(600).timeIntervalSince1970])))
        let answer = try await fixture.call.send(.get, "/v1/requests", token: token)
        #expect(answer.status == .ok)
    }

    @Test("a revoked API key is refused on the next request, on the cached submission route too")
    func revocation() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let created = try await fixture.call.json(.post, "/v1/api-clients", token: parties.tokens.operator,
                                                  ["name": "soon revoked", "role": "enterprise",
                                                   "enterpriseId": parties.ids.northEnterprise.uuidString])
        let token = try created.decode(IssuedClient.self).token
        let id = try #require(created.id)
        // Warm the client cache through the route that uses it.
        #expect(try await fixture.call.json(.post, "/v1/requests", token: token, Samples.request()).status == .accepted)
        let revoked = try await fixture.call.send(.post, "/v1/api-clients/\(id)/revocation", token: parties.tokens.operator)
        #expect(revoked.status == .ok)
        #expect(try await fixture.call.json(.post, "/v1/requests", token: token, Samples.request()).status == .unauthorized)
        // An invalid body does not tell the cached route's revoked client what is wrong with it.
        #expect(try await fixture.call.json(.post, "/v1/requests", token: token, ["description": ""]).status == .unauthorized)
        #expect(try await fixture.call.send(.get, "/v1/requests", token: token).status == .unauthorized)
        let again = try await fixture.call.send(.post, "/v1/api-clients/\(id)/revocation", token: parties.tokens.operator)
        #expect(again.status == .ok)
        #expect(try again.decode(ClientView.self).revokedAt == (try revoked.decode(ClientView.self)).revokedAt)
        let record = try await fixture.call.send(.get, "/v1/api-clients/\(id)", token: parties.tokens.operator)
        #expect(try record.decode(ClientView.self).revokedAt != nil)
    }

    @Test("revocation bypassing this process's cache (another replica, otopctl) is seen on the next request")
    func revocationElsewhere() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let (client, token) = try await fixture.api.clients.create(name: "elsewhere", role: .enterprise,
                                                                   enterpriseID: parties.ids.northEnterprise, providerID: nil)
        #expect(try await fixture.call.json(.post, "/v1/requests", token: token, Samples.request()).status == .accepted)
        _ = try await fixture.pool.execute("UPDATE intake.api_clients SET revoked_at = now() WHERE id = \(client.id)")
        #expect(try await fixture.call.json(.post, "/v1/requests", token: token, Samples.request()).status == .unauthorized)
    }

    @Test("rotation hands out a new token and stops the old one at once")
    func rotation() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let created = try await fixture.call.json(.post, "/v1/api-clients", token: parties.tokens.operator,
                                                  ["name": "rotated", "role": "officer", "region": "south"])
        let old = try created.decode(IssuedClient.self).token
        #expect(try await fixture.call.send(.get, "/v1/requests", token: old).status == .ok)
        let rotated = try await fixture.call.send(.post, "/v1/api-clients/\(created.id!)/rotation", token: parties.tokens.operator)
        #expect(rotated.status == .created)
        let issued = try rotated.decode(IssuedClient.self), new = issued.token
        #expect(issued.region == "south")
        #expect(try await fixture.call.send(.get, "/v1/requests", token: old).status == .unauthorized)
        #expect(try await fixture.call.send(.get, "/v1/requests", token: new).status == .ok)
        let again = try await fixture.call.send(.post, "/v1/api-clients/\(created.id!)/rotation", token: parties.tokens.operator)
        #expect(again.status == .notFound)
    }

    @Test("a revoked JWT subject is refused on its next request")
    func jwtRevocation() async throws {
        let (fixture, parties) = try await RouteFixture.shared()
        let subject = "officer-\(UUID().uuidString)"
        let token = try await fixture.jwt(["role": "officer", "sub": subject])
        #expect(try await fixture.call.send(.get, "/v1/requests", token: token).status == .ok)
        let id = JWTVerifier.clientID(issuer: RouteFixture.issuer, subject: subject)
        #expect(try await fixture.call.send(.post, "/v1/api-clients/\(id)/revocation", token: parties.tokens.operator).status == .ok)
        #expect(try await fixture.call.send(.get, "/v1/requests", token: token).status == .unauthorized)
    }

    @Test("no token, a malformed header or an unknown key is a 401 in problem form")
    func missing() async throws {
        let (fixture, _) = try await RouteFixture.shared()
        #expect(try await fixture.call.send(.get, "/v1/requests", token: nil).status == .unauthorized)
        #expect(try await fixture.call.send(.get, "/v1/requests", token: nil, headers: [.authorization: "Basic abc"]).status == .unauthorized)
        let unknown = try await fixture.call.send(.get, "/v1/requests", token: "otop_unknown")
        #expect(unknown.status == .unauthorized)
        #expect(unknown.headers[.contentType] == "application/problem+json")
    }
}
