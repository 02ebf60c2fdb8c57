import Domain
import Foundation
import HTTPTypes
import Postgres
import Testing
@testable import IntakeService

/// `POST /v1/imports/history` in process against the real PostgreSQL: the coupons of past fiscal
/// years land in `intake.historical_coupons` only (no enterprise, no request, no event), importing
/// the same file again changes nothing, and every bad cell is reported by row and column.
@Suite("Historical CSV import", .serialized)
struct HistoryImportRouteTests {
    static let header = "ปีงบประมาณ,ไตรมาส,รหัสโครงการ,เลขทะเบียน,ชื่อสถานประกอบการ,จังหวัด,ชื่อผลิตภัณฑ์,ประเภทผลิตภัณฑ์,"
        + "ด้านที่ได้รับการพัฒนา,มาตรฐาน,มูลค่าคูปอง (บาท),หน่วยให้บริการ,ดำเนินการแล้วเสร็จ,ได้รับการรับรองมาตรฐาน,หมายเหตุ"

    /// Four coupons of three establishments: the Mae Rim group twice (FY2560 with a project code,
    /// FY2562 without one: by its registration number), a weaving group without a registration
    /// number (by province and name), and a herbal group in the south.
    static let goodLines = [
        header,
        "2560,2,OTOP60-N-001,0994000123451,วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม,เชียงใหม่,น้ำพริกหนุ่มสมุนไพร,อาหาร,"
            + #"บรรจุภัณฑ์; ระบบมาตรฐาน,มผช.,"150,000",คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้,แล้วเสร็จ,ใช่,"#,
        "2562,,,0994000123451,วิสาหกิจชุมชนกลุ่มแม่บ้านเกษตรกรบ้านแม่ริม,เชียงใหม่,แคบหมู,อาหาร,กระบวนการผลิต,,100000,"
            + "คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้,อยู่ระหว่างดำเนินการ,,ส่งรายงานล่าช้า",
        "2561,,,,กลุ่มทอผ้าไหมบ้านนาโพธิ์,บุรีรัมย์,ผ้าไหมมัดหมี่,ผ้า,นวัตกรรมผลิตภัณฑ์,,120000,มหาวิทยาลัยราชภัฏบุรีรัมย์,ใช่,ไม่,",
        "2565,4,OTOP65-S-014,0994000123469,กลุ่มสมุนไพรบ้านควนลัง,สงขลา,ยาหม่องสมุนไพร,สมุนไพร,ระบบมาตรฐาน,มผช.,80000,"
            + "มหาวิทยาลัยสงขลานครินทร์,แล้วเสร็จ,ได้รับ,",
    ]

    @Test("a Thai file is stored as history only: no enterprise, request or event; each establishment keyed once")
    func goodFile() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let answer = try await fixture.call.post("/v1/imports/history", csv: csvFile(Self.goodLines, byteOrderMark: true),
                                                     token: tokens.officer)
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.report()
            #expect(report.kind == .history)
            #expect(report.problems.isEmpty, "\(report.problems.map(\.detail))")
            #expect(report.summary.created == 4 && report.summary.failed == 0)
            #expect(report.ignoredColumns == ["หมายเหตุ"])
            #expect(report.results.map(\.rows) == [[2], [3], [4], [5]])
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.historical_coupons") == 4)
            #expect(try await fixture.count("SELECT count(DISTINCT establishment_key)::int8 AS n FROM intake.historical_coupons") == 3)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.enterprises") == 0)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.requests") == 0)
            #expect(try await fixture.outboxTypes().isEmpty)

