import Foundation
import HTTPTypes
import Postgres
import Testing
@testable import IntakeService

/// `POST /v1/imports/providers` in process against the real PostgreSQL.
@Suite("Provider CSV import", .serialized)
struct ProviderImportRouteTests {
    static let header = "ชื่อหน่วยงาน,ประเภทหน่วยงาน,ด้านที่ให้บริการ,ประเภทผลิตภัณฑ์,มาตรฐาน,จังหวัดที่ให้บริการ,ภูมิภาคที่ให้บริการ,"
        + "จำนวนงานที่รับได้,ผ่านการคัดกรอง,ชื่อผู้ติดต่อ,อีเมล"

    /// Two providers; the first with lists in Thai (`;` and a line break inside a quoted cell) and a
    /// second contact person on a row of its own.
    static let lines = [
        header,
        "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้,มหาวิทยาลัย,\"กระบวนการผลิต;บรรจุภัณฑ์\nระบบมาตรฐาน\",อาหาร;เครื่องดื่ม,มผช.;GMP,"
            + "เชียงใหม่; ลำพูน,ภาคเหนือ,12,ใช่,ดร.วิภาวี ศรีสุข,wipawee@mju.example",
        ",,,,,,,,,คุณสมชาย ใจงาม,somchai@mju.example",
        "อุทยานวิทยาศาสตร์ภาคใต้,อุทยานวิทยาศาสตร์,นวัตกรรมผลิตภัณฑ์,ของใช้,,สงขลา,,20,no,คุณอามีนะห์ เจ๊ะแว,amina@sci.example",
    ]

    @Test("providers with Thai lists and several contact persons are imported and published")
    func goodFile() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let answer = try await fixture.call.post("/v1/imports/providers", csv: csvFile(Self.lines, byteOrderMark: true), token: tokens.officer)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.report()
            #expect(report.problems.isEmpty, "\(report.problems.map { "\($0.row) \($0.detail)" })")
            #expect(report.summary.created == 2)
            #expect(report.results.map(\.rows) == [[2, 3], [4]])
            let id = try #require(report.results.first?.id)
            let rows = try await fixture.pool.query("SELECT profile, qualified, capacity FROM intake.providers WHERE id = \(id)")
            let profile = try #require(try rows.first?.decodeJSON(ProfileView.self, column: "profile"))
            #expect(profile.serviceAreas == ["productionProcess", "packagingDesign", "standardsSystem"])
            #expect(profile.productTypes == ["food", "beverage"])
            #expect(profile.standards == ["tcps", "gmp"])
            #expect(profile.provinceCodes == ["TH-50", "TH-51"])
            #expect(profile.regions == ["north"])
            #expect(try rows.first?.decode(Bool.self, column: "qualified") == true)
            #expect(try rows.first?.decode(Int.self, column: "capacity") == 12)
            let contacts = try await fixture.pool.query("SELECT jsonb_array_length(contacts) AS n FROM intake.contacts WHERE party_id = \(id)")
            #expect(try contacts.first?.decode(Int.self, column: "n") == 2)
            #expect(try await fixture.outboxTypes() == ["th.otop.provider.registered.v1", "th.otop.provider.registered.v1",
                                                        "th.otop.contact.upserted.v1", "th.otop.contact.upserted.v1"])
        }
    }

    @Test("re-importing changes nothing; a changed capacity republishes the profile under the same id and first registeredAt")
    func reimport() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let first = try await fixture.call.post("/v1/imports/providers", csv: csvFile(Self.lines), token: tokens.officer).report()
            let again = try await fixture.call.post("/v1/imports/providers", csv: csvFile(Self.lines), token: tokens.officer).report()
            #expect(again.summary.unchanged == 2 && again.summary.created == 0 && again.summary.updated == 0)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.providers") == 2)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.outbox") == 4)

            var changed = Self.lines
            changed[3] = changed[3].replacingOccurrences(of: ",20,no,", with: ",25,no,")
            let update = try await fixture.call.post("/v1/imports/providers", csv: csvFile(changed), token: tokens.officer).report()
            #expect(update.summary.updated == 1 && update.summary.unchanged == 1)
            let id = try #require(first.results.last?.id)
            #expect(update.results.last?.id == id)
            let events = try await fixture.pool.query("""
                SELECT convert_from(payload, 'UTF8')::jsonb -> 'data' AS data FROM intake.outbox
                WHERE headers->>'ce_type' = 'th.otop.provider.registered.v1' ORDER BY seq
                """).map { try $0.decodeJSON(ProfileView.self, column: "data") }
            #expect(events.count == 3)
            #expect(events.last?.providerId == id && events.last?.capacity == 25)
            #expect(events.last?.registeredAt == events[1].registeredAt)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.providers WHERE capacity = 25") == 1)
        }
    }

    @Test("a provider without provinces or regions, or whose name is stored twice, is reported")
    func refusedProviders() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            // The API lets a name be registered twice; an import cannot tell which one it means.
            let body = #"{"name": "ศูนย์ออกแบบสิ่งทอ", "kind": "institute", "serviceAreas": ["productInnovation"], "productTypes": ["textile"], "provinceCodes": ["TH-50"], "capacity": 5, "qualified": true, "contacts": [{"name": "คุณกิตติ", "email": "kitti@example.org"}]}"#
            for _ in 0..<2 {
                let registered = try await fixture.call.post("/v1/providers", csv: Array(body.utf8), token: tokens.officer,
                                                        contentType: "application/json")
                try #require(registered.status == .created, "\(registered.text)")
            }
            let lines = [
                Self.header,
                "ศูนย์ออกแบบสิ่งทอ,สถาบัน,นวัตกรรมผลิตภัณฑ์,ผ้า,,เชียงใหม่,,5,ใช่,คุณกิตติ,kitti@example.org",
                "ห้องปฏิบัติการอาหารปลอดภัย,ห้องปฏิบัติการเอกชน,ระบบมาตรฐาน,อาหาร,อย.,,,3,ใช่,คุณนภา,napa@example.org",
                "ศูนย์วิจัยสมุนไพร,วิทยาลัย,วัตถุดิบ,สมุนไพร,,ตาก,ภาคตะวันตก,4,บางที,คุณเอก,ek@example.org",
            ]
            let report = try await fixture.call.post("/v1/imports/providers", csv: csvFile(lines), token: tokens.officer).report()
            #expect(Set(report.problems.map { "\($0.row) \($0.field ?? "-") \($0.code)" }) == [
                "2 name ambiguous", "3 provinceCodes no-area-served", "4 kind not-accepted", "4 qualified not-accepted",
            ])
            #expect(report.summary.failed == 3)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.providers") == 2)
        }
    }
}

/// The profile fields a test reads back.
struct ProfileView: Decodable {
    var providerId: UUID
    var serviceAreas: [String]
    var productTypes: [String]
    var standards: [String]
    var provinceCodes: [String]
    var regions: [String]
    var capacity: Int
    var registeredAt: String
}
