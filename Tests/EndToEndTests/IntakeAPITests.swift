import Foundation
import Postgres
import TestSupport
import Testing

/// intake's HTTP API against the real process, database and broker: authentication and roles,
/// RFC 9457 problems that name the field, enterprise data isolation, idempotent submission.
@Suite("Intake API over real HTTP", .serialized)
struct IntakeAPITests {
    @Test("bad input gets a problem naming the field; roles and ownership are enforced; retries are idempotent")
    func apiContract() async throws {
        try await RunningSystem.run(["intake"]) { try await checks($0) }
    }

    private func enterprise(_ api: HTTPClient, officer: String, name: String) async throws -> String {
        let answer = try await api.send("POST", "/v1/enterprises", token: officer, json: [
            "name": name, "kind": "communityEnterprise", "provinceCode": "TH-31", "district": "นาโพธิ์",
            "products": [["name": "ผ้าไหมมัดหมี่", "productType": "textile"]],
            "contacts": [["name": "นางบุญมี ทองดี", "email": "boonmee@example.org"]],
        ])
        try #require(answer.status == 201, "\(answer.text)")
        return try #require(answer.json["id"] as? String)
    }

    private func checks(_ system: RunningSystem) async throws {
        let api = system.intake

        // Authentication.
        let anonymous = try await api.send("POST", "/v1/requests", json: ["description": "x"])
        #expect(anonymous.status == 401)
        #expect(anonymous.header("Content-Type") == "application/problem+json")
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try await api.send("GET", "/v1/requests", token: "otop_not-a-real-token").status == 401)
        #expect(try await api.send("GET", "/openapi.json").status == 200)

        let officer = try #require(try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                                      json: ["name": "officer", "role": "officer"]).json["token"] as? String)
        let firstID = try await enterprise(api, officer: officer, name: "กลุ่มทอผ้าไหมบ้านนาโพธิ์")
        let secondID = try await enterprise(api, officer: officer, name: "กลุ่มจักสานบ้านโนนสูง")
        func client(for id: String) async throws -> String {
            try #require(try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                            json: ["name": "e", "role": "enterprise", "enterpriseId": id]).json["token"] as? String)
        }
        let first = try await client(for: firstID)
        let second = try await client(for: secondID)

        // Roles.
        let forbidden = try await api.send("POST", "/v1/providers", token: first, json: ["name": "x"], headers: ["Accept-Language": "en"])
        #expect(forbidden.status == 403)
        #expect((forbidden.json["detail"] as? String)?.contains("role enterprise may not register providers") == true)

        // Validation: every bad field is named.
        let invalid = try await api.send("POST", "/v1/requests", token: first, json: [
            "productName": "ผ้าไหม", "productType": "textile",
            "serviceAreas": ["productInnovation", "teleportation"], "targetStandard": "iso9999",
        ])
        #expect(invalid.status == 422)
        #expect(invalid.header("Content-Type") == "application/problem+json")
        let fields = (invalid.json["errors"] as? [[String: String]] ?? []).compactMap { $0["pointer"] }
        #expect(Set(fields) == ["/serviceAreas/1", "/targetStandard", "/description"])
        #expect(invalid.json["type"] as? String == "/problems/validation-failed")

