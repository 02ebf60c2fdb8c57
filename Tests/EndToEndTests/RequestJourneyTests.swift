import Contracts
import Domain
import Foundation
import Kafka
import TestSupport
import Testing

/// The thin slice through all four real services: POST /v1/requests on intake → otop.requests →
/// matching proposes the provider that fits → otop.matches → notifications sends a Thai e-mail over
/// real SMTP; certification records the target standard as a planned certificate; intake's timeline
/// shows it all.
@Suite("End to end: one request through the four services", .serialized)
struct RequestJourneyTests {
    @Test("a submitted request reaches the right provider as a Thai e-mail, and the topics hold valid CloudEvents")
    func requestJourney() async throws {
        try await RunningSystem.run { system in try await journey(system) }
    }

    private func journey(_ system: RunningSystem) async throws {
        let api = system.intake
        let officer = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                         json: ["name": "เจ้าหน้าที่ทดสอบ", "role": "officer"])
        try #require(officer.status == 201, "\(officer.text)")
        let officerToken = try #require(officer.json["token"] as? String)

        // Two providers: only the one in Chiang Mai covers packaging + มผช. for food.
        let rightProvider = try await api.send("POST", "/v1/providers", token: officerToken, json: [
            "name": "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้", "kind": "university",
            "serviceAreas": ["packagingDesign", "standardsSystem"], "productTypes": ["food", "beverage"],
            "standards": ["tcps", "gmp"], "provinceCodes": ["TH-50"], "regions": ["north"], "capacity": 5, "qualified": true,
            "contacts": [["name": "ดร.วิภาวี ศรีสุข", "email": "coordinator-\(system.tag)@mju.example", "channels": ["email"]]],
        ])
        try #require(rightProvider.status == 201, "\(rightProvider.text)")
        let wrongProvider = try await api.send("POST", "/v1/providers", token: officerToken, json: [
            "name": "ศูนย์ออกแบบสิ่งทอ", "kind": "institute", "serviceAreas": ["productInnovation"],
            "productTypes": ["textile"], "standards": [], "provinceCodes": ["TH-50"], "capacity": 5, "qualified": true,
            "contacts": [["name": "คุณกิตติ", "email": "textile-\(system.tag)@example.org"]],
        ])
        try #require(wrongProvider.status == 201, "\(wrongProvider.text)")
        let providerID = try #require(rightProvider.json["id"] as? String)

