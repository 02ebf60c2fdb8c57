import Foundation
import TestSupport
import Testing

/// `otopctl apikey create|list|rotate|revoke` against the real intake process and database: a key
/// the command creates is accepted by intake at once, rotation stops the old token on its next
/// request, revocation stops the key on its next request (the cached submission route included), and
/// tokens are shown once and never listed.
@Suite("otopctl apikey against the real intake", .serialized)
struct APIKeyCommandTests {
    @Test("a created key works at once; list shows it without its token; rotate and revoke take effect on the next request")
    func lifecycle() async throws {
        try await RunningSystem.run(["intake"]) { try await checks($0) }
    }

    /// The `id:` and `token:` lines `apikey create` and `apikey rotate` print.
    private func issued(_ result: Tool.Result) throws -> (id: String, token: String) {
        var values: [String: String] = [:]
        for line in result.output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        let id = try #require(values["id"]?.split(separator: " ").first.map(String.init), "\(result.output)")
        return (id, try #require(values["token"], "\(result.output)"))
    }

    private func checks(_ system: RunningSystem) async throws {
        let tool = try Tool(system)
        let api = system.intake

        let created = try await tool.run(["apikey", "create", "--name", "สำนักงานภาคเหนือ", "--role", "officer", "--region", "north"])
        #expect(created.status == 0, "\(created.output)")
        let officer = try issued(created)
        #expect(try await api.send("GET", "/v1/enterprises", token: officer.token).status == 200, "intake accepts the new key at once")
        let me = try await api.send("GET", "/v1/api-clients/\(officer.id)", token: system.operatorToken)
        #expect(me.json["role"] as? String == "officer" && me.json["region"] as? String == "north", "\(me.text)")

        // The command checks what intake checks: an enterprise key needs an enterprise that exists.
        let orphan = try await tool.run(["apikey", "create", "--name", "x", "--role", "enterprise", "--enterprise-id", UUID().uuidString])
        #expect(orphan.status != 0 && orphan.output.contains("no such enterprise or provider"), "\(orphan.output)")
        let misplaced = try await tool.run(["apikey", "create", "--name", "x", "--role", "operator", "--region", "north"])
        #expect(misplaced.status != 0 && misplaced.output.contains("--region is only for --role officer"), "\(misplaced.output)")

        let listed = try await tool.run(["apikey", "list"])
        #expect(listed.status == 0)
        let line = listed.output.split(separator: "\n").first { $0.hasPrefix(officer.id) } ?? ""
        #expect(line.contains("officer") && line.contains("active") && line.contains("region north"), "\(listed.output)")
        #expect(!listed.output.contains(officer.token), "tokens are never listed")

        let rotated = try await tool.run(["apikey", "rotate", officer.id])
        #expect(rotated.status == 0, "\(rotated.output)")
        let replacement = try issued(rotated)
        #expect(replacement.id != officer.id && replacement.token != officer.token)
        #expect(try await api.send("GET", "/v1/enterprises", token: officer.token).status == 401, "the old token stops at once")
        #expect(try await api.send("GET", "/v1/enterprises", token: replacement.token).status == 200)

        // The submission route takes its client from a cache and checks revocation in its own statement:
        // warm the cache, revoke, and the next submission is refused.
        let registered = try await api.send("POST", "/v1/enterprises", token: replacement.token, json: [
            "name": "กลุ่มแม่บ้านบ้านแม่ริม", "kind": "communityEnterprise", "provinceCode": "TH-50", "district": "แม่ริม",
            "products": [["name": "น้ำพริกหนุ่ม", "productType": "food"]], "contacts": [["name": "นางสมศรี", "email": "somsri@example.org"]]])
        try #require(registered.status == 201, "\(registered.text)")
        let submission: [String: Any] = ["enterpriseId": try #require(registered.json["id"] as? String), "productName": "น้ำพริกหนุ่ม",
                                         "productType": "food", "serviceAreas": ["packagingDesign"], "description": "บรรจุภัณฑ์ใหม่"]
        #expect(try await api.send("POST", "/v1/requests", token: replacement.token, json: submission).status == 202)
        let revoked = try await tool.run(["apikey", "revoke", replacement.id])
        #expect(revoked.status == 0 && revoked.output.contains("revoked \(replacement.id)"), "\(revoked.output)")
        #expect(try await api.send("POST", "/v1/requests", token: replacement.token, json: submission).status == 401)
        #expect(try await api.send("GET", "/v1/enterprises", token: replacement.token).status == 401)
        let again = try await tool.run(["apikey", "revoke", replacement.id])
        #expect(again.status != 0 && again.output.contains("no active client"), "\(again.output)")
        let after = try await tool.run(["apikey", "list"])
        #expect(after.output.split(separator: "\n").contains { $0.hasPrefix(replacement.id) && $0.contains("revoked") }, "\(after.output)")
    }
}
