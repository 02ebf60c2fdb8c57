import Foundation
import TestSupport
import Testing

/// Bulk CSV import through the real intake, with matching, certification and notifications
/// running: imported providers and enterprises are published like registered ones, so a request
/// of an imported enterprise is proposed to an imported provider, whose imported coordinator gets
/// the e-mail. Importing the same files again publishes nothing.
@Suite("CSV import end to end", .serialized)
struct CSVImportTests {
    @Test("imported providers and enterprises reach matching and notifications; re-importing publishes nothing")
    func importedPartiesAreMatched() async throws {
        try await RunningSystem.run { system in
            let api = system.intake
            let officer = try await api.send("POST", "/v1/api-clients", token: system.operatorToken,
                                             json: ["name": "เจ้าหน้าที่นำเข้าข้อมูล", "role": "officer"])
            let officerToken = try #require(officer.json["token"] as? String)
            let coordinator = "wipawee-\(system.tag)@mju.example"
            let providers = Data([0xEF, 0xBB, 0xBF] + Array([
                "ชื่อหน่วยงาน,ประเภทหน่วยงาน,ด้านที่ให้บริการ,ประเภทผลิตภัณฑ์,มาตรฐาน,จังหวัดที่ให้บริการ,ภูมิภาคที่ให้บริการ,"
                    + "จำนวนงานที่รับได้,ผ่านการคัดกรอง,ชื่อผู้ติดต่อ,อีเมล",
                "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้,มหาวิทยาลัย,\"กระบวนการผลิต;บรรจุภัณฑ์;ระบบมาตรฐาน\",อาหาร;เครื่องดื่ม,มผช.;GMP,"
                    + "เชียงใหม่;ลำพูน,ภาคเหนือ,12,ใช่,ดร.วิภาวี ศรีสุข,\(coordinator)",
                "ศูนย์ออกแบบสิ่งทอ,สถาบัน,นวัตกรรมผลิตภัณฑ์,ผ้า,,เชียงใหม่,,5,ใช่,คุณกิตติ,kitti-\(system.tag)@example.org",
            ].joined(separator: "\r\n").utf8) + Array("\r\n".utf8))
            let providerAnswer = try await api.send("POST", "/v1/imports/providers", token: officerToken, rawBody: providers,
                                                    headers: ["Content-Type": "text/csv"])
            #expect(providerAnswer.status == 200, "\(providerAnswer.text)")
            let providerResults = try #require(providerAnswer.json["results"] as? [[String: Any]])
            #expect(providerResults.map { $0["outcome"] as? String } == ["created", "created"])
            let clinicID = try #require(providerResults.first?["id"] as? String)

            let enterprises = Data(Array([
                "เลขทะเบียน,ชื่อวิสาหกิจ,ประเภทผู้ประกอบการ,จังหวัด,อำเภอ,ตำบล,ชื่อผลิตภัณฑ์,ประเภทผลิตภัณฑ์,กลุ่มอาหาร,ชื่อผู้ติดต่อ,อีเมล",
                "0994000123451,วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม,วิสาหกิจชุมชน,เชียงใหม่,แม่ริม,ริมใต้,น้ำพริกหนุ่มสมุนไพร,อาหาร,"
                    + "อาหารแปรรูป,นางสมศรี ใจดี,somsri-\(system.tag)@example.org",
                ",,,,,,แคบหมูไร้มัน,อาหาร,อาหารแปรรูป,,",
            ].joined(separator: "\n").utf8) + Array("\n".utf8))
            let enterpriseAnswer = try await api.send("POST", "/v1/imports/enterprises", token: officerToken, rawBody: enterprises,
                                                      headers: ["Content-Type": "text/csv; charset=utf-8"])
            #expect(enterpriseAnswer.status == 200, "\(enterpriseAnswer.text)")
            let enterpriseID = try #require((enterpriseAnswer.json["results"] as? [[String: Any]])?.first?["id"] as? String)

            _ = try await eventually("matching to know both imported providers", timeout: .seconds(30)) { () -> Bool? in
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
            #expect(submitted.status == 202, "\(submitted.text)")
            let requestID = try #require(submitted.json["id"] as? String)
            let reference = try #require(submitted.json["reference"] as? String)

            let proposedTo = try await eventually("the request to be proposed", timeout: .seconds(60)) { () -> String? in
                let view = try await api.send("GET", "/v1/requests/\(requestID)", token: enterpriseToken).json
                guard view["status"] as? String == "proposed" else { return nil }
                let entries = view["timeline"] as? [[String: Any]] ?? []
                return entries.compactMap { ($0["summary"] as? [String: String])?["providerId"] }.first
            }
            #expect(proposedTo == clinicID, "the imported clinic is the one provider serving this request")
            // The mailbox is shared by every system the suite starts, and references restart in each
            // system's own database: the message is ours when it goes to this run's coordinator.
            let mail = try await eventually("the proposal e-mail to the imported coordinator", timeout: .seconds(60)) {
                MailMessage.all(in: system.maildir).first {
                    $0.header("X-OTOP-Template") == "proposal-to-provider" && $0.header("To")?.contains(coordinator) == true
                }
            }
            #expect(mail.header("X-OTOP-Request") == reference)

            // The same files again: nothing changes, nothing is published.
            let outbox = try await system.count("SELECT count(*)::int8 AS n FROM intake.outbox")
            let again = try await api.send("POST", "/v1/imports/providers", token: officerToken, rawBody: providers,
                                           headers: ["Content-Type": "text/csv"])
            #expect((again.json["summary"] as? [String: Int])?["unchanged"] == 2)
            let enterprisesAgain = try await api.send("POST", "/v1/imports/enterprises", token: officerToken, rawBody: enterprises,
                                                      headers: ["Content-Type": "text/csv"])
            #expect((enterprisesAgain.json["summary"] as? [String: Int])?["unchanged"] == 1)
            #expect(try await system.count("SELECT count(*)::int8 AS n FROM intake.outbox") == outbox)
        }
    }
}