        let malformed = try await api.send("POST", "/v1/requests", token: first, rawBody: Data("{\"serviceAreas\": [".utf8),
                                           headers: ["Content-Type": "application/json"])
        #expect(malformed.status == 400)
        let wrongType = try await api.send("POST", "/v1/requests", token: first, json: ["serviceAreas": "packagingDesign"])
        #expect(wrongType.status == 400)
        #expect((wrongType.json["errors"] as? [[String: String]])?.first?["pointer"] == "/serviceAreas")
        let notJSON = try await api.send("POST", "/v1/requests", token: first, rawBody: Data("a=b".utf8),
                                         headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(notJSON.status == 415)
        let unknownEnterprise = try await api.send("POST", "/v1/requests", token: officer, json: [
            "enterpriseId": UUID().uuidString, "productName": "x", "productType": "food",
            "serviceAreas": ["packagingDesign"], "description": "x"])
        #expect(unknownEnterprise.status == 404)
        #expect((unknownEnterprise.json["errors"] as? [[String: String]])?.first?["pointer"] == "/enterpriseId")

        // Idempotent submission: the same key and body give the same request; another body is a conflict.
        let body: [String: Any] = ["productName": "ผ้าไหมมัดหมี่", "productType": "textile",
                                   "serviceAreas": ["productInnovation"], "description": "พัฒนาลายผ้าใหม่"]
        let once = try await api.send("POST", "/v1/requests", token: first, json: body, headers: ["Idempotency-Key": "k-1"])
        let twice = try await api.send("POST", "/v1/requests", token: first, json: body, headers: ["Idempotency-Key": "k-1"])
        #expect(once.status == 202)
        #expect(twice.status == 202)
        let requestID = try #require(once.json["id"] as? String)
        #expect(twice.json["id"] as? String == requestID)
        var changed = body
        changed["description"] = "อย่างอื่น"
        #expect(try await api.send("POST", "/v1/requests", token: first, json: changed, headers: ["Idempotency-Key": "k-1"]).status == 409)
        let listed = try await api.send("GET", "/v1/requests", token: first).json["items"] as? [[String: Any]] ?? []
        #expect(listed.count == 1, "the retried POST created no second request")

        // An enterprise sees only its own data.
        #expect(try await api.send("GET", "/v1/requests/\(requestID)", token: first).status == 200)
        #expect(try await api.send("GET", "/v1/requests/\(requestID)", token: second).status == 404)
        #expect((try await api.send("GET", "/v1/requests", token: second).json["items"] as? [Any])?.isEmpty == true)
        #expect(try await api.send("GET", "/v1/enterprises/\(firstID)", token: second).status == 404)
        #expect(try await api.send("GET", "/v1/enterprises/\(firstID)", token: first).status == 200)
        #expect(try await api.send("GET", "/v1/requests/\(requestID)", token: officer).status == 200)

        try await concurrentRetries(api, token: first)
        try await concurrentSubmissions(system, token: first)
        try await revocation(system, enterprise: secondID)
    }

    /// Retries of one key sent at the same time: one request, and every answer names it.
    private func concurrentRetries(_ api: HTTPClient, token: String) async throws {
        let answers = try await withThrowingTaskGroup(of: HTTPClient.Answer.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await api.send("POST", "/v1/requests", token: token, json: [
                        "productName": "ผ้าไหมมัดหมี่", "productType": "textile", "serviceAreas": ["productInnovation"],
                        "description": "ส่งซ้ำพร้อมกัน"], headers: ["Idempotency-Key": "k-together"])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.allSatisfy { $0.status == 202 }, "\(answers.map { "\($0.status) \($0.text)" })")
        #expect(Set(answers.compactMap { $0.json["id"] as? String }).count == 1, "one request for one key")
    }

    /// Submissions in parallel: distinct references from the fiscal year's sequence, and
    /// every event published (the relay is woken after the commits, not by a NOTIFY inside them).
    private func concurrentSubmissions(_ system: RunningSystem, token: String) async throws {
        let api = system.intake
        let references = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let answer = try await api.send("POST", "/v1/requests", token: token, json: [
                        "productName": "ผ้าไหมมัดหมี่", "productType": "textile", "serviceAreas": ["productInnovation"],
                        "description": "คำขอพร้อมกันที่ \(index)"])
                    try #require(answer.status == 202, "\(answer.text)")
                    return try #require(answer.json["reference"] as? String)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(references).count == 24, "every reference is unique")
        #expect(references.allSatisfy { $0.wholeMatch(of: /OTOP-25\d\d-\d{6}/) != nil }, "\(references)")
        _ = try await eventually("every submitted event published", timeout: .seconds(30)) { () -> Bool? in
            try await system.count("SELECT count(*)::int8 AS n FROM intake.outbox WHERE published_at IS NULL") == 0 ? true : nil
        }
    }

    /// Revocation takes effect on the next request, also on POST /v1/requests, whose middleware takes
    /// the client from a cache (the route's own first statement checks `revoked_at`).
    private func revocation(_ system: RunningSystem, enterprise: String) async throws {
        let api = system.intake
        let created = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                         json: ["name": "soon revoked", "role": "enterprise", "enterpriseId": enterprise])
        let token = try #require(created.json["token"] as? String)
        let idText = try #require(created.json["id"] as? String)
        let id = try #require(UUID(uuidString: idText))
        let body: [String: Any] = ["productName": "เสื่อกก", "productType": "household", "serviceAreas": ["productInnovation"],
                                   "description": "ก่อนถูกเพิกถอน"]
        #expect(try await api.send("POST", "/v1/requests", token: token, json: body).status == 202)
        #expect(try await api.send("POST", "/v1/requests", token: token, json: body).status == 202)
        _ = try await system.query("UPDATE intake.api_clients SET revoked_at = now() WHERE id = \(id)")
        let refused = try await api.send("POST", "/v1/requests", token: token, json: body)
        #expect(refused.status == 401, "a revoked token must be refused on its next submission: \(refused.text)")
        #expect(try await api.send("GET", "/v1/requests", token: token).status == 401)
        #expect(try await api.send("POST", "/v1/requests", token: token, json: body).status == 401)
    }
}