            let rows = try await fixture.pool.query("""
                SELECT fiscal_year, quarter, province_code, product_type, service_areas, standard, coupon_baht, completed,
                       certificate_obtained, establishment_key
                FROM intake.historical_coupons WHERE project_code = 'OTOP60-N-001'
                """)
            let first = try #require(rows.first)
            #expect(try first.decode(Int.self, column: "fiscal_year") == 2560)
            #expect(try first.decode(Int?.self, column: "quarter") == 2)
            #expect(try first.decode(String.self, column: "province_code") == "TH-50")
            #expect(try first.decode(ProductType.self, column: "product_type") == .food)
            #expect(try first.decode([ServiceArea].self, column: "service_areas") == [.packagingDesign, .standardsSystem])
            #expect(try first.decode(StandardCode?.self, column: "standard") == .tcps)
            #expect(try first.decode(Int.self, column: "coupon_baht") == 150_000)
            #expect(try first.decode(Bool?.self, column: "completed") == true)
            #expect(try first.decode(Bool?.self, column: "certificate_obtained") == true)
            #expect(try first.decode(String.self, column: "establishment_key") == "0994000123451")
            let weaving = try await fixture.pool.query("""
                SELECT establishment_key, completed, certificate_obtained FROM intake.historical_coupons WHERE province_code = 'TH-31'
                """)
            #expect(try weaving.first?.decode(String.self, column: "establishment_key").hasPrefix("TH-31:") == true)
            #expect(try weaving.first?.decode(Bool?.self, column: "certificate_obtained") == false)
            let open = try await fixture.pool.query("SELECT completed, certificate_obtained FROM intake.historical_coupons WHERE fiscal_year = 2562")
            #expect(try open.first?.decode(Bool?.self, column: "completed") == false)
            #expect(try open.first?.decode(Bool?.self, column: "certificate_obtained") == nil)
        }
    }

    @Test("importing the same file again changes nothing; a changed value updates that coupon only")
    func reimport() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let file = csvFile(Self.goodLines)
            #expect(try await fixture.call.post("/v1/imports/history", csv: file, token: tokens.officer).report().summary.created == 4)
            let before = try await Self.snapshot(fixture)

            let again = try await fixture.call.post("/v1/imports/history", csv: file, token: tokens.operatorToken).report()
            #expect(again.summary.unchanged == 4 && again.summary.created == 0 && again.summary.updated == 0)
            #expect(try await Self.snapshot(fixture) == before)

            var changed = Self.goodLines
            changed[4] = changed[4].replacingOccurrences(of: ",80000,", with: ",85000,")
            let update = try await fixture.call.post("/v1/imports/history", csv: csvFile(changed), token: tokens.officer).report()
            #expect(update.summary.updated == 1 && update.summary.unchanged == 3)
            #expect(update.results.first { $0.outcome != .unchanged }?.rows == [5])
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.historical_coupons") == 4)
            #expect(try await fixture.count("SELECT sum(coupon_baht)::int8 AS n FROM intake.historical_coupons") == 455_000)
            #expect(try await fixture.outboxTypes().isEmpty)
        }
    }

    @Test("each bad cell is reported by row and column; a coupon listed twice fails on its second row; the good rows are imported")
    func badRows() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let lines = [
                Self.header,
                Self.goodLines[1],
                "2559,,,,กลุ่มก่อนโครงการ,เชียงใหม่,,อาหาร,บรรจุภัณฑ์,,50000,,,,",                       // before FY2560
                "2017,,,,กลุ่มปีคริสต์ศักราช,เชียงใหม่,,อาหาร,บรรจุภัณฑ์,,50000,,,,",                       // a Common Era year
                "2563,5,,0994000165160,กลุ่มเลขผิด,เมืองสมมุติ,,ขนม,บรรจุภัณฑ์,,50000,,,,",              // quarter, number, province, type
                "2563,,,,,เชียงใหม่,,อาหาร,,,,,,,",                                                     // name, areas and value missing
                "2564,,,,กลุ่มคูปองแพง,เชียงใหม่,,อาหาร,บรรจุภัณฑ์,,20000000,,บางส่วน,,",               // too much; unknown word
                Self.goodLines[1].replacingOccurrences(of: "\"150,000\"", with: "140000"),                // OTOP60-N-001 again
                Self.goodLines[3],
            ]
            let answer = try await fixture.call.post("/v1/imports/history", csv: csvFile(lines), token: tokens.officer, language: "en")
            #expect(answer.status == .ok, "\(answer.text)")
            let report = try answer.report()
            let found = Set(report.problems.map { "\($0.row) \($0.field ?? "-") \($0.code)" })
            #expect(found == [
                "3 fiscalYear out-of-range",
                "4 fiscalYear common-era-year",
                "5 quarter out-of-range", "5 registrationNumber registration-number", "5 province unknown-province",
                "5 productType not-accepted",
                "6 name required", "6 serviceAreas required", "6 couponBaht required",
                "7 couponBaht out-of-range", "7 completed not-accepted",
                "8 projectCode same-coupon",
            ], "\(report.problems.map { "\($0.row) \($0.field ?? "-") \($0.code): \($0.detail)" })")
            #expect(report.problems.first { $0.row == 8 }?.detail.contains("row 2") == true)
            #expect(report.problems.first { $0.row == 3 }?.column == "ปีงบประมาณ")
            #expect(report.summary.created == 2 && report.summary.failed == 6)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.historical_coupons") == 2)
        }
    }

    @Test("a dry run reports what an import would do and writes nothing")
    func dryRun() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let report = try await fixture.call.post("/v1/imports/history?dryRun=true", csv: csvFile(Self.goodLines),
                                                     token: tokens.officer).report()
            #expect(report.dryRun && report.summary.created == 4)
            #expect(try await fixture.count("SELECT count(*)::int8 AS n FROM intake.historical_coupons") == 0)
        }
    }

    @Test("officers of the whole country and operators import; a scoped officer, the ministry, enterprises, providers and anonymous callers cannot")
    func roles() async throws {
        try await RouteFixture.with { fixture in
            let tokens = try await RoleTokens(fixture)
            let file = csvFile(Self.goodLines)
            let scoped = try await fixture.token(.officer, region: .north)
            let ministry = try await fixture.token(.ministry)
            for (token, status) in [(tokens.operatorToken, 200), (scoped, 403), (ministry, 403), (tokens.enterprise, 403),
                                    (tokens.provider, 403), (nil, 401)] as [(String?, Int)] {
                let answer = try await fixture.call.post("/v1/imports/history?dryRun=true", csv: file, token: token)
                #expect(Int(answer.status.code) == status, "\(answer.text)")
            }
        }
    }

    /// Every stored coupon as text, to compare before and after a re-import (`updated_at` included).
    static func snapshot(_ fixture: RouteFixture) async throws -> [String] {
        try await fixture.pool.query("SELECT to_jsonb(h)::text AS row FROM intake.historical_coupons h ORDER BY natural_key")
            .map { try $0.decode(String.self, column: "row") }
    }
}
