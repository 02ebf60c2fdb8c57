import Foundation
import TestSupport
import Testing

/// Sign-in codes and LINE linking with the real services, the SMS-gateway and LINE stand-ins
/// (`scripts/standins/http_standin.py`, whose LINE side also plays the platform's signed webhook).
@Suite("End to end: sign-in codes by SMS, LINE linking through the webhook", .serialized)
struct SignInEndToEndTests {
    static let channelSecret = "e2e LINE channel secret \(UUID().uuidString.prefix(8))"

    private func environment(line: StandIn, sms: StandIn) -> [String: String] {
        ["LINE_API_URL": line.url, "LINE_CHANNEL_TOKEN": line.token, "LINE_CHANNEL_SECRET": Self.channelSecret,
         "SMS_GATEWAY_URL": sms.url + "/send", "SMS_GATEWAY_TOKEN": sms.token,
         "SIGNIN_CODE_KEY": Data((0..<32).map { _ in UInt8.random(in: .min ... .max) }).base64EncodedString(),
         "NOTIFICATIONS_RETRY_INITIAL_MS": "200", "NOTIFICATIONS_RETRY_MAXIMUM_MS": "800", "NOTIFICATIONS_DATA_RECHECK_MS": "200",
         "NOTIFICATIONS_PORTAL_URL": "https://portal.otop.test"]
    }

    /// An API client of `role` made by the operator.
    private func client(_ system: RunningSystem, role: String, extra: [String: Any] = [:]) async throws -> String {
        let created = try await system.intake.send("POST", "/v1/api-clients", token: system.operatorToken,
                                                   json: ["name": "e2e \(role)", "role": role].merging(extra) { $1 })
        try #require(created.status == 201, "\(created.text)")
        return try #require(created.json["token"] as? String)
    }

    @Test("a code asked for a provider's contact person arrives by SMS at the gateway and signs the person in, once")
    func codeBySMS() async throws {
        let line = try await StandIn.start("line")
        let sms = try await StandIn.start("sms")
        defer { line.stop(); sms.stop() }
        try await RunningSystem.run(["intake", "notifications"], extraEnvironment: environment(line: line, sms: sms)) { system in
            let programme = try await Programme.open(system)
            let phone = String(format: "08%d-%03d-%04d", Int.random(in: 1...9), Int.random(in: 0...999), Int.random(in: 0...9999))
            let registered = try await system.intake.send("POST", "/v1/providers", token: programme.officer, json: [
                "name": "คลินิกเทคโนโลยี \(system.tag)", "kind": "university", "serviceAreas": ["packagingDesign"],
                "productTypes": ["food"], "standards": [], "provinceCodes": ["TH-50"], "capacity": 3, "qualified": true,
                "contacts": [["name": "ดร.วิภาวี ศรีสุข", "phone": phone, "email": "wipawee-\(system.tag)@example.org",
                              "channels": ["email"]]]])
            try #require(registered.status == 201, "\(registered.text)")
            let providerID = try #require(registered.json["id"] as? String)
            let portal = try await client(system, role: "portal")

            let asked = try await system.intake.send("POST", "/v1/sign-in/codes", token: portal,
                                                     json: ["phone": phone, "channel": "sms", "clientAddress": "203.0.113.7"])
            #expect(asked.status == 202, "\(asked.text)")
            let codeID = try #require(asked.json["codeId"] as? String)
            let message = try await eventually("the sign-in SMS at the gateway", timeout: .seconds(60)) {
                sms.received().first { $0.status == 200 && $0.texts.first?.contains(codeID) == true }
            }
            let text = try #require(message.texts.first)
            #expect(message.recipients == ["+66" + phone.filter(\.isNumber).dropFirst()])
            #expect(text.contains("https://portal.otop.test/sign-in/codes/\(codeID)"))
            let code = try #require(text.firstMatch(of: /\b(\d{6})\b/)?.1)

            let verified = try await system.intake.send("POST", "/v1/sign-in/verifications", token: portal,
                                                        json: ["codeId": codeID, "code": String(code)])
            #expect(verified.status == 200, "\(verified.text)")
            let identity = try #require((verified.json["identities"] as? [[String: Any]])?.first)
            #expect(identity["role"] as? String == "provider")
            #expect(identity["providerId"] as? String == providerID)
            #expect(identity["subject"] as? String == "contact:\(providerID):0")
            #expect(identity["name"] as? String == "ดร.วิภาวี ศรีสุข")
            let again = try await system.intake.send("POST", "/v1/sign-in/verifications", token: portal,
                                                     json: ["codeId": codeID, "code": String(code)])
            #expect(again.status == 410)
        }
    }

