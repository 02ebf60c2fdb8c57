import Domain
import Foundation
import HTTPTypes
import Postgres
import Testing
@testable import IntakeService

/// `POST /v1/imports/enterprises` in process against the real PostgreSQL: what is stored, what is
/// published (the outbox), and what the report says, row by row.
@Suite("Enterprise CSV import", .serialized)
struct EnterpriseImportRouteTests {
    static let header = "เลขทะเบียน,ชื่อวิสาหกิจ,ประเภทผู้ประกอบการ,จังหวัด,อำเภอ,ตำบล,ชื่อผลิตภัณฑ์,ประเภทผลิตภัณฑ์,กลุ่มอาหาร,"
        + "ระดับดาว,ปีที่คัดสรร,ชื่อผู้ติดต่อ,ตำแหน่ง,โทรศัพท์,อีเมล,ช่องทางติดต่อ,หมายเหตุ"

    /// Two enterprises in four spreadsheet rows: the first with two products (the second row leaves
    /// the enterprise's cells blank, as merged cells export), a quoted name with a comma, a quoted
    /// list cell and a quoted note holding line breaks.
    static let goodLines = [
        header,
        #"0994000123451,วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม,วิสาหกิจชุมชน,เชียงใหม่,แม่ริม,ริมใต้,น้ำพริกหนุ่มสมุนไพร,อาหาร,อาหารแปรรูป,3,2565,นางสมศรี ใจดี,ประธานกลุ่ม,081-234-5678,somsri@example.org,"อีเมล"#
            + "\r\n" + #"เอสเอ็มเอส","ส่งตัวอย่าง"# + "\r\n" + #"ครั้งที่ 2""#,
        #",,,,,,"แคบหมู, สูตรไร้มัน",อาหาร,อาหารแปรรูป,,,,,,,,"#,
        "0994000123469,กลุ่มทอผ้าไหมบ้านนาโพธิ์,community enterprise,TH-31,นาโพธิ์,,ผ้าไหมมัดหมี่ลายโบราณ,textile,,4,2565,"
            + "นางบุญมี ทองดี,,,boonmee@example.org,,",
    ]