        let enterprise = try await api.send("POST", "/v1/enterprises", token: officerToken, json: [
            "name": "วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม", "kind": "communityEnterprise", "registrationNumber": "1234567890121",
            "provinceCode": "TH-50", "district": "แม่ริม", "subdistrict": "ริมใต้",
            "products": [["name": "น้ำพริกหนุ่มสมุนไพร", "productType": "food", "foodSubgroup": "processedFood"]],
            "contacts": [["name": "นางสมศรี ใจดี", "email": "somsri-\(system.tag)@example.org", "phone": "081-234-5678"]],
        ])
        try #require(enterprise.status == 201, "\(enterprise.text)")
        let enterpriseID = try #require(enterprise.json["id"] as? String)
        // Providers are registered long before requests in real life: let matching learn both first.
        _ = try await eventually("matching to know both providers", timeout: .seconds(30)) { () -> Bool? in
            try await system.count("SELECT count(*)::int8 AS n FROM matching.providers") == 2 ? true : nil
        }
        let client = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                        json: ["name": "บ้านแม่ริม", "role": "enterprise", "enterpriseId": enterpriseID])
        let enterpriseToken = try #require(client.json["token"] as? String)

        let submitted = try await api.send("POST", "/v1/requests", token: enterpriseToken, json: [
            "productName": "น้ำพริกหนุ่มสมุนไพร", "productType": "food",
            "serviceAreas": ["packagingDesign", "standardsSystem"], "targetStandard": "tcps",
            "description": "ต้องการยืดอายุการเก็บรักษาและยื่นขอ มผช.",
        ])
        #expect(submitted.status == 202)
        let requestID = try #require(submitted.json["id"] as? String)
        let reference = try #require(submitted.json["reference"] as? String)
        #expect(submitted.header("Location") == "/v1/requests/\(requestID)")
        #expect(reference.hasPrefix("OTOP-25"))

        // The proposal e-mail reaches the provider's coordinator, in Thai, with the explanation.
        // Reference numbers restart in each fresh database: this run's mail is found by its addresses.
        let ours = { MailMessage.all(in: system.maildir).filter { $0.header("To")?.contains(system.tag) == true } }
        let mail = try await eventually("the proposal e-mail for \(reference)", timeout: .seconds(60)) {
            ours().first { $0.header("X-OTOP-Request") == reference && $0.header("X-OTOP-Template") == "proposal-to-provider" }
        }
        #expect(mail.header("To")?.contains("coordinator-\(system.tag)@mju.example") == true)
        #expect(mail.header("Subject") == "ข้อเสนอคำขอรับบริการ \(reference): น้ำพริกหนุ่มสมุนไพร")
        #expect(mail.body.contains("เรียน ผู้ประสานงาน คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้"))
        #expect(mail.body.contains("มาตรฐานเป้าหมาย: มาตรฐานผลิตภัณฑ์ชุมชน (มผช.)"))
        #expect(mail.body.contains("อยู่จังหวัดเดียวกัน (เชียงใหม่)"))
        #expect(mail.body.contains("จังหวัด: เชียงใหม่"))
        // The enterprise is told its request arrived.
        let receipt = try await eventually("the receipt e-mail", timeout: .seconds(30)) {
            ours().first { $0.header("X-OTOP-Request") == reference && $0.header("X-OTOP-Template") == "request-received" }
        }
        #expect(receipt.header("To")?.contains("somsri-\(system.tag)@example.org") == true)
        #expect(receipt.header("Subject") == "ได้รับคำขอรับบริการ \(reference) แล้ว")
        #expect(ours().count == 2,
                "exactly one receipt and one proposal, no duplicates")

        // Both topics hold valid structured-mode CloudEvents, keyed by the request id.
        let requests = try await system.messages(on: "otop.requests", atLeast: 1)
        let requestEvent = try #require(try requests.map { try IncomingEvent(bytes: $0.value).decode(RequestSubmitted.self) }
            .first { $0.data.reference == reference })
        #expect(requestEvent.source == "/otop/intake")
        #expect(requestEvent.subject == "request/\(requestID)")
        let requestMessage = try #require(requests.first { (try? IncomingEvent(bytes: $0.value))?.header.id == requestEvent.id })
        #expect(requestMessage.key == Array(requestID.utf8))
        #expect(requestMessage.headers.contains { $0.key == "content-type" && $0.value == Array("application/cloudevents+json".utf8) })

        let matches = try await system.messages(on: "otop.matches", atLeast: 1)
        let matchEvents = try matches.map { try IncomingEvent(bytes: $0.value) }
        #expect(matchEvents.allSatisfy { $0.header.type == MatchProposed.eventType })
        let proposal = try #require(try matchEvents.map { try $0.decode(MatchProposed.self) }
            .first { $0.data.requestReference == reference })
        #expect(proposal.data.providerId.lowercased == providerID)
        #expect(proposal.causationid == requestEvent.id.lowercased)
        #expect(proposal.correlationid == requestID)
        #expect(proposal.data.candidatesConsidered == 2)
        #expect(proposal.data.candidatesEligible == 1)

        // Certification planned a มผช. certificate; intake's timeline shows every step.
        let timeline = try await eventually("the request timeline", timeout: .seconds(30)) { () -> [[String: Any]]? in
            let view = try await api.send("GET", "/v1/requests/\(requestID)", token: enterpriseToken).json
            let entries = view["timeline"] as? [[String: Any]] ?? []
            let types = entries.compactMap { $0["type"] as? String }
            let complete = view["status"] as? String == "proposed"
                && types.contains("th.otop.certification.planned.v1")
                && types.filter { $0 == "th.otop.notification.delivered.v1" }.count == 2
            return complete ? entries : nil
        }
        let planned = try #require(timeline.first { $0["type"] as? String == "th.otop.certification.planned.v1" })
        #expect((planned["summary"] as? [String: String])?["standard"] == "tcps")
        #expect((planned["summary"] as? [String: String])?["state"] == "planned")
    }
}