    @Test("a LINE account linked through the stand-in's signed webhook gets the contact's next message; an unfollow unlinks it")
    func lineLink() async throws {
        let line = try await StandIn.start("line", arguments: ["--channel-secret", Self.channelSecret])
        let sms = try await StandIn.start("sms")
        defer { line.stop(); sms.stop() }
        try await RunningSystem.run(["intake", "matching", "notifications"], extraEnvironment: environment(line: line, sms: sms)) { system in
            let programme = try await Programme.open(system)
            _ = try await programme.provider("คลินิกเทคโนโลยี \(system.tag)")
            let enterprise = try await programme.enterprise("วิสาหกิจ \(system.tag)")
            let user = "U" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let link = try await system.intake.send("POST", "/v1/line-links", token: enterprise.token, json: ["contactIndex": 0])
            try #require(link.status == 201, "\(link.text)")
            let code = try #require(link.json["code"] as? String)

            let platform = HTTPClient(base: line.url)
            let webhook = "\(system.intake.base)/webhooks/line"
            let forged = try await platform.send("POST", "/_control/webhook", json: [
                "url": webhook, "signature": "wrong", "events": [["type": "message", "userId": user, "text": code]]])
            #expect(forged.json["status"] as? Int == 401, "\(forged.text)")
            let sent = try await platform.send("POST", "/_control/webhook", json: [
                "url": webhook, "events": [["type": "follow", "userId": user], ["type": "message", "userId": user, "text": "รหัส \(code)"]]])
            #expect(sent.json["status"] as? Int == 200, "\(sent.text)")

            let contacts = "/v1/contacts/\(enterprise.id)"
            _ = try await eventually("the contact person linked to the LINE account", timeout: .seconds(30)) { () -> Bool? in
                let person = (try await system.intake.send("GET", contacts, token: enterprise.token).json["contacts"] as? [[String: Any]])?.first
                return person?["lineUserId"] as? String == user && (person?["channels"] as? [String])?.contains("line") == true ? true : nil
            }

            // The contact's next message (the request received) arrives on LINE.
            let submitted = try await system.intake.send("POST", "/v1/requests", token: enterprise.token, json: [
                "productName": "ผลิตภัณฑ์ของวิสาหกิจ \(system.tag)", "productType": "food", "serviceAreas": ["packagingDesign"],
                "description": "ยืดอายุการเก็บรักษา"])
            #expect(submitted.status == 202, "\(submitted.text)")
            let reference = try #require(submitted.json["reference"] as? String)
            let push = try await eventually("the request-received LINE push to the linked account", timeout: .seconds(60)) {
                line.received().first { $0.status == 200 && $0.recipients == [user] && $0.texts.first?.contains(reference) == true }
            }
            #expect(push.path == "/v2/bot/message/push")

            let unfollowed = try await platform.send("POST", "/_control/webhook", json: [
                "url": webhook, "events": [["type": "unfollow", "userId": user]]])
            #expect(unfollowed.json["status"] as? Int == 200)
            _ = try await eventually("the LINE account unlinked", timeout: .seconds(30)) { () -> Bool? in
                let person = (try await system.intake.send("GET", contacts, token: enterprise.token).json["contacts"] as? [[String: Any]])?.first
                return person?["lineUserId"] == nil && (person?["channels"] as? [String]) == ["email"] ? true : nil
            }
        }
    }
}