    @Test("a file with a BOM, Thai headers, CRLF and quoted commas and line breaks is imported and published")
    func goodFile() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let answer = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(Self.goodLines, byteOrderMark: true),
                                                token: tokens.officer)
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.headers[.contentLanguage] == "th")
            let report = try answer.report()
            #expect(report.problems.isEmpty, "\(report.problems.map(\.detail))")
            #expect(report.rows == 3)
            #expect(report.summary.created == 2 && report.summary.failed == 0)
            #expect(report.ignoredColumns == ["หมายเหตุ"])
            #expect(report.results.map(\.rows) == [[2, 3], [4]])
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 2)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.products") == 3)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.contacts") == 2)
            #expect(try await fixture.outboxTypes() == ["th.otop.enterprise.registered.v1", "th.otop.enterprise.registered.v1",
                                                        "th.otop.contact.upserted.v1", "th.otop.contact.upserted.v1"])

            let id = try #require(report.results.first?.id)
            let enterprise = try await fixture.call.send(.get, "/v1/enterprises/\(id.lowercased)", token: tokens.officer)
            #expect(enterprise.status == .ok)
            let view = try enterprise.decode(EnterpriseView.self)
            #expect(view.provinceCode == "TH-50")
            #expect(view.kind == "communityEnterprise")
            #expect(Set(view.products.map(\.name)) == ["น้ำพริกหนุ่มสมุนไพร", "แคบหมู, สูตรไร้มัน"])
            let contacts = try await fixture.pool.query("SELECT contacts FROM intake.contacts WHERE party_id = \(id)")
            let person = try #require(try contacts.first?.decodeJSON([[String: AnyCodable]].self, column: "contacts").first)
            #expect(person["phone"]?.text == "+66812345678")
            #expect(person["channels"]?.list == ["email", "sms"])
        }
    }

    @Test("LF line ends without a BOM, English headers and English or code values read the same")
    func englishHeadersAndLF() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [
                "registrationNumber,name,kind,province,district,productName,productType,contactName,contactEmail",
                "0994000123477,Ban Rai Weaving Group,sme,Uthai Thani,Ban Rai,Cotton scarf,Textiles and apparel,Malee,malee@example.org",
            ]
            let answer = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(lines, lineEnd: "\n"), token: tokens.operatorToken,
                                                language: "en-GB,en;q=0.9,th;q=0.5")
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer.headers[.contentLanguage] == "en")
            #expect(try answer.report().summary.created == 1)
            let rows = try await fixture.pool.query("SELECT province_code, kind FROM intake.enterprises")
            #expect(try rows.first?.decode(String.self, column: "province_code") == "TH-61")
            #expect(try rows.first?.decode(String.self, column: "kind") == "sme")
        }
    }

    @Test("each bad cell is reported by row and column, in Thai or English; the good rows are imported")
    func badRows() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [
                Self.header,
                // 2: the check digit is wrong.
                "0994000123452,กลุ่มดอกไม้ประดิษฐ์,วิสาหกิจชุมชน,ลำพูน,เมืองลำพูน,,ดอกไม้ใบเตย,ของใช้,,,,นางแก้ว,,,kaew@example.org,,",
                // 3: not a province; 6 stars; a Common-Era year.
                "0994000123485,กลุ่มผ้าทอ,วิสาหกิจชุมชน,เชียงม่วน,เมือง,,ผ้าทอ,ผ้า,,6,2022,นางจันทร์,,,chan@example.org,,",
                // 4: a food subgroup on a textile; a phone that is not Thai; SMS without a phone.
                "0994000123493,กลุ่มจักสาน,วิสาหกิจชุมชน,TH-40,เมือง,,ตะกร้า,ของใช้,อาหารแปรรูป,,,นายดำ,,12345,dam@example.org,sms,",
                // 5: good.
                "0994000123507,กลุ่มน้ำผึ้งป่า,วิสาหกิจชุมชน,น่าน,เมืองน่าน,,น้ำผึ้งป่า,อาหาร,ผลผลิตแปรรูปขั้นต้น,,,นายเขียว,,0891234567,,,",
                // 6: product cells without a product name; a contact without any address.
                "0994000123515,กลุ่มสมุนไพร,วิสาหกิจชุมชน,แพร่,เมือง,,,สมุนไพร,,,,นายแดง,,,,,",
                // 7: one cell short (an unclosed quote would do this).
                "0994000123523,กลุ่มเซรามิก,วิสาหกิจชุมชน,ลำปาง,เมือง,,ชามตราไก่,ของใช้,,,,นายขาว,,,khao@example.org",
            ]
            let answer = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(lines), token: tokens.officer)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.report()
            let found = Set(report.problems.map { "\($0.row) \($0.column ?? "-") \($0.code)" })
            #expect(found == [
                "2 เลขทะเบียน registration-number",
                "3 จังหวัด unknown-province", "3 ระดับดาว out-of-range", "3 ปีที่คัดสรร common-era-year",
                "4 กลุ่มอาหาร food-subgroup", "4 โทรศัพท์ phone",
                "6 ชื่อผลิตภัณฑ์ details-without-name", "6 อีเมล contact-address",
                "7 - too-few-cells",
            ])
            #expect(report.summary.created == 1 && report.summary.failed == 5)
            #expect(report.problems.first { $0.row == 2 }?.detail == "เลขทะเบียนไม่ถูกต้อง (หลักตรวจสอบไม่ตรง)")
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 1)

            let english = try await fixture.call.post("/v1/imports/enterprises?dryRun=true", csv: csvFile(lines), token: tokens.officer,
                                                 language: "en")
            let detail = try english.report().problems.first { $0.row == 3 && $0.field == "opcYear" }?.detail
            #expect(detail == "use the Buddhist-Era year, e.g. 2565 instead of 2022")
        }
    }

    @Test("a failing row leaves nothing of its enterprise: no row, no product, no contact, no event")
    func failingRowLeavesNothing() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [
                Self.header,
                "0994000123531,กลุ่มแปรรูปกล้วย,วิสาหกิจชุมชน,พิษณุโลก,บางกระทุ่ม,,กล้วยตากบางกระทุ่ม,อาหาร,อาหารแปรรูป,5,2566,นางกล้วย หอมหวาน,,,kluay@example.org,,",
                ",,,,,,กล้วยอบเนย,อาหาร,อาหารแปรรูป,,,,,,,,",
                ",,,,,,กล้วยฉาบ,ขนม,,,,,,,,,",
            ]
            let answer = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(lines), token: tokens.officer)
            let report = try answer.report()
            #expect(report.summary.failed == 1 && report.summary.created == 0)
            #expect(report.results.first?.rows == [2, 3, 4])
            #expect(Set(report.problems.map { "\($0.row) \($0.code)" }) == ["2 party-row-failed", "3 party-row-failed", "4 not-accepted"])
            for table in ["enterprises", "products", "contacts", "outbox"] {
                #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.\(table)") == 0, "intake.\(table)")
            }
        }
    }

    @Test("rows of one enterprise that disagree are reported against the first row")
    func disagreeingRows() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [
                Self.header,
                "0994000123540,กลุ่มผ้าบาติก,วิสาหกิจชุมชน,กระบี่,เมืองกระบี่,,ผ้าบาติกลายปลา,ผ้า,,,,นางบาติก,,,batik@example.org,,",
                "0994000123540,กลุ่มผ้าบาติก,วิสาหกิจชุมชน,ภูเก็ต,เมืองกระบี่,,ผ้าบาติกลายปลา,ผ้า,,3,2566,,,,,,",
            ]
            let report = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(lines), token: tokens.officer).report()
            #expect(Set(report.problems.map { "\($0.row) \($0.field ?? "-") \($0.code)" })
                    == ["3 province differs-from-row", "3 productName listed-again-differently", "2 - party-row-failed"])
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 0)
        }
    }

    @Test("importing the same file again changes nothing; a changed row updates and publishes only the change")
    func reimport() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let file = csvFile(Self.goodLines, byteOrderMark: true)
            _ = try await fixture.call.post("/v1/imports/enterprises", csv: file, token: tokens.officer)
            let tables = ["enterprises", "products", "contacts", "outbox"]
            var before: [String: Int] = [:]
            for table in tables { before[table] = try await fixture.count("SELECT count(*)::int8 AS n FROM intake.\(table)") }
            let stored = try await fixture.pool.query("SELECT party_id, updated_at::text AS at FROM intake.contacts ORDER BY party_id")

            let again = try await fixture.call.post("/v1/imports/enterprises", csv: file, token: tokens.officer).report()
            #expect(again.summary.unchanged == 2 && again.summary.created == 0 && again.summary.updated == 0)
            for table in tables {
                #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.\(table)") == before[table], "intake.\(table)")
            }
            let after = try await fixture.pool.query("SELECT party_id, updated_at::text AS at FROM intake.contacts ORDER BY party_id")
            #expect(try after.map { try $0.decode(String.self, column: "at") } == stored.map { try $0.decode(String.self, column: "at") })

            // Stars 3 -> 4 on the first product, a new product for the weavers: two enterprises updated,
            // two enterprise.updated events, no contact event (nobody's contacts changed).
            var changed = Self.goodLines
            changed[1] = changed[1].replacingOccurrences(of: ",3,2565,", with: ",4,2567,")
            changed.append(",,,,,,ผ้าไหมแพรวา,textile,,,,,,,,,")
            let update = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(changed), token: tokens.officer).report()
            #expect(update.summary.updated == 2 && update.summary.unchanged == 0, "\(update.problems.map(\.detail))")
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 2)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.products") == 4)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.products WHERE opc_stars = 4 AND opc_year = 2567") == 1)
            #expect(try await fixture.outboxTypes().suffix(2) == ["th.otop.enterprise.updated.v1", "th.otop.enterprise.updated.v1"])
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.outbox") == before["outbox"]! + 2)

            // A new phone number: only the contacts change and are published.
            var phone = changed
            phone[1] = phone[1].replacingOccurrences(of: "081-234-5678", with: "089-999-0000")
            let contact = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(phone), token: tokens.officer).report()
            #expect(contact.summary.updated == 1 && contact.summary.unchanged == 1)
            #expect(try await fixture.outboxTypes().last == "th.otop.contact.upserted.v1")
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.outbox") == before["outbox"]! + 3)
        }
    }

    @Test("a dry run reports what an import would do and writes nothing")
    func dryRun() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let answer = try await fixture.call.post("/v1/imports/enterprises?dryRun=true", csv: csvFile(Self.goodLines), token: tokens.officer)
            let report = try answer.report()
            #expect(report.dryRun)
            #expect(report.summary.created == 2)
            #expect(report.results.allSatisfy { $0.id == nil })
            for table in ["enterprises", "products", "contacts", "outbox"] {
                #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.\(table)") == 0, "intake.\(table)")
            }
            _ = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(Self.goodLines), token: tokens.officer)
            let second = try await fixture.call.post("/v1/imports/enterprises?dryRun=true", csv: csvFile(Self.goodLines), token: tokens.officer)
            #expect(try second.report().summary.unchanged == 2)
            let bad = try await fixture.call.post("/v1/imports/enterprises?dryRun=maybe", csv: csvFile(Self.goodLines), token: tokens.officer)
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("officers and operators import; enterprises, providers and anonymous callers cannot")
    func roles() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let file = csvFile(Self.goodLines)
            for token in [tokens.enterprise, tokens.provider] {
                for kind in ["enterprises", "providers"] {
                    let answer = try await fixture.call.post("/v1/imports/\(kind)?dryRun=true", csv: file, token: token)
                    #expect(answer.status == .forbidden)
                }
            }
            let anonymous = try await fixture.call.post("/v1/imports/enterprises", csv: file, token: nil)
            #expect(anonymous.status == .unauthorized)
            let officer = try await fixture.call.post("/v1/imports/enterprises?dryRun=true", csv: file, token: tokens.officer)
            #expect(officer.status == .ok)
            let operatorAnswer = try await fixture.call.post("/v1/imports/enterprises?dryRun=true", csv: file, token: tokens.operatorToken)
            #expect(operatorAnswer.status == .ok)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 0)
        }
    }

    @Test("a column named twice (จังหวัด beside province code) is read from both: a row whose cells differ fails naming both")
    func repeatedColumn() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [Self.goodLines[0] + ",province code", Self.goodLines[1] + ",เชียงใหม่ ", Self.goodLines[2] + ",",
                         Self.goodLines[3] + ",TH-50"]
            let answer = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(lines), token: tokens.officer, language: "en")
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.report()
            #expect(report.repeatedColumns == ["province code"])
            #expect(report.summary.created == 1 && report.summary.failed == 1)
            let problem = try #require(report.problems.first { $0.code == "repeated-columns-disagree" })
            #expect(problem.row == 4 && problem.field == "province" && problem.column == "จังหวัด")
            #expect(problem.detail.contains("'จังหวัด', 'province code'") && problem.detail.contains("'TH-31', 'TH-50'"), "\(problem.detail)")
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 1)
        }
    }

    @Test("a file that is not UTF-8 CSV with the required columns is refused whole with a problem")
    func refusedFiles() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let good = csvFile(Self.goodLines)
            let json = try await fixture.call.post("/v1/imports/enterprises", csv: good, token: tokens.officer, contentType: "application/json")
            #expect(json.status == .unsupportedMediaType)
            #expect(json.headers[.contentType] == "application/problem+json")

            // ชื่อ in Windows-874 (TIS-620), as an old Excel "CSV" on a Thai Windows saves it.
            let tis620 = Array("registrationNumber,name\n0994000123451,".utf8) + [0xAA, 0xD7, 0xE8, 0xCD] + Array("\n".utf8)
            let legacy = try await fixture.call.post("/v1/imports/enterprises", csv: tis620, token: tokens.officer)
            #expect(legacy.status == .unprocessableContent)
            #expect(legacy.problem?.detail?.contains("แถว 2") == true, "\(legacy.text)")

            let missing = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(["ชื่อวิสาหกิจ,จังหวัด", "ก,TH-50"]),
                                                 token: tokens.officer, language: "en")
            #expect(missing.status == .unprocessableContent)
            let fields = missing.pointers
            #expect(fields == ["/registrationNumber", "/kind", "/district", "/productName", "/productType", "/contactName"])

            let semicolons = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(["registrationNumber;name", "1;2"]),
                                                    token: tokens.officer)
            #expect(semicolons.status == .unprocessableContent)

            let huge = [UInt8](repeating: UInt8(ascii: "a"), count: ImportLimits.maxBytes + 1)
            let tooLarge = try await fixture.call.post("/v1/imports/enterprises", csv: huge, token: tokens.officer)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("POST /v1/enterprises with a registration number an import stored answers 409 naming it")
    func registrationNumberIsUnique() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            _ = try await fixture.call.post("/v1/imports/enterprises", csv: csvFile(Self.goodLines), token: tokens.officer)
            let body = #"{"name": "ซ้ำ", "kind": "sme", "registrationNumber": "0994000123451", "provinceCode": "TH-50", "district": "เมือง", "products": [{"name": "x", "productType": "food"}], "contacts": [{"name": "y", "email": "y@example.org"}]}"#
            let answer = try await fixture.call.post("/v1/enterprises", csv: Array(body.utf8), token: tokens.officer,
                                                contentType: "application/json")
            #expect(answer.status == .conflict)
            #expect(answer.problem?.errors?.first?.pointer == "/registrationNumber")
        }
    }
}

/// A JSON value of a stored contact, for reading a few fields back.
enum AnyCodable: Decodable {
    case text(String)
    case list([String])
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            self = .other
        }
    }

    var text: String? { if case .text(let value) = self { value } else { nil } }
    var list: [String]? { if case .list(let value) = self { value } else { nil } }
}
