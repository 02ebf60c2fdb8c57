import Foundation
import TestSupport
import Testing

/// The hand-off between an assigned provider and its enterprise (issue 15, point 1) through the real
/// executables, PostgreSQL, broker and local SMTP server: the `assigned-provider` e-mail names the
/// enterprise's contact person and phone; the assigned provider reads the enterprise and its contacts
/// while another provider gets a 404; the access log shows the assigned provider's reads to officers.
@Suite("End to end: the hand-off", .serialized)
struct HandOffTests {
    @Test("accept → confirm: the assigned-provider e-mail carries the enterprise's contact person and phone; the provider's reads are allowed and logged, another provider's refused")
    func handOff() async throws {
        try await RunningSystem.run(["intake", "matching", "notifications"]) { system in
            let mail = MaildirReader(maildir: system.maildir)
            let p = try await Programme.open(system)
            let provider = try await p.provider("คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้")
            let stranger = try await p.provider("ศูนย์วิทยาศาสตร์อื่น", areas: ["machineryDesign"], provinces: ["TH-90"])
            try await p.awaitProviders(2)
            let enterprise = try await p.enterprise("กลุ่มแม่บ้านแม่ริม", phone: "081-234-5678")
            let own = try await p.api.send("GET", "/v1/contacts/\(enterprise.id)", token: enterprise.token)
            let person = try #require((own.json["contacts"] as? [[String: Any]])?.first, "\(own.text)")
            let name = try #require(person["name"] as? String), phone = try #require(person["phone"] as? String)

            let request = try await p.submit(enterprise)
            let proposal = try await p.awaitProposal(of: request, for: provider)
            // Proposed, not yet chosen by the enterprise: its contacts are not the provider's yet.
            #expect(try await p.api.send("GET", "/v1/contacts/\(enterprise.id)", token: provider.token).status == 404)
            #expect(try await p.api.send("POST", "/v1/proposals/\(proposal)/accept", token: provider.token).status == 202)
            try await p.awaitStatus(request, "accepted")
            #expect(try await p.api.send("POST", "/v1/proposals/\(proposal)/confirm", token: enterprise.token).status == 202)
            try await p.awaitStatus(request, "assigned")

            let assigned = try await eventually("the assigned-provider e-mail", timeout: .seconds(60)) {
                mail.newMessages().first {
                    $0.header("X-OTOP-Template") == "assigned-provider" && $0.header("To")?.contains("provider-\(system.tag)@") == true
                }
            }
            #expect(assigned.body.contains("ผู้ติดต่อ: \(name)"), "\(assigned.body)")
            #expect(assigned.body.contains("โทรศัพท์: \(phone)"), "\(assigned.body)")
            #expect(assigned.body.contains("วิสาหกิจ: กลุ่มแม่บ้านแม่ริม"), "\(assigned.body)")
            #expect(assigned.html?.contains("href=\"tel:\(phone)\"") == true)

            // The assigned provider reads the request, the enterprise and its contacts; another does not.
            for path in ["/v1/requests/\(request)", "/v1/enterprises/\(enterprise.id)", "/v1/contacts/\(enterprise.id)"] {
                let read = try await p.api.send("GET", path, token: provider.token)
                #expect(read.status == 200, "\(path): \(read.text)")
                #expect(try await p.api.send("GET", path, token: stranger.token).status == 404, "\(path) by another provider")
            }
            let contacts = try await p.api.send("GET", "/v1/contacts/\(enterprise.id)", token: provider.token)
            #expect((contacts.json["contacts"] as? [[String: Any]])?.first?["phone"] as? String == phone)

            // The officer sees the three reads in the access log: ids and field names, never the data.
            let log = try await p.api.send("GET", "/v1/access-log?readerPartyId=\(provider.id)", token: p.officer)
            let entries = try #require(log.json["items"] as? [[String: Any]], "\(log.text)")
            #expect(Set(entries.compactMap { $0["route"] as? String })
                == ["GET /v1/requests/{id}", "GET /v1/enterprises/{id}", "GET /v1/contacts/{partyId}"])
            #expect(entries.allSatisfy { $0["partyId"] as? String == enterprise.id && $0["requestId"] as? String == request })
            #expect(!log.text.contains(phone) && !log.text.contains(name))
        }
    }
}
